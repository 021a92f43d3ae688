// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import 'reflect-metadata';
import { X509Certificate } from '@peculiar/x509';
import { revokeCertificate } from '@tessera/trust';
import { request as httpsRequest } from 'node:https';
import { accessesOf } from '../data-tracker/data-access.ts';
import { dataTrackerSection } from '../data-tracker/data-tracker-section.ts';
import { sha512Base64, signMessage } from '../message-log/message-signature.ts';
import { headersHash, requestPairs } from './gateway-headers.ts';
import { stampPendingBatch } from '../message-log/message-log.ts';
import { verifyLoggedMessage } from '../message-log/verify-logged-message.ts';
import { CENTRE, INSTANCE, openExchangeFixture, type ExchangeFixture } from '../testing/exchange-fixture.ts';
import { startGateway, type RunningGateway } from './gateway.ts';
import { idempotencyMigrations } from '@tessera/platform';

let f: ExchangeFixture;
before(async () => {
  f = await openExchangeFixture({ maxBodyBytes: 1024 * 1024 });
});
after(() => f.close());

const CENTRE_CLIENT = 'TESSERA/COM/10000001/handover';
const MANIFESTS = '/r1/TESSERA/GOV/70000001/cards/card-manifest';
/** An information system of the Seoul centre: plain fetch to its own gateway, nothing Tessera-specific. */
const call = (path: string, init: RequestInit & { client?: string } = {}) =>
  fetch(f.centre.gateway.clientUrl + path, { ...init, headers: { 'X-Road-Client': init.client ?? CENTRE_CLIENT, ...init.headers } });

test('a plain HTTP client calls a service through two gateways and gets its answer with the protocol headers', async () => {
  const response = await call(`${MANIFESTS}/manifests/2026-11?batch=1&batch=2`, { headers: { accept: 'application/json', 'x-road-userid': 'KR9001011234567', 'x-custom': 'kept' } });
  assert.equal(response.status, 200);
  const body = await response.json();
  assert.deepEqual(body, { path: '/cards/manifests/2026-11?batch=1&batch=2', received: 0, client: CENTRE_CLIENT });
  assert.equal(response.headers.get('x-road-client'), CENTRE_CLIENT);
  assert.equal(response.headers.get('x-road-service'), 'TESSERA/GOV/70000001/cards/card-manifest');
  assert.match(response.headers.get('x-road-id') ?? '', /^[0-9a-f-]{36}$/);
  assert.match(response.headers.get('x-road-request-id') ?? '', /^[0-9a-f-]{36}$/);
  assert.match(response.headers.get('x-road-request-hash') ?? '', /^[A-Za-z0-9+/]{86}==$/);
  assert.equal(response.headers.get('x-service-note'), 'from the authority');
  const seen = f.service.seen.at(-1)!;
  assert.equal(seen.headers['x-road-userid'], 'KR9001011234567');
  assert.equal(seen.headers['x-custom'], 'kept');
  assert.equal(seen.headers['x-tessera-signature'], undefined, 'the service never sees gateway internals');
});

test('a body is streamed through, and the caller’s X-Road-Id is kept', async () => {
  const payload = new Uint8Array(300_000).fill(7);
  const response = await call(`${MANIFESTS}/manifests`, { method: 'POST', body: payload, headers: { 'content-type': 'application/octet-stream', 'x-road-id': 'centre-req-0001' } });
  assert.equal(response.status, 200);
  assert.equal((await response.json()).received, 300_000);
  assert.equal(response.headers.get('x-road-id'), 'centre-req-0001');
});

test('the service’s own error passes through unchanged', async () => {
  const response = await call(`${MANIFESTS}/manifests/missing`);
  assert.equal(response.status, 404);
  assert.equal(response.headers.get('x-road-error'), null);
  assert.deepEqual(await response.json(), { title: 'No such manifest' });
});

async function expectFault(response: Response, status: number, type: string) {
  assert.equal(response.status, status);
  assert.equal(response.headers.get('x-road-error'), type);
  const body = await response.json();
  assert.equal(body.type, type);
  assert.equal(typeof body.message, 'string');
  assert.equal(typeof body.detail, 'string');
}

test('a client without an access right is refused by the provider’s gateway', async () => {
  const response = await fetch(f.tax.gateway.clientUrl + `${MANIFESTS}/manifests/2026-11`, { headers: { 'X-Road-Client': 'TESSERA/GOV/70000002/tax' } });
  await expectFault(response, 500, 'Server.ServerProxy.AccessDenied');
});

