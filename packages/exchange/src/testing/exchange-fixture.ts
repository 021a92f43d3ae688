// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openTrustFixture, type TrustFixture } from '@tessera/trust/testing';
import { trackerMigrations } from '../data-tracker/migrations.ts';
import { startGateway, type RunningGateway } from '../gateway/gateway.ts';
import type { GatewayOptions } from '../gateway/gateway-options.ts';
import { provisionGateway, type ProvisionedGateway } from '../gateway/provision-gateway.ts';
import { messageLogMigrations } from '../message-log/migrations.ts';
import { grantAccess } from '../registry/access-rights.ts';
import { createConfigurationClient, type ConfigurationClient } from '../registry/configuration-client.ts';
import { registerGateway } from '../registry/gateways.ts';
import { publishGlobalConfiguration } from '../registry/global-configuration.ts';
import { addMember, addSubsystem } from '../registry/members.ts';
import { registryMigrations } from '../registry/migrations.ts';
import type { RegistryDeps } from '../registry/registry-deps.ts';
import { addService } from '../registry/services.ts';
import { addTrustedCa } from '../registry/trust-anchors.ts';

export const INSTANCE = 'TESSERA';
export const AUTHORITY = { memberClass: 'GOV', memberCode: '70000001', memberName: 'Police and Border Guard Board' };
export const CENTRE = { memberClass: 'COM', memberCode: '10000001', memberName: 'VFS Global Korea' };
export const TAX = { memberClass: 'GOV', memberCode: '70000002', memberName: 'Tax and Customs Board' };

export interface Member {
  gateway: RunningGateway;
  /** Stops the gateway and starts it again on the same ports, database and identity, as a process restart would. */
  restart(): Promise<void>;
  identity: ProvisionedGateway;
  configuration: ConfigurationClient;
  name: string;
}

export interface ExchangeFixture {
  trust: TrustFixture;
  registry: RegistryDeps;
  authority: Member;
  centre: Member;
  tax: Member;
  /** The authority's information system behind its gateway; remembers what reached it. */
  service: { url: string; seen: Array<{ method: string; url: string; headers: Record<string, string | string[] | undefined>; bytes: number }> };
  /** Publishes the registry's current state as a new signed global configuration; gateways refresh. */
  publish(): Promise<void>;
  /** The latest published configuration (compact JWS) and the registry's key that verifies it, for gateways in other processes. */
  globalConfiguration: { jws(): string; publicKey: CryptoKey };
  registryDown: boolean;
  /** What the gateways reported to their logger (errors inside a gateway). */
  gatewayErrors: object[];
  close(): Promise<void>;
}

/**
 * A small exchange on loopback: the trust services (CA, OCSP, TSA), a registry, and three
 * members each with its own gateway — the authority (provides card manifests and applicant
 * data), the Seoul centre (may call both) and the tax board (may call nothing).
 */
/** The fixture authority's applicants, by application reference, and whose data each one is. */
export const APPLICANTS: Readonly<Record<string, string>> = { 'ER-2026-000001': 'EE49304210017', 'ER-2026-000002': 'EE38001085718' };

