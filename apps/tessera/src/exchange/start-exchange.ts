// SPDX-License-Identifier: Apache-2.0
import type { Clock, Storage } from '@tessera/platform';
import { httpTimeStampAuthority, loadGatewayIdentity, registry, renewGatewayIdentity, stampAndArchive, startGateway, type GatewayIdentity, type GatewayLogger, type RunningGateway } from '@tessera/exchange';
import type { TrustDeps } from '@tessera/trust';
import { BENEFITS_GRANTS, BENEFITS_SERVICES } from '../benefits/benefits-exchange.ts';
import { CREDENTIAL_GRANTS, CREDENTIAL_SERVICES, CREDENTIAL_SUBSYSTEMS, ISSUER_MEMBER } from '../mobile-credentials/credentials-exchange.ts';
import { enrolMembers, unregisterGateway } from './enrol-members.ts';
import { hostedAgencies, hostedClientCredentials } from './hosted-agencies.ts';
import { CENTRE_SUBSYSTEMS, INSTANCE, MEMBERS, type MemberKey } from './members.ts';

export interface RunningExchange {
  gateways: Record<MemberKey, RunningGateway>;
  /** The registry's latest signed global configuration (what GET /exchange/global-configuration serves). */
  configuration(): string;
  /** Signs and hands the gateways a new global configuration now (it also runs every minute). */
  publish(): Promise<void>;
  /** Time-stamps every gateway's pending log entries now (it also runs every five seconds). */
  stamp(): Promise<unknown>;
  close(): Promise<void>;
}

/** The gateways' names as their logs and certificates carry them. */
export const gatewayNames = () => Object.values(MEMBERS).map((m) => `${INSTANCE}/${m.memberClass}/${m.memberCode}/gw1`);

/** A member's subsystem: its main one, or one of the partner's centres. */
export type Subsystem = { member: MemberKey; subsystem: string };
const main = (member: MemberKey): Subsystem => ({ member, subsystem: MEMBERS[member].subsystem });
const centres = (): Subsystem[] => Object.values(CENTRE_SUBSYSTEMS).map((subsystem) => ({ member: 'centre', subsystem }));

/** Every subsystem of the federation: each member's main one, each of the partner's centres, and the agencies' registers credentials come from. */
export const SUBSYSTEMS: Subsystem[] = [...(Object.keys(MEMBERS) as MemberKey[]).filter((m) => m !== 'centre').map(main), ...centres(), ...CREDENTIAL_SUBSYSTEMS];

type Grant = [client: Subsystem, provider: Subsystem, serviceCode: string];

/**
 * Who may call what: every centre subsystem the authority's card services, the authority each
 * centre's shipments service, the welfare agency's eligibility checks, the credential issuer its
 * agencies' registers and the authority's data tracker (the verifier's reports).
 */
export const GRANTS: Grant[] = [
  ...centres().flatMap((c): Grant[] => [[c, main('authority'), 'card-manifests'], [c, main('authority'), 'handovers'], [c, main('authority'), 'custody'], [c, main('authority'), 'identities'], [c, main('authority'), 'biometric-checks'], [c, main('authority'), 'reconciliations'], [c, main('authority'), 'centre-logs'], [main('authority'), c, 'shipments'], [main('authority'), c, 'suspensions']]),
  [main('welfare'), main('population'), 'persons'],
  [main('welfare'), main('tax'), 'income'],
  ...BENEFITS_GRANTS.map(([client, provider, serviceCode]): Grant => [main(client), main(provider), serviceCode]),
  ...CREDENTIAL_GRANTS.map((g): Grant => [main(ISSUER_MEMBER), g.provider, g.serviceCode]),
  [main(ISSUER_MEMBER), main('authority'), 'data-tracker'],
];

