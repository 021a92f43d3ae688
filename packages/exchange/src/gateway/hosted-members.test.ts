// SPDX-License-Identifier: Apache-2.0
// One gateway hosting several members (X-Road: a security server with many clients): each signs
// with its own key, is checked as itself, and none can pass for another or use another's rights.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server as HttpServer } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { and, eq, sql } from 'drizzle-orm';
import { logEntries } from '@tessera/platform';
import { messages } from '../message-log/schema.ts';
import { sha512Base64, signMessage, verifyMessageSignature, type MessageDigest, type MessageSigningKey } from '../message-log/message-signature.ts';
import { grantAccess } from '../registry/access-rights.ts';
import { createConfigurationClient } from '../registry/configuration-client.ts';
import { addGatewayClient } from '../registry/gateway-clients.ts';
import { enrolEntries } from '../registry/enrol-entries.ts';
import { registerGateway } from '../registry/gateways.ts';
import { openExchangeFixture, INSTANCE, type ExchangeFixture } from '../testing/exchange-fixture.ts';
import { startGateway, type RunningGateway } from './gateway.ts';
import { headersHash, requestPairs } from './gateway-headers.ts';
import type { GatewayOptions, HostedMember } from './gateway-options.ts';
import { loadHostedSigningKeys } from './hosted-signing-keys.ts';
import { CLIENT_CREDENTIAL_HEADER, issueClientCredential, revokeClientCredential, rotateClientCredential } from './client-credentials.ts';
import { provisionGateway, type ProvisionedGateway } from './provision-gateway.ts';

/** The shared gateway's owner, and two agencies it hosts, each with one register. */
const HOST = { memberClass: 'GOV', memberCode: '70007340', memberName: 'State Shared Service Centre' };
const A = { memberClass: 'GOV', memberCode: '71000001', memberName: 'Agency A' };
const B = { memberClass: 'GOV', memberCode: '71000002', memberName: 'Agency B' };
const A_SUB = { memberClass: A.memberClass, memberCode: A.memberCode, subsystemCode: 'register-a' };
const B_SUB = { memberClass: B.memberClass, memberCode: B.memberCode, subsystemCode: 'register-b' };
const SHARED = { ...HOST, serverCode: 'shared' };
const kek = new Uint8Array(32).fill(7);

let f: ExchangeFixture;
let agencies: HttpServer;
let identity: ProvisionedGateway;
let hosted: HostedMember[];
let options: GatewayOptions;
let shared: RunningGateway;
/** The secret issued to each hosted subsystem's information system, by subsystem code. */
const secrets: Record<string, string> = {};
let ids = 0;
const nextId = (label: string) => `hosted-${label}-${++ids}`;