test('an unknown service, a malformed path and a missing client header are protocol faults', async () => {
  await expectFault(await call('/r1/TESSERA/GOV/70000001/cards/no-such-service/x'), 500, 'Server.ServerProxy.UnknownService');
  await expectFault(await call('/r2/TESSERA/GOV/70000001/cards/card-manifest'), 400, 'Client.BadRequest');
  await expectFault(await fetch(f.centre.gateway.clientUrl + `${MANIFESTS}/manifests/1`), 400, 'Client.InvalidClientIdentifier');
  await expectFault(await call(`${MANIFESTS}/manifests/1`, { client: 'TESSERA/GOV/70000001/cards' }), 400, 'Client.InvalidClientIdentifier');
});

test('a replayed X-Road-Id is refused', async () => {
  const first = await call(`${MANIFESTS}/manifests/2026-10`, { headers: { 'x-road-id': 'replayed-0001' } });
  assert.equal(first.status, 200);
  await expectFault(await call(`${MANIFESTS}/manifests/2026-10`, { headers: { 'x-road-id': 'replayed-0001' } }), 400, 'Client.BadRequest');
});

test('a body over the limit is refused before anything is sent', async () => {
  const before = f.service.seen.length;
  await expectFault(await call(`${MANIFESTS}/manifests`, { method: 'POST', body: new Uint8Array(2 * 1024 * 1024) }), 400, 'Client.RequestTooLarge');
  assert.equal(f.service.seen.length, before);
});

test('the gateway reports its health and counts messages and faults for monitoring', async () => {
  const health = await (await fetch(`${f.centre.gateway.clientUrl}/healthz`)).json();
  assert.equal(health.status, 'ok');
  assert.equal(typeof health.configurationSerial, 'number');
  const metrics = await (await fetch(`${f.centre.gateway.clientUrl}/metrics`)).text();
  assert.match(metrics, /tessera_gateway_messages_total\{side="client",status="200"\} \d+/);
  assert.match(metrics, /tessera_gateway_faults_total\{type="Client.RequestTooLarge"\} 1/);
});

test('two processes of one gateway with the shared rate limit count one limit per client, whichever process a request reaches', async () => {
  const limited = await openExchangeFixture({ requestsPerMinute: 1_000_000 });
  const processes: RunningGateway[] = [];
  try {
    await limited.trust.storage.migrate(idempotencyMigrations);
    const centre = limited.centre;
    for (let i = 0; i < 2; i++) {
      processes.push(await startGateway({
        instance: INSTANCE, id: { memberClass: CENTRE.memberClass, memberCode: CENTRE.memberCode, serverCode: 'gw1' }, configuration: centre.configuration,
        tls: centre.identity.tls, signing: centre.identity.signing, db: limited.trust.storage.db, clock: limited.trust.clock, fetch: limited.trust.relyingFetch,
        services: {}, logger: { error: () => undefined }, limits: { requestsPerMinute: 3 }, rateLimits: 'shared',
      }, { host: '127.0.0.1', clientPort: 0, providerPort: 0 }));
    }
    const via = (p: RunningGateway) => fetch(p.clientUrl + `${MANIFESTS}/manifests/1`, { headers: { 'X-Road-Client': CENTRE_CLIENT } });
    const [a, b] = processes as [RunningGateway, RunningGateway];
    assert.equal((await via(a)).status, 200);
    assert.equal((await via(b)).status, 200);
    assert.equal((await via(a)).status, 200);
    await expectFault(await via(b), 500, 'Server.ClientProxy.TooManyRequests');
    await expectFault(await via(a), 500, 'Server.ClientProxy.TooManyRequests');
    limited.trust.clock.advance(60_000);
    assert.equal((await via(b)).status, 200);
  } finally {
    for (const p of processes) await p.close();
    await limited.close();
  }
});

test('a client over its rate limit is refused until the next minute', async () => {
  const limited = await openExchangeFixture({ requestsPerMinute: 2 });
  try {
    const once = () => fetch(limited.centre.gateway.clientUrl + `${MANIFESTS}/manifests/1`, { headers: { 'X-Road-Client': CENTRE_CLIENT } });
    assert.equal((await once()).status, 200);
    assert.equal((await once()).status, 200);
    await expectFault(await once(), 500, 'Server.ClientProxy.TooManyRequests');
    limited.trust.clock.advance(60_000);
    assert.equal((await once()).status, 200);
  } finally {
    await limited.close();
  }
});