export const SERVICES: Array<Subsystem & { serviceCode: string; path: string; endpoints: Array<{ method: string; path: string }>; handlesPersonalData: boolean }> = [
  { ...main('authority'), serviceCode: 'card-manifests', path: '/authority/card-manifests', endpoints: [{ method: 'GET', path: '/cards' }], handlesPersonalData: false },
  { ...main('authority'), serviceCode: 'handovers', path: '/authority/handovers', endpoints: [{ method: 'POST', path: '/handovers/*' }], handlesPersonalData: false },
  { ...main('authority'), serviceCode: 'identities', path: '/authority/identities', endpoints: [{ method: 'GET', path: '/identities/*' }], handlesPersonalData: true },
  { ...main('authority'), serviceCode: 'biometric-checks', path: '/authority/biometric-checks', endpoints: [{ method: 'POST', path: '/checks/*' }], handlesPersonalData: false },
  { ...main('authority'), serviceCode: 'reconciliations', path: '/authority/reconciliations', endpoints: [{ method: 'POST', path: '/reports' }], handlesPersonalData: false },
  { ...main('authority'), serviceCode: 'centre-logs', path: '/authority/centre-logs', endpoints: [{ method: 'GET', path: '/tree-heads/latest' }, { method: 'POST', path: '/tree-heads' }], handlesPersonalData: false },
  { ...main('authority'), serviceCode: 'custody', path: '/authority/custody', endpoints: [{ method: 'POST', path: '/reports' }], handlesPersonalData: false },
  // The person's data tracker, for releases outside any exchange message (the verifier's). Not
  // itself a read of personal data: each message is the record of one release, kept as such.
  { ...main('authority'), serviceCode: 'data-tracker', path: '/authority/data-tracker', endpoints: [{ method: 'POST', path: '/accesses' }], handlesPersonalData: false },
  ...centres().map((c) => ({ ...c, serviceCode: 'shipments', path: '/centre/shipments', endpoints: [{ method: 'POST', path: '/manifests' }], handlesPersonalData: false })),
  ...centres().map((c) => ({ ...c, serviceCode: 'suspensions', path: '/centre/suspensions', endpoints: [{ method: 'POST', path: '/notices' }], handlesPersonalData: false })),
  { ...main('population'), serviceCode: 'persons', path: '/population/persons', endpoints: [{ method: 'GET', path: '/*' }], handlesPersonalData: true },
  { ...main('tax'), serviceCode: 'income', path: '/tax/income', endpoints: [{ method: 'GET', path: '/*' }], handlesPersonalData: true },
  ...BENEFITS_SERVICES.map((s) => ({ ...main(s.member), ...s })),
  ...CREDENTIAL_SERVICES,
];

/**
 * The federation's exchange: the registry with its members, their services and rights,
 * one gateway per member on loopback, and a signed global configuration the gateways refresh
 * every minute (valid for 15). Each gateway keeps its identity across starts, as a gateway process
 * does: its keys and certificates are stored sealed under the KEK (`kek`, 32 bytes) and a start
 * unseals them; the first start, or one within 30 days of expiry, provisions the next generation.
 */