export async function openExchangeFixture(limits: GatewayOptions['limits'] = {}): Promise<ExchangeFixture> {
  const trust = await openTrustFixture();
  for (const m of [registryMigrations, messageLogMigrations, trackerMigrations]) await trust.storage.migrate(m);
  const registry: RegistryDeps = { db: trust.storage.db, clock: trust.clock };
  const keys = (await crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify'])) as CryptoKeyPair;
  await addTrustedCa(registry, 'operator', trust.hierarchy.root.der);
  await addTrustedCa(registry, 'operator', trust.hierarchy.issuing.gateway.der);

  const seen: ExchangeFixture['service']['seen'] = [];
  const serviceServer: HttpServer = createServer((req, res) => {
    let bytes = 0;
    req.on('data', (c: Buffer) => (bytes += c.length));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, bytes });
      if ((req.url ?? '').startsWith('/cards/manifests/slow')) {
        setTimeout(() => res.writeHead(200).end('{}'), 1500).unref();
        return;
      }
      if ((req.url ?? '').startsWith('/cards/manifests/missing')) {
        res.writeHead(404, { 'content-type': 'application/problem+json' });
        res.end(JSON.stringify({ title: 'No such manifest' }));
        return;
      }
      if ((req.url ?? '').startsWith('/applicants/')) {
        // The service says whose data it answers with, as every personal-data service must.
        const reference = (req.url ?? '').slice('/applicants/'.length);
        // A faulty service that answers without saying whose data it is.
        if (reference === 'unnamed') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"name":"?"}');
        const subject = APPLICANTS[reference];
        if (!subject) return void res.writeHead(404, { 'content-type': 'application/problem+json' }).end(JSON.stringify({ title: 'No such applicant' }));
        res.writeHead(200, { 'content-type': 'application/json', 'x-tessera-data-subject': subject });
        res.end(JSON.stringify({ subject, client: req.headers['x-road-client'] }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json', 'x-service-note': 'from the authority' });
      res.end(JSON.stringify({ path: req.url, received: bytes, client: req.headers['x-road-client'] }));
    });
  });
  await new Promise<void>((done) => serviceServer.listen(0, '127.0.0.1', done));
  const serviceUrl = `http://127.0.0.1:${(serviceServer.address() as AddressInfo).port}`;

  const state = { jws: '', registryDown: false };
  const members: Member[] = [];
  const gatewayErrors: object[] = [];
  const logger = { error: (details: object) => void gatewayErrors.push(details) };
  for (const [member, serverCode, subsystem] of [[AUTHORITY, 'gw1', 'cards'], [CENTRE, 'gw1', 'handover'], [TAX, 'gw1', 'tax']] as const) {
    await addMember(registry, 'operator', { memberClass: member.memberClass, memberCode: member.memberCode, name: member.memberName });
    await addSubsystem(registry, 'operator', { memberClass: member.memberClass, memberCode: member.memberCode, subsystemCode: subsystem });
    const identity = await provisionGateway(trust.deps, { instance: INSTANCE, ...member, serverCode, dnsNames: ['localhost'] }, 'operator');
    const configuration = createConfigurationClient({
      fetch: async () => {
        // what fetch itself throws when the server cannot be reached
        if (state.registryDown) throw new TypeError('fetch failed');
        return new Response(state.jws, { headers: { 'content-type': 'application/jose' } });
      },
      url: 'https://registry.tessera.test/exchange/global-configuration',
      publicKey: keys.publicKey,
      instance: INSTANCE,
      clock: trust.clock,
    });
    const options: GatewayOptions = {
      instance: INSTANCE, id: { ...member, serverCode }, configuration, tls: identity.tls, signing: identity.signing,
      db: trust.storage.db, clock: trust.clock, fetch: trust.relyingFetch, limits, logger,
      services: member === AUTHORITY
        ? { 'cards/card-manifest': { baseUrl: `${serviceUrl}/cards`, openapi: { openapi: '3.1.0', info: { title: 'Card manifests', version: '1' }, paths: { '/manifests/{id}': { get: {} } } } }, 'cards/applicants': { baseUrl: `${serviceUrl}/applicants` } }
        : {},
    };
    const gateway = await startGateway(options, { host: '127.0.0.1', clientPort: 0, providerPort: 0 });
    await registerGateway(registry, 'operator', { ...member, serverCode, address: gateway.providerUrl, authCertificate: identity.tls.der });
    const running: Member = {
      gateway, identity, configuration, name: `${INSTANCE}/${member.memberClass}/${member.memberCode}/${serverCode}`,
      async restart() {
        const port = (url: string) => Number(new URL(url).port);
        const ports = { clientPort: port(running.gateway.clientUrl), providerPort: port(running.gateway.providerUrl) };
        await running.gateway.close();
        running.gateway = await startGateway(options, { host: '127.0.0.1', ...ports });
      },
    };
    members.push(running);
  }
  const cards = { ...AUTHORITY, subsystemCode: 'cards' };
  await addService(registry, 'operator', { ...cards, serviceCode: 'card-manifest', type: 'REST', endpoints: [{ method: 'GET', path: '/manifests/*' }, { method: 'POST', path: '/manifests' }], handlesPersonalData: false });
  await addService(registry, 'operator', { ...cards, serviceCode: 'applicants', type: 'REST', endpoints: [{ method: 'GET', path: '/*' }], handlesPersonalData: true });
  const handover = { ...CENTRE, subsystemCode: 'handover' };
  await grantAccess(registry, 'operator', { client: handover, service: { ...cards, serviceCode: 'card-manifest' } });
  await grantAccess(registry, 'operator', { client: handover, service: { ...cards, serviceCode: 'applicants' } });

  const publish = async () => {
    state.jws = (await publishGlobalConfiguration(registry, 'operator', { instance: INSTANCE, validityMinutes: 10, signingKey: { privateKey: keys.privateKey, kid: 'registry-1' } })).jws;
    for (const m of members) {
      const refreshed = await m.configuration.refresh();
      if (!refreshed.ok) assert.fail(`gateway refresh failed: ${refreshed.code}`);
    }
  };
  await publish();
  const fixture: ExchangeFixture = {
    trust, registry, authority: members[0]!, centre: members[1]!, tax: members[2]!,
    service: { url: serviceUrl, seen },
    publish,
    globalConfiguration: { jws: () => state.jws, publicKey: keys.publicKey },
    gatewayErrors,
    get registryDown() {
      return state.registryDown;
    },
    set registryDown(down: boolean) {
      state.registryDown = down;
    },
    async close() {
      for (const m of members) await m.gateway.close();
      serviceServer.closeAllConnections();
      serviceServer.close();
      await trust.close();
    },
  };
  return fixture;
}