before(async () => {
  f = await openExchangeFixture({ requestsPerMinute: 1_000_000 });
  // Each agency's register answers which agency it is.
  agencies = createServer((req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ register: req.url?.split('/')[1], client: req.headers['x-road-client'] })));
  await new Promise<void>((done) => agencies.listen(0, '127.0.0.1', done));
  const base = `http://127.0.0.1:${(agencies.address() as AddressInfo).port}`;
  await enrolEntries(f.registry, 'operator', {
    members: [HOST, A, B].map((m) => ({ memberClass: m.memberClass, memberCode: m.memberCode, name: m.memberName })),
    subsystems: [A_SUB, B_SUB, { memberClass: HOST.memberClass, memberCode: HOST.memberCode, subsystemCode: 'hosting' }],
    services: [A_SUB, B_SUB].map((s) => ({ ...s, serviceCode: 'records', type: 'REST' as const, endpoints: [{ method: 'GET', path: '/*' }], handlesPersonalData: false })),
    grants: [
      // The centre may read both registers; only A may read the authority's card manifests.
      { client: { memberClass: 'COM', memberCode: '10000001', subsystemCode: 'handover' }, service: { ...A_SUB, serviceCode: 'records' } },
      { client: { memberClass: 'COM', memberCode: '10000001', subsystemCode: 'handover' }, service: { ...B_SUB, serviceCode: 'records' } },
      { client: A_SUB, service: { memberClass: 'GOV', memberCode: '70000001', subsystemCode: 'cards', serviceCode: 'card-manifest' } },
    ],
  });
  await addGatewayClient(f.registry, 'operator', { gateway: SHARED, client: A_SUB });
  await addGatewayClient(f.registry, 'operator', { gateway: SHARED, client: B_SUB });
  identity = await provisionGateway(f.trust.deps, { instance: INSTANCE, ...HOST, serverCode: 'shared', dnsNames: ['localhost'] }, 'operator');
  hosted = await loadHostedSigningKeys({ db: f.trust.storage.db, clock: f.trust.clock, trust: f.trust.deps, kek }, { instance: INSTANCE, ...SHARED }, [A, B], 'operator');
  const configuration = createConfigurationClient({
    fetch: async () => new Response(f.globalConfiguration.jws(), { headers: { 'content-type': 'application/jose' } }),
    url: 'https://registry.tessera.test/exchange/global-configuration', publicKey: f.globalConfiguration.publicKey, instance: INSTANCE, clock: f.trust.clock,
  });
  options = {
    instance: INSTANCE, id: { memberClass: HOST.memberClass, memberCode: HOST.memberCode, serverCode: 'shared' }, configuration, tls: identity.tls, signing: identity.signing,
    db: f.trust.storage.db, clock: f.trust.clock, fetch: f.trust.relyingFetch, logger: { error: () => undefined }, services: {},
    hosted: hosted.map((h) => ({ ...h, services: { [`register-${h.memberCode === A.memberCode ? 'a' : 'b'}/records`]: { baseUrl: `${base}/${h.memberCode}` } } })),
  };
  shared = await startGateway(options, { host: '127.0.0.1', clientPort: 0, providerPort: 0 });
  for (const sub of [A_SUB, B_SUB]) secrets[sub.subsystemCode] = await issueClientCredential(credentialDeps(), 'operator', SHARED_NAME, { instance: INSTANCE, ...sub });
  await registerGateway(f.registry, 'operator', { ...SHARED, address: shared.providerUrl, authCertificate: identity.tls.der });
  await f.publish();
  assert.equal((await configuration.refresh()).ok, true);
});
after(async () => {
  await shared?.close();
  agencies?.close();
  await f?.close();
});

const SHARED_NAME = `${INSTANCE}/${HOST.memberClass}/${HOST.memberCode}/shared`;
const credentialDeps = () => ({ db: f.trust.storage.db, clock: f.trust.clock });
const call = (gatewayUrl: string, path: string, client: string, credential?: string, messageId = nextId('call')) => fetch(`${gatewayUrl}/r1/${INSTANCE}/${path}`, {
  headers: { 'X-Road-Client': client, 'X-Road-Id': messageId, ...(credential === undefined ? {} : { [CLIENT_CREDENTIAL_HEADER]: credential }) },
});
const A_CLIENT = `${INSTANCE}/GOV/${A.memberCode}/register-a`;
const B_CLIENT = `${INSTANCE}/GOV/${B.memberCode}/register-b`;
const OWNER_CLIENT = `${INSTANCE}/GOV/${HOST.memberCode}/hosting`;
const MANIFEST = 'GOV/70000001/cards/card-manifest/manifests/1';
/** Rows in any gateway's message log for one X-Road-Id. */
const loggedRows = async (messageId: string) => (await f.trust.storage.db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(messages).where(eq(messages.messageId, messageId)))[0]!.n;
async function expectRefused(response: Response, messageId: string): Promise<void> {
  assert.equal(response.status, 500, await response.clone().text());
  assert.equal(response.headers.get('x-road-error'), 'Server.ClientProxy.IsAuthenticationFailed');
  assert.equal(((await response.json()) as { type: string }).type, 'Server.ClientProxy.IsAuthenticationFailed');
  // Refused before signing: nothing was logged (so nothing signed went out) on any gateway.
  assert.equal(await loggedRows(messageId), 0);
}
const signerOfLogged = async (gateway: string, messageId: string, direction: 'request' | 'response') => {
  const [row] = await f.trust.storage.db.select({ signature: messages.signature }).from(messages)
    .where(and(eq(messages.gateway, gateway), eq(messages.messageId, messageId), eq(messages.direction, direction)));
  const verified = await verifyMessageSignature(row!.signature, { trustedCaDer: [f.trust.hierarchy.issuing.gateway.der] });
  return verified.ok ? verified.signer : verified.reason;
};