export async function startExchange(o: { storage: Storage; clock: Clock; trust: TrustDeps; kek: Uint8Array; servicesUrl: string; centreServicesUrl: string; tsaUrl: string; archiveDir: string; clientCredentialsDir: string; fetch: typeof fetch; logger: GatewayLogger; onError: (error: unknown, job: 'exchange-configuration' | 'exchange-stamping' | 'exchange-renew-identity') => void }): Promise<RunningExchange> {
  const deps = { db: o.storage.db, clock: o.clock };
  await enrolMembers(deps, o.trust);
  const key = await crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify']);
  let latest = '';
  const clients: Array<ReturnType<typeof registry.createConfigurationClient>> = [];
  const gateways = {} as Record<MemberKey, RunningGateway>;
  const identities = {} as Record<MemberKey, GatewayIdentity>;
  const identityRequest = (m: (typeof MEMBERS)[MemberKey]) => ({ instance: INSTANCE, memberClass: m.memberClass, memberCode: m.memberCode, memberName: m.name, serverCode: 'gw1', dnsNames: ['localhost'] });
  const publish = async () => {
    latest = (await registry.publishGlobalConfiguration(deps, 'registry-operator', { instance: INSTANCE, validityMinutes: 15, signingKey: { privateKey: key.privateKey, kid: 'registry' } })).jws;
    for (const c of clients) await c.refresh();
  };
  // Every gateway of the previous start is unregistered before any starts: a new gateway may be
  // handed a port another member's old gateway is still registered at.
  for (const m of Object.values(MEMBERS)) await unregisterGateway(deps, { memberClass: m.memberClass, memberCode: m.memberCode, serverCode: 'gw1' });
  // A gateway that fails to start must not leave the ones before it listening.
  try {
    for (const [name, m] of Object.entries(MEMBERS) as Array<[MemberKey, (typeof MEMBERS)[MemberKey]]>) {
      const identity = identities[name] = await loadGatewayIdentity({ ...deps, trust: o.trust, kek: o.kek }, identityRequest(m), 'registry-operator');
      const configuration = registry.createConfigurationClient({
        fetch: async () => new Response(latest, { headers: { 'content-type': 'application/jose' } }),
        url: 'internal:registry', publicKey: key.publicKey, instance: INSTANCE, clock: o.clock,
      });
      clients.push(configuration);
      // The partner's gateway serves its centres' own server; every other member's, the member information systems.
      const base = name === 'centre' ? o.centreServicesUrl : o.servicesUrl;
      const services = Object.fromEntries(SERVICES.filter((s) => s.member === name).map((s) => [`${s.subsystem}/${s.serviceCode}`, { baseUrl: base + s.path }]));
      const hosted = await hostedAgencies({ ...deps, trust: o.trust, kek: o.kek }, name, o.servicesUrl);
      // The shared gateway authenticates each hosted agency's information system by its own credential.
      await hostedClientCredentials(deps, name, o.clientCredentialsDir);
      gateways[name] = await startGateway({
        instance: INSTANCE, id: { memberClass: m.memberClass, memberCode: m.memberCode, serverCode: 'gw1' }, configuration, tls: identity.tls, signing: identity.signing,
        db: o.storage.db, clock: o.clock, fetch: o.fetch, services, logger: o.logger, ...(hosted ? { hosted } : {}),
      }, { host: '127.0.0.1', clientPort: 0, providerPort: 0 });
      await registry.registerGateway(deps, 'registry-operator', { memberClass: m.memberClass, memberCode: m.memberCode, serverCode: 'gw1', address: gateways[name].providerUrl, authCertificate: identity.tls.der });
    }
    await publish();
  } catch (error) {
    for (const g of Object.values(gateways)) await g.close().catch(() => undefined);
    throw error;
  }
  const timer = setInterval(() => void publish().catch((error: unknown) => o.onError(error, 'exchange-configuration')), 60_000);
  timer.unref();
  // Renewal while running: hourly, a gateway whose certificates are due gets the next identity,
  // the registry pins its TLS certificate and publishes (every gateway here refreshes at once),
  // then the gateway switches to it.
  const renew = async () => {
    for (const [name, m] of Object.entries(MEMBERS) as Array<[MemberKey, (typeof MEMBERS)[MemberKey]]>) {
      identities[name] = await renewGatewayIdentity({ ...deps, trust: o.trust, kek: o.kek }, identityRequest(m), 'registry-operator', identities[name], async (next) => {
        await registry.setGatewayCertificate(deps, 'registry-operator', { memberClass: m.memberClass, memberCode: m.memberCode, serverCode: 'gw1' }, next.tls.der);
        await publish();
        gateways[name].useIdentity(next);
      });
      // The members it hosts: a key due for renewal gets its successor (all due at once), and the gateway signs with it from now on.
      const hosted = await hostedAgencies({ ...deps, trust: o.trust, kek: o.kek }, name, o.servicesUrl);
      if (hosted) gateways[name].useHosted(hosted);
    }
  };
  let renewing: Promise<unknown> = Promise.resolve();
  const renewTimer = setInterval(() => void (renewing = renewing.then(renew).catch((error: unknown) => o.onError(error, 'exchange-renew-identity'))), 3_600_000);
  renewTimer.unref();
  // Each gateway's message log is time-stamped in batches: one TSA request per gateway every few seconds.
  const tsa = httpTimeStampAuthority(o.tsaUrl, o.fetch);
  let stamping: Promise<unknown> = Promise.resolve();
  const stamp = () => (stamping = stamping.then(async () => {
    for (const gateway of gatewayNames()) await stampAndArchive(o.storage.db, { gateway, tsa, clock: o.clock, archiveDir: o.archiveDir });
  }).catch((error: unknown) => o.onError(error, 'exchange-stamping')));
  const stampTimer = setInterval(() => void stamp(), 5_000);
  stampTimer.unref();
  return {
    gateways,
    configuration: () => latest,
    stamp,
    publish,
    async close() {
      clearInterval(timer);
      clearInterval(stampTimer);
      clearInterval(renewTimer);
      await renewing;
      await stamping;
      for (const g of Object.values(gateways)) await g.close();
    },
  };
}
