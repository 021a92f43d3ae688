// SPDX-License-Identifier: Apache-2.0
import { join } from 'node:path';
import { httpTimeStampAuthority, loadGatewayIdentity, registry, renewGatewayIdentity, stampAndArchive, startGateway, type GatewayIdentity } from '@tessera/exchange';
import { pruneRateLimits, scheduleExclusive } from '@tessera/platform';
import { setUpTrust } from '../trust-setup.ts';
import { reregisterGateway } from '../exchange/enrol-members.ts';
import { hostedAgencies, hostedClientCredentials } from '../exchange/hosted-agencies.ts';
import { INSTANCE, MEMBERS, type MemberKey } from '../exchange/members.ts';
import { SERVICES } from '../exchange/start-exchange.ts';
import { readRegistryPublicKey, registryPublicKeyFile } from './registry-key.ts';
import { pkiUrlOf, registryUrlOf } from './urls.ts';
import type { Part } from './part.ts';

/**
 * One member's gateway (`tessera serve gateway <member>`): loads the gateway's identity (keys
 * and certificates from the gateway CA, the same for every process of the gateway), registers
 * its provider-side address with the registry, follows the registry's global configuration and
 * time-stamps its own message log.
 */
export const gatewayPart: Part = {
  summary: `one member's exchange gateway: serve gateway <${Object.keys(MEMBERS).join('|')}>`,
  settings: ['keyEncryptionKey'],
  async start({ config, serve, storage, clock, args, onJobError }) {
    const member = args[0];
    if (member === undefined || !Object.hasOwn(MEMBERS, member)) throw new Error(`serve gateway needs a member: ${Object.keys(MEMBERS).join(', ')}`);
    const m = MEMBERS[member as MemberKey];
    const trust = await setUpTrust({ storage, clock, kek: config.keyEncryptionKey, pkiUrl: pkiUrlOf(config), dataDir: config.dataDir, ceremony: 'never' });
    const id = { memberClass: m.memberClass, memberCode: m.memberCode, serverCode: 'gw1' };
    // Every process of this gateway (several may run behind one address) takes the one identity
    // stored, sealed under the KEK, in the gateway's storage; the first start provisions it.
    const identityDeps = { db: storage.db, clock, trust: trust.deps, kek: Buffer.from(config.keyEncryptionKey, 'hex') };
    const identityRequest = { instance: INSTANCE, ...id, memberName: m.name, dnsNames: ['localhost'] };
    let identity: GatewayIdentity = await loadGatewayIdentity(identityDeps, identityRequest, 'registry-operator');
    const configuration = registry.createConfigurationClient({
      fetch, url: new URL('/exchange/global-configuration', registryUrlOf(serve)).toString(), publicKey: await readRegistryPublicKey(registryPublicKeyFile(config.dataDir)), instance: INSTANCE, clock,
    });
    const base = serve.servicesUrl.replace(/\/$/, '');
    const services = Object.fromEntries(SERVICES.filter((s) => s.member === member).map((s) => [`${s.subsystem}/${s.serviceCode}`, { baseUrl: base + s.path }]));
    if (Object.keys(services).length > 0 && !base) throw new Error(`The ${member} gateway provides services: set TESSERA_SERVICES_URL to the member’s information systems.`);
    const hosted = await hostedAgencies(identityDeps, member as MemberKey, base);
    if (hosted && !base) throw new Error(`The ${member} gateway hosts the agencies’ services: set TESSERA_SERVICES_URL to their information systems.`);
    // Each hosted agency's information system gets its own credential for the client side, written once for it under the data folder.
    await hostedClientCredentials({ db: storage.db, clock }, member as MemberKey, join(config.dataDir, 'exchange-client-credentials'));
    const gateway = await startGateway({
      instance: INSTANCE, id, configuration, tls: identity.tls, signing: identity.signing, db: storage.db, clock, fetch, services, ...(hosted ? { hosted } : {}),
      // Other processes of this gateway may serve the same address: one count per client for all of them.
      rateLimits: 'shared',
      logger: { error: (details: { err?: unknown }) => onJobError('gateway', details.err) },
    }, { host: config.host, clientPort: serve.gatewayClientPort, providerPort: serve.gatewayProviderPort });
    const stops: Array<() => void> = [];
    try {
      const address = serve.gatewayAddress || gateway.providerUrl;
      const deps = { db: storage.db, clock };
      await reregisterGateway(deps, { ...id, address, authCertificate: identity.tls.der });
      stops.push(scheduleConfiguration(configuration, serve.configurationRefreshSeconds * 1000, onJobError));
      // Renewal while running: every hour each process looks for a newer identity (the first to
      // find renewal due provisions it), registers its TLS certificate, and switches to it once
      // the registry has republished and every peer has fetched the configuration that lists it
      // (two refresh intervals), so no peer meets a certificate it does not know yet.
      let switching: ReturnType<typeof setTimeout> | undefined;
      stops.push(() => clearTimeout(switching));
      stops.push(scheduleEvery(3_600_000, async () => {
        identity = await renewGatewayIdentity(identityDeps, identityRequest, 'registry-operator', identity, async (next) => {
          await reregisterGateway(deps, { ...id, address, authCertificate: next.tls.der });
          switching = setTimeout(() => gateway.useIdentity(next), 2 * serve.configurationRefreshSeconds * 1000 + 5_000);
          switching.unref();
        });
        // The members it hosts: a key due gets its successor (the first process to find it due makes it), used from now on.
        const renewed = await hostedAgencies(identityDeps, member as MemberKey, base);
        if (renewed) gateway.useHosted(renewed);
      }, (error) => onJobError('gateway:renew-identity', error)));
      const name = `${INSTANCE}/${m.memberClass}/${m.memberCode}/gw1`;
      const tsaUrl = new URL('/tsa', pkiUrlOf(config)).toString();
      const tsa = httpTimeStampAuthority(tsaUrl, fetch);
      const archiveDir = join(config.dataDir, 'exchange-archive');
      stops.push(scheduleExclusive(storage, `gateway:stamp:${name}`, 5_000, () => stampAndArchive(storage.db, { gateway: name, tsa, clock, archiveDir }), onJobError));
      // The shared rate-limit counters of finished windows, in case no other part prunes this database.
      stops.push(scheduleExclusive(storage, `gateway:prune-rate-limits:${name}`, 3_600_000, async () => {
        await pruneRateLimits(storage.db, new Date(clock.now().getTime() - 86_400_000));
      }, onJobError));
    } catch (error) {
      for (const stop of stops) stop();
      await gateway.close();
      throw error;
    }
    return {
      urls: { client: gateway.clientUrl, provider: gateway.providerUrl },
      async close() {
        for (const stop of stops) stop();
        await gateway.close();
      },
    };
  },
};

/** Runs `job` every `ms`, one run at a time; a failed run is reported and the next one tries again. */
function scheduleEvery(ms: number, job: () => Promise<void>, onError: (error: unknown) => void): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    job().catch(onError).finally(() => (running = false));
  }, ms);
  timer.unref();
  return () => clearInterval(timer);
}

/** Fetches the registry's configuration now and every `ms`; a refused download is logged, the old copy kept. */
function scheduleConfiguration(configuration: registry.ConfigurationClient, ms: number, onJobError: (job: string, error: unknown) => void): () => void {
  const refresh = async () => {
    const result = await configuration.refresh();
    if (!result.ok) onJobError('gateway:configuration', new Error(result.error ?? 'refresh failed'));
  };
  void refresh();
  const timer = setInterval(() => void refresh(), ms);
  timer.unref();
  return () => clearInterval(timer);
}