test('each hosted member answers through the shared gateway signed with its own key, and each signature is checked against exactly that member', async () => {
  for (const [member, register] of [[A, 'register-a'], [B, 'register-b']] as const) {
    const response = await call(f.centre.gateway.clientUrl, `GOV/${member.memberCode}/${register}/records/x`, `${INSTANCE}/COM/10000001/handover`);
    assert.equal(response.status, 200, await response.clone().text());
    assert.deepEqual(await response.json(), { register: member.memberCode, client: `${INSTANCE}/COM/10000001/handover` });
    const messageId = response.headers.get('x-road-id')!;
    // The centre's gateway logged the answer as the member's, not the shared gateway's owner's.
    assert.match(await signerOfLogged(f.centre.name, messageId, 'response'), new RegExp(`${INSTANCE}/GOV/${member.memberCode}$`));
  }
});

test('a hosted member sends with its own key, and a grant to A does not let B, on the same gateway, call', async () => {
  const asA = await call(shared.clientUrl, MANIFEST, A_CLIENT, secrets['register-a']);
  assert.equal(asA.status, 200, await asA.clone().text());
  assert.match(await signerOfLogged(f.authority.name, asA.headers.get('x-road-id')!, 'request'), new RegExp(`${INSTANCE}/GOV/${A.memberCode}$`));
  // The credential stays between A's system and the shared gateway: the provider's service never sees it.
  const received = f.service.seen.at(-1)!;
  assert.equal(received.headers['x-road-client'], A_CLIENT);
  assert.equal(received.headers[CLIENT_CREDENTIAL_HEADER], undefined);
  const asB = await call(shared.clientUrl, MANIFEST, B_CLIENT, secrets['register-b']);
  assert.equal(asB.status, 500);
  assert.equal(asB.headers.get('x-road-error'), 'Server.ServerProxy.AccessDenied');
});

test('agency A’s information system cannot send as agency B on the shared gateway: A’s credential naming B is refused, and nothing is signed or logged', async () => {
  const messageId = nextId('a-as-b');
  await expectRefused(await call(shared.clientUrl, MANIFEST, B_CLIENT, secrets['register-a'], messageId), messageId);
  // B's own credential authenticates B: the request goes on to the provider, which refuses B its lack of a right.
  assert.equal((await call(shared.clientUrl, MANIFEST, B_CLIENT, secrets['register-b'])).headers.get('x-road-error'), 'Server.ServerProxy.AccessDenied');
});

test('a request without a credential is refused on the shared gateway, for a hosted member and for the gateway owner alike', async () => {
  for (const [client, credential] of [[A_CLIENT, undefined], [A_CLIENT, ''], [OWNER_CLIENT, undefined]] as const) {
    const messageId = nextId('no-credential');
    await expectRefused(await call(shared.clientUrl, MANIFEST, client, credential, messageId), messageId);
  }
  const messageId = nextId('wrong-secret');
  await expectRefused(await call(shared.clientUrl, MANIFEST, A_CLIENT, 'not-the-secret', messageId), messageId);
});

test('a removed client’s credential is refused at once, as is the old secret of a rotated one; each change is in the transparency log', async () => {
  const rotated = await rotateClientCredential(credentialDeps(), 'operator', SHARED_NAME, { instance: INSTANCE, ...A_SUB });
  const oldId = nextId('old-secret');
  await expectRefused(await call(shared.clientUrl, MANIFEST, A_CLIENT, secrets['register-a'], oldId), oldId);
  assert.equal((await call(shared.clientUrl, MANIFEST, A_CLIENT, rotated)).status, 200);
  secrets['register-a'] = rotated;

  await revokeClientCredential(credentialDeps(), 'operator', SHARED_NAME, { instance: INSTANCE, ...B_SUB });
  const removedId = nextId('removed');
  await expectRefused(await call(shared.clientUrl, MANIFEST, B_CLIENT, secrets['register-b'], removedId), removedId);
  // Only a digest is stored, and a credential is issued once: a second issue is a conflict, not a silent replacement.
  await assert.rejects(issueClientCredential(credentialDeps(), 'operator', SHARED_NAME, { instance: INSTANCE, ...A_SUB }), { code: 'ERR_CLIENT_CREDENTIAL_EXISTS' });
  secrets['register-b'] = await issueClientCredential(credentialDeps(), 'operator', SHARED_NAME, { instance: INSTANCE, ...B_SUB });
  const types = (await f.trust.storage.db.select({ type: logEntries.type, leaf: logEntries.leaf }).from(logEntries).where(sql`${logEntries.type} like 'gateway.client_credential_%'`));
  assert.deepEqual(types.map((t) => t.type), ['gateway.client_credential_issued', 'gateway.client_credential_issued', 'gateway.client_credential_rotated', 'gateway.client_credential_revoked', 'gateway.client_credential_issued']);
  for (const t of types) for (const secret of Object.values(secrets)) assert.ok(!t.leaf.includes(secret), 'no secret in the log');
});