test('a service that does not answer in time ends in a protocol fault, not a hanging call', async () => {
  const impatient = await openExchangeFixture({ timeoutMs: 400 });
  try {
    const response = await fetch(impatient.centre.gateway.clientUrl + `${MANIFESTS}/manifests/slow`, { headers: { 'X-Road-Client': CENTRE_CLIENT } });
    assert.equal(response.status, 500);
    assert.match(response.headers.get('x-road-error') ?? '', /^Server\.(ServerProxy\.ServiceFailed|ClientProxy\.NetworkError)$/);
  } finally {
    await impatient.close();
  }
});

test('personal data needs a declared subject and purpose, and both gateways record the access', async () => {
  await expectFault(await call('/r1/TESSERA/GOV/70000001/cards/applicants/ER-2026-000001'), 400, 'Client.BadRequest');
  const response = await call('/r1/TESSERA/GOV/70000001/cards/applicants/ER-2026-000001', { headers: { 'x-tessera-data-subject': 'EE49304210017', 'x-tessera-purpose': 'identity check at card handover' } });
  assert.equal(response.status, 200);
  const seen = await accessesOf(f.trust.storage.db, 'EE49304210017', { offset: 0, size: 10 });
  assert.equal(seen.total, 1);
  assert.deepEqual({ client: seen.items[0]!.client, purpose: seen.items[0]!.purpose }, { client: CENTRE_CLIENT, purpose: 'identity check at card handover' });
  const section = dataTrackerSection(seen, { locale: 'en', page: 1, size: 10, path: '/citizen' }).toString();
  assert.match(section, /Who used your data/);
  assert.match(section, /TESSERA\/COM\/10000001\/handover[\s\S]*identity check at card handover/);
});

test('whose data was read is taken from the provider’s answer: declaring someone else is recorded under the real person and refused', async () => {
  const headers = { 'x-tessera-data-subject': 'EE49304210017', 'x-tessera-purpose': 'identity check at card handover' };
  // ER-2026-000002 is EE38001085718's application; the client claims it reads EE49304210017.
  const before = (await accessesOf(f.trust.storage.db, 'EE38001085718', { offset: 0, size: 10 })).total;
  const misdeclared = await call('/r1/TESSERA/GOV/70000001/cards/applicants/ER-2026-000002', { headers });
  await expectFault(misdeclared, 500, 'Server.ServerProxy.AccessDenied');
  const real = await accessesOf(f.trust.storage.db, 'EE38001085718', { offset: 0, size: 10 });
  assert.equal(real.total, before + 1, 'the person whose data the service read sees the read');
  assert.deepEqual({ client: real.items[0]!.client, purpose: real.items[0]!.purpose }, { client: CENTRE_CLIENT, purpose: 'identity check at card handover' });
});

test('a personal-data answer that does not say whose it is never reaches the client', async () => {
  const response = await call('/r1/TESSERA/GOV/70000001/cards/applicants/unnamed', { headers: { 'x-tessera-data-subject': 'EE49304210017', 'x-tessera-purpose': 'identity check at card handover' } });
  assert.equal(response.headers.get('x-road-error'), 'Server.ServerProxy.ServiceFailed');
  const text = await response.text();
  assert.match(text, /X-Tessera-Data-Subject/);
  assert.doesNotMatch(text, /"name"/);
});

test('metadata services list clients, methods, allowed methods and the OpenAPI description', async () => {
  const clients = await (await fetch(f.centre.gateway.clientUrl + '/listClients', { headers: { accept: 'application/json' } })).json();
  assert.ok(clients.member.some((m: { id: { subsystem_code?: string } }) => m.id.subsystem_code === 'handover'));
  const methods = await (await call('/r1/TESSERA/GOV/70000001/cards/listMethods')).json();
  assert.deepEqual(methods.service.map((s: { service_code: string }) => s.service_code).sort(), ['applicants', 'card-manifest']);
  const allowedForTax = await (await fetch(f.tax.gateway.clientUrl + '/r1/TESSERA/GOV/70000001/cards/allowedMethods', { headers: { 'X-Road-Client': 'TESSERA/GOV/70000002/tax' } })).json();
  assert.deepEqual(allowedForTax.service, []);
  const openapi = await (await call('/r1/TESSERA/GOV/70000001/cards/getOpenAPI?serviceCode=card-manifest')).json();
  assert.equal(openapi.info.title, 'Card manifests');
});

test('both gateways log the exchange; once time-stamped, the log proves who sent what, unchanged, and when', async () => {
  const response = await call(`${MANIFESTS}/manifests/2026-09`, { headers: { 'x-road-id': 'provable-0001' } });
  assert.equal(response.status, 200);
  const tsa = async (requestDer: Uint8Array) => new Uint8Array(await (await fetch(`${f.trust.baseUrl}/tsa`, { method: 'POST', body: new Uint8Array(requestDer), headers: { 'content-type': 'application/timestamp-query' } })).arrayBuffer());
  const trustedCaDer = [f.trust.hierarchy.root.der, f.trust.hierarchy.issuing.gateway.der];
  const tsaTrustedCertificates = [f.trust.hierarchy.root.der, f.trust.hierarchy.issuing.services.der];
  for (const member of [f.centre, f.authority]) {
    await stampPendingBatch(f.trust.storage.db, { tsa, clock: f.trust.clock, maxBatch: 1000, gateway: member.name });
    const proof = await verifyLoggedMessage(f.trust.storage.db, 'provable-0001', { trustedCaDer, tsaTrustedCertificates, gateway: member.name });
    assert.equal(proof.ok, true, JSON.stringify(proof.messages.map((m) => m.problems)));
    assert.deepEqual(proof.messages.map((m) => m.direction), ['request', 'response']);
    assert.ok(proof.messages[0]!.signer?.includes('TESSERA/COM/10000001/gw1'), 'the centre signed the request');
    assert.ok(proof.messages[1]!.signer?.includes('TESSERA/GOV/70000001/gw1'), 'the authority signed the response');
  }
});

test('gateways keep working on the last configuration while the registry is down, and stop once it expires', async () => {
  f.registryDown = true;
  const refresh = await f.centre.configuration.refresh();
  assert.equal(refresh.ok, false);
  assert.equal((await call(`${MANIFESTS}/manifests/2026-08`)).status, 200);
  f.trust.clock.advance(11 * 60_000);
  try {
    await expectFault(await call(`${MANIFESTS}/manifests/2026-08`), 500, 'Server.ClientProxy.OutdatedGlobalConf');
  } finally {
    f.registryDown = false;
    await f.publish();
  }
  assert.equal((await call(`${MANIFESTS}/manifests/2026-08`)).status, 200);
});

/** A gateway sending straight to the authority's gateway, as a compromised or replaying peer would. */
async function sendDirect(path: string, messageId: string, tamper: (signedPath: string) => string = (p) => p): Promise<{ status: number; type: string | undefined }> {
  const digest = {
    messageId, direction: 'request' as const, client: CENTRE_CLIENT, service: 'TESSERA/GOV/70000001/cards/card-manifest', method: 'GET', path,
    headersHash: headersHash(requestPairs('GET', path, {})), bodyHash: sha512Base64(new Uint8Array()), at: f.trust.clock.now().toISOString(),
  };
  const signature = await signMessage(digest, f.centre.identity.signing);
  const address = new URL(f.authority.gateway.providerUrl);
  return new Promise((resolve, reject) => {
    const req = httpsRequest({
      host: address.hostname, port: address.port, method: 'GET', path: tamper(path), agent: false,
      headers: { 'x-road-client': CENTRE_CLIENT, 'x-road-id': messageId, 'x-tessera-signature': signature },
      key: f.centre.identity.tls.key, cert: f.centre.identity.tls.cert, rejectUnauthorized: false,
    }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['x-road-error'] as string | undefined }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('the provider’s gateway refuses a replayed X-Road-Id and a request that differs from what was signed', async () => {
  const path = `${MANIFESTS}/manifests/direct`;
  assert.deepEqual(await sendDirect(path, 'direct-0001'), { status: 200, type: undefined });
  assert.deepEqual(await sendDirect(path, 'direct-0001'), { status: 500, type: 'Server.ServerProxy.DuplicateMessageId' });
  assert.deepEqual(await sendDirect(path, 'direct-0002', (p) => p.replace('direct', 'someone-else')), { status: 500, type: 'Server.ServerProxy.InvalidSignature' });
});

test('a gateway whose certificate was revoked is refused by its peer', async () => {
  const centreTls = new X509Certificate(new Uint8Array(f.centre.identity.tls.der));
  await revokeCertificate(f.trust.deps, centreTls.serialNumber, 'keyCompromise', 'operator');
  f.trust.clock.advance(61_000); // past the peers' one-minute OCSP cache
  await f.publish();
  const refused = await call(`${MANIFESTS}/manifests/2026-07`);
  await expectFault(refused, 500, 'Server.ServerProxy.SslAuthenticationFailed');
});