test('a gateway that does not host a member cannot send as it: its own client side refuses, and the provider refuses the forged message', async () => {
  const viaCentre = await call(f.centre.gateway.clientUrl, 'GOV/70000001/cards/card-manifest/manifests/1', `${INSTANCE}/GOV/${A.memberCode}/register-a`);
  assert.equal(viaCentre.status, 400);
  assert.equal(viaCentre.headers.get('x-road-error'), 'Client.InvalidClientIdentifier');
  // The tax board's gateway, with its own registered TLS identity, sends a request claiming to be A, signed with its own key.
  const messageId = nextId('forged');
  const path = `/r1/${INSTANCE}/GOV/70000001/cards/card-manifest/manifests/1`;
  const signature = await signMessage(digest(messageId, path, `${INSTANCE}/GOV/${A.memberCode}/register-a`), f.tax.identity.signing);
  assert.deepEqual(await sendRaw(f.authority.gateway.providerUrl, f.tax.identity, path, messageId, `${INSTANCE}/GOV/${A.memberCode}/register-a`, signature), { status: 500, type: 'Server.ServerProxy.AccessDenied' });
});

test('member A on the shared gateway cannot sign as member B: a request for B signed with A’s key is refused, so is one with the gateway owner’s key', async () => {
  const path = `/r1/${INSTANCE}/GOV/70000001/cards/card-manifest/manifests/1`;
  const b = `${INSTANCE}/GOV/${B.memberCode}/register-b`;
  // B is given A's right for this test, so only the signature can refuse it.
  await grantAccess(f.registry, 'operator', { client: B_SUB, service: { memberClass: 'GOV', memberCode: '70000001', subsystemCode: 'cards', serviceCode: 'card-manifest' } });
  await f.publish();
  assert.equal((await options.configuration.refresh()).ok, true);
  const keyOf = (m: { memberCode: string }) => hosted.find((h) => h.memberCode === m.memberCode)!.signing;
  for (const [label, key] of [['as B', keyOf(B)], ['A for B', keyOf(A)], ['owner for B', identity.signing]] as Array<[string, MessageSigningKey]>) {
    const messageId = nextId(label.replace(/ /g, '-'));
    const sent = await sendRaw(f.authority.gateway.providerUrl, identity, path, messageId, b, await signMessage(digest(messageId, path, b), key));
    assert.deepEqual(sent, label === 'as B' ? { status: 200, type: undefined } : { status: 500, type: 'Server.ServerProxy.InvalidSignature' }, label);
  }
});

test('an answer for B signed with A’s key is refused by the client’s gateway (a shared gateway misconfigured to sign B’s answers with A’s key)', async () => {
  const port = (url: string) => Number(new URL(url).port);
  const ports = { clientPort: port(shared.clientUrl), providerPort: port(shared.providerUrl) };
  await shared.close();
  const swapped = { ...options, hosted: options.hosted!.map((h) => ({ ...h, signing: options.hosted!.find((x) => x.memberCode === A.memberCode)!.signing })) };
  shared = await startGateway(swapped, { host: '127.0.0.1', ...ports });
  const asB = await call(f.centre.gateway.clientUrl, `GOV/${B.memberCode}/register-b/records/x`, `${INSTANCE}/COM/10000001/handover`);
  assert.equal(asB.status, 500);
  assert.equal(asB.headers.get('x-road-error'), 'Server.ClientProxy.InconsistentResponse');
  // A's own answers still pass.
  assert.equal((await call(f.centre.gateway.clientUrl, `GOV/${A.memberCode}/register-a/records/x`, `${INSTANCE}/COM/10000001/handover`)).status, 200);
});

test('hosted keys are provisioned once: a second load unseals the same certificates, and each creation is in the log', async () => {
  const again = await loadHostedSigningKeys({ db: f.trust.storage.db, clock: f.trust.clock, trust: f.trust.deps, kek }, { instance: INSTANCE, ...SHARED }, [A, B], 'operator');
  assert.deepEqual(again.map((h) => Buffer.from(h.signing.certificateDer).toString('hex')), hosted.map((h) => Buffer.from(h.signing.certificateDer).toString('hex')));
  const created = await f.trust.storage.db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(logEntries).where(eq(logEntries.type, 'gateway.hosted_key_created'));
  assert.equal(created[0]!.n, 2);
  await assert.rejects(loadHostedSigningKeys({ db: f.trust.storage.db, clock: f.trust.clock, trust: f.trust.deps, kek: new Uint8Array(32).fill(8) }, { instance: INSTANCE, ...SHARED }, [A], 'operator'), { code: 'ERR_GATEWAY_KEY_UNSEALABLE' });
});

function digest(messageId: string, path: string, client: string): MessageDigest {
  return {
    messageId, direction: 'request', client, service: `${INSTANCE}/GOV/70000001/cards/card-manifest`, method: 'GET', path,
    headersHash: headersHash(requestPairs('GET', path, {})), bodyHash: sha512Base64(new Uint8Array()), at: f.trust.clock.now().toISOString(),
  };
}

/** A request straight to a provider gateway over a given gateway's TLS identity, with whatever client and signature the sender chooses. */
function sendRaw(providerUrl: string, tls: ProvisionedGateway, path: string, messageId: string, client: string, signature: string): Promise<{ status: number; type: string | undefined }> {
  const address = new URL(providerUrl);
  return new Promise((resolve, reject) => {
    const req = httpsRequest({
      host: address.hostname, port: address.port, method: 'GET', path, agent: false,
      headers: { 'x-road-client': client, 'x-road-id': messageId, 'x-tessera-signature': signature },
      key: tls.tls.key, cert: tls.tls.cert, rejectUnauthorized: false,
    }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['x-road-error'] as string | undefined }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('a hosted member’s key due for renewal gets a successor, which the running gateway signs with at once; the renewal is in the log', async () => {
  const deps = { db: f.trust.storage.db, clock: f.trust.clock, trust: f.trust.deps, kek };
  // Due when renewal is looked for 400 days ahead: every key (they last 365) gets its successor.
  const renewed = await loadHostedSigningKeys(deps, { instance: INSTANCE, ...SHARED }, [A, B], 'operator', { renewBeforeDays: 400 });
  const hex = (h: HostedMember) => Buffer.from(h.signing.certificateDer).toString('hex');
  assert.ok(renewed.every((r, i) => hex(r) !== hex(hosted[i]!)), 'each member has a new certificate');
  const logged = await f.trust.storage.db.select({ leaf: logEntries.leaf }).from(logEntries).where(eq(logEntries.type, 'gateway.hosted_key_renewed'));
  assert.deepEqual(logged.map((l) => (JSON.parse(l.leaf) as { data: { generation: number } }).data.generation), [2, 2]);
  // A later start finds the successors, not the first keys.
  assert.deepEqual((await loadHostedSigningKeys(deps, { instance: INSTANCE, ...SHARED }, [A, B], 'operator')).map(hex), renewed.map(hex));

  shared.useHosted(renewed.map((h, i) => ({ ...h, services: options.hosted![i]!.services })));
  const response = await call(f.centre.gateway.clientUrl, `GOV/${A.memberCode}/register-a/records/x`, `${INSTANCE}/COM/10000001/handover`);
  assert.equal(response.status, 200, await response.clone().text());
  const [row] = await f.trust.storage.db.select({ signature: messages.signature }).from(messages)
    .where(and(eq(messages.gateway, f.centre.name), eq(messages.messageId, response.headers.get('x-road-id')!), eq(messages.direction, 'response')));
  const verified = await verifyMessageSignature(row!.signature, { trustedCaDer: [f.trust.hierarchy.issuing.gateway.der] });
  assert.equal(verified.ok && Buffer.from(verified.certificate.rawData).toString('hex'), hex(renewed[0]!), 'the answer is signed with A’s new key');
});
