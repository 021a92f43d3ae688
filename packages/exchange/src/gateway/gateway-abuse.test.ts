// SPDX-License-Identifier: Apache-2.0
// What a dishonest or compromised peer might try against a gateway, and what must hold when a
// gateway restarts under load. Each test names the property it protects.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { Agent, createServer as createHttpsServer, request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import 'reflect-metadata';
import { and, eq } from 'drizzle-orm';
import { CompactSign } from 'jose';
import { X509Certificate } from '@peculiar/x509';
import { canonicalJson } from '@tessera/platform';
import { gatewaySigning, issueGatewayCertificates, loadAuthority, revokeCertificate } from '@tessera/trust';
import { commonNameOf, sha512Base64, signMessage, verifyMessageSignature, type MessageDigest, type MessageSigningKey } from '../message-log/message-signature.ts';
import { messages } from '../message-log/schema.ts';
import { registerGateway, removeGateway } from '../registry/gateways.ts';
import { openExchangeFixture, CENTRE, AUTHORITY, type ExchangeFixture } from '../testing/exchange-fixture.ts';
import { CLIENT_CREDENTIAL_HEADER } from './client-credentials.ts';
import { headersHash, requestPairs } from './gateway-headers.ts';

let f: ExchangeFixture;
before(async () => {
  f = await openExchangeFixture({ requestsPerMinute: 1_000_000 });
});
after(() => f?.close());

const CENTRE_CLIENT = 'TESSERA/COM/10000001/handover';
const MANIFESTS = '/r1/TESSERA/GOV/70000001/cards/card-manifest';
let ids = 0;
const nextId = (label: string) => `${label}-${++ids}`;

// First, while every gateway's certificates are still good (later tests revoke some).
test('on a gateway that hosts nobody the owner’s own systems call without a credential, but one presented must be the subsystem’s: a wrong one is refused before anything is signed or logged', async () => {
  const plain = await fetch(f.centre.gateway.clientUrl + `${MANIFESTS}/manifests/1`, { headers: { 'X-Road-Client': CENTRE_CLIENT, 'X-Road-Id': nextId('owner-plain') } });
  assert.equal(plain.status, 200, await plain.clone().text());
  const messageId = nextId('owner-wrong-credential');
  const wrong = await fetch(f.centre.gateway.clientUrl + `${MANIFESTS}/manifests/1`, { headers: { 'X-Road-Client': CENTRE_CLIENT, 'X-Road-Id': messageId, [CLIENT_CREDENTIAL_HEADER]: 'guessed' } });
  assert.equal(wrong.status, 500);
  assert.equal(wrong.headers.get('x-road-error'), 'Server.ClientProxy.IsAuthenticationFailed');
  assert.equal((await f.trust.storage.db.select({ id: messages.id }).from(messages).where(eq(messages.messageId, messageId))).length, 0);
});

/** Fresh gateway certificates from the gateway CA for a given common name; the signing one returned ready to sign. */
async function gatewaySigner(commonName: string): Promise<MessageSigningKey & { serial: string }> {
  const signingPair = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify'])) as CryptoKeyPair;
  const tls = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const tlsPublicKey = await crypto.subtle.importKey('spki', tls.publicKey.export({ type: 'spki', format: 'der' }), { name: 'ECDSA', namedCurve: 'P-256' }, true, ['verify']);
  const issued = await issueGatewayCertificates(f.trust.deps, {
    subject: { commonName, organization: CENTRE.memberName, country: 'EE' }, dnsNames: ['localhost'], tlsPublicKey, signingPublicKey: signingPair.publicKey, validityDays: 30,
  }, 'operator');
  return { privateKey: signingPair.privateKey, certificateDer: new Uint8Array(issued.signing.rawData), serial: issued.signing.serialNumber };
}

function requestDigest(messageId: string, path: string): MessageDigest {
  return {
    messageId, direction: 'request', client: CENTRE_CLIENT, service: 'TESSERA/GOV/70000001/cards/card-manifest', method: 'GET', path,
    headersHash: headersHash(requestPairs('GET', path, {})), bodyHash: sha512Base64(new Uint8Array()), at: f.trust.clock.now().toISOString(),
  };
}

/**
 * A request straight to the authority's gateway over the centre's own (registered, good) TLS
 * identity, with whatever signature the sender chooses: what a compromised peer can send.
 */
function sendAsCentre(path: string, messageId: string, signature: string, agent: Agent | false = false): Promise<{ status: number; type: string | undefined; reusedSocket: boolean }> {
  const address = new URL(f.authority.gateway.providerUrl);
  return new Promise((resolve, reject) => {
    const req = httpsRequest({
      host: address.hostname, port: address.port, method: 'GET', path, agent,
      headers: { 'x-road-client': CENTRE_CLIENT, 'x-road-id': messageId, 'x-tessera-signature': signature },
      key: f.centre.identity.tls.key, cert: f.centre.identity.tls.cert, rejectUnauthorized: false,
    }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['x-road-error'] as string | undefined, reusedSocket: req.reusedSocket }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function signedAs(signer: MessageSigningKey, label: string) {
  const messageId = nextId(label);
  const path = `${MANIFESTS}/manifests/${messageId}`;
  return { messageId, path, signature: await signMessage(requestDigest(messageId, path), signer) };
}

test('a request signed by a gateway whose name merely contains the caller’s (gw10 for gw1) is refused', async () => {
  const honest = await signedAs(await gatewaySigner('TESSERA/COM/10000001/gw1'), 'exact');
  assert.deepEqual(await sendAsCentre(honest.path, honest.messageId, honest.signature), { status: 200, type: undefined, reusedSocket: false });
  const lookalike = await signedAs(await gatewaySigner('TESSERA/COM/10000001/gw10'), 'lookalike');
  assert.deepEqual(await sendAsCentre(lookalike.path, lookalike.messageId, lookalike.signature), { status: 500, type: 'Server.ServerProxy.InvalidSignature', reusedSocket: false });
});

test('a signing certificate from another CA under the trusted root is refused, even with that CA in x5c', async () => {
  const services = await loadAuthority(f.trust.storage.db, f.trust.deps.keyStore, 'services');
  const keys = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify'])) as CryptoKeyPair;
  const now = f.trust.clock.now();
  const certificate = await gatewaySigning(services, {
    subject: { commonName: 'TESSERA/COM/10000001/gw1', organization: CENTRE.memberName, country: 'EE' }, publicKey: keys.publicKey,
    notBefore: new Date(Math.floor(now.getTime() / 1000) * 1000), notAfter: new Date(now.getTime() + 86_400_000), urls: services.urls,
  });
  const messageId = nextId('other-ca');
  const path = `${MANIFESTS}/manifests/${messageId}`;
  const signature = await new CompactSign(new TextEncoder().encode(canonicalJson(requestDigest(messageId, path))))
    .setProtectedHeader({ alg: 'ES256', x5c: [Buffer.from(certificate.rawData).toString('base64'), Buffer.from(services.certificate.rawData).toString('base64')] })
    .sign(keys.privateKey);
  assert.deepEqual(await sendAsCentre(path, messageId, signature), { status: 500, type: 'Server.ServerProxy.InvalidSignature', reusedSocket: false });
});

test('a request signed with a revoked signing certificate is refused once OCSP says so', async () => {
  const signer = await gatewaySigner('TESSERA/COM/10000001/gw1');
  const first = await signedAs(signer, 'before-revocation');
  assert.equal((await sendAsCentre(first.path, first.messageId, first.signature)).status, 200);
  await revokeCertificate(f.trust.deps, signer.serial, 'keyCompromise', 'operator');
  f.trust.clock.advance(61_000); // past the gateways' one-minute OCSP cache
  await f.publish();
  const second = await signedAs(signer, 'after-revocation');
  assert.deepEqual(await sendAsCentre(second.path, second.messageId, second.signature), { status: 500, type: 'Server.ServerProxy.InvalidSignature', reusedSocket: false });
});

test('a fault from the provider’s gateway is signed, verified and logged by the client’s gateway', async () => {
  const messageId = nextId('fault');
  const response = await fetch(f.tax.gateway.clientUrl + `${MANIFESTS}/manifests/${messageId}`, { headers: { 'X-Road-Client': 'TESSERA/GOV/70000002/tax', 'x-road-id': messageId } });
  assert.equal(response.status, 500);
  assert.equal(response.headers.get('x-road-error'), 'Server.ServerProxy.AccessDenied');
  assert.equal((await response.json()).type, 'Server.ServerProxy.AccessDenied');
  const logged = await f.trust.storage.db.select().from(messages).where(and(eq(messages.gateway, f.tax.name), eq(messages.messageId, messageId)));
  assert.deepEqual(logged.map((row) => row.direction).sort(), ['request', 'response']);
  const fault = logged.find((row) => row.direction === 'response')!;
  const verified = await verifyMessageSignature(fault.signature, { expected: fault.digest, trustedCaDer: [f.trust.hierarchy.issuing.gateway.der] });
  assert.ok(verified.ok);
  assert.equal(commonNameOf(verified.certificate), f.authority.name);
});

test('a fault the provider’s gateway did not sign is not passed on as the provider’s', async () => {
  // A stand-in holding the authority's TLS identity (so the pinned certificate matches) that answers with an unsigned fault.
  const impostor = createHttpsServer({ key: f.authority.identity.tls.key, cert: f.authority.identity.tls.cert }, (req, res) => {
    req.resume();
    res.writeHead(500, { 'content-type': 'application/json', 'x-road-error': 'Server.ServerProxy.AccessDenied' });
    res.end(JSON.stringify({ type: 'Server.ServerProxy.AccessDenied', message: 'no', detail: '' }));
  });
  await new Promise<void>((done) => impostor.listen(0, '127.0.0.1', done));
  const id = { memberClass: AUTHORITY.memberClass, memberCode: AUTHORITY.memberCode, serverCode: 'gw1' };
  const move = async (address: string) => {
    await removeGateway(f.registry, 'operator', id);
    await registerGateway(f.registry, 'operator', { ...id, address, authCertificate: f.authority.identity.tls.der });
    await f.publish();
  };
  try {
    await move(`https://127.0.0.1:${(impostor.address() as AddressInfo).port}`);
    const response = await fetch(f.centre.gateway.clientUrl + `${MANIFESTS}/manifests/unsigned-fault`, { headers: { 'X-Road-Client': CENTRE_CLIENT } });
    assert.equal(response.status, 500);
    assert.equal(response.headers.get('x-road-error'), 'Server.ClientProxy.InconsistentResponse');
  } finally {
    await move(f.authority.gateway.providerUrl);
    impostor.closeAllConnections();
    impostor.close();
  }
});

test('a gateway restart mid-load loses no logged message', async () => {
  const count = 40;
  const calls = Array.from({ length: count }, (_, i) => `restart-${i}`);
  const outcomes: Array<{ id: string; status: number }> = [];
  let restarted = false;
  await Promise.all(calls.map(async (id, i) => {
    // Start the calls in waves so some are in flight on each side when the gateways restart.
    await new Promise((done) => setImmediate(done));
    if (i === count / 2 && !restarted) {
      restarted = true;
      await Promise.all([f.authority.restart(), f.centre.restart()]);
    }
    try {
      const response = await fetch(f.centre.gateway.clientUrl + `${MANIFESTS}/manifests/${id}`, { headers: { 'X-Road-Client': CENTRE_CLIENT, 'x-road-id': id } });
      await response.arrayBuffer();
      outcomes.push({ id, status: response.status });
    } catch {
      outcomes.push({ id, status: 0 });
    }
  }));
  const rows = await f.trust.storage.db.select({ gateway: messages.gateway, messageId: messages.messageId, direction: messages.direction }).from(messages);
  const has = (gateway: string, id: string, direction: string) => rows.some((r) => r.gateway === gateway && r.messageId === id && r.direction === direction);
  const answered = outcomes.filter((o) => o.status === 200);
  assert.ok(answered.length > 0);
  for (const { id } of answered) {
    for (const gateway of [f.centre.name, f.authority.name]) {
      for (const direction of ['request', 'response']) assert.ok(has(gateway, id, direction), `${direction} ${id} logged by ${gateway}`);
    }
  }
  // whatever reached the service was logged as a request by both gateways before it got there
  for (const seen of f.service.seen.filter((s) => String(s.headers['x-road-id'] ?? '').startsWith('restart-'))) {
    const id = String(seen.headers['x-road-id']);
    assert.ok(has(f.centre.name, id, 'request') && has(f.authority.name, id, 'request'), `request ${id} logged by both gateways`);
  }
  const after = await fetch(f.centre.gateway.clientUrl + `${MANIFESTS}/manifests/after-restart`, { headers: { 'X-Road-Client': CENTRE_CLIENT } });
  assert.equal(after.status, 200);
});

// Last: it revokes the centre's TLS certificate.
test('a peer whose certificate is revoked while a pooled connection is open is refused on its next message', async () => {
  const agent = new Agent({ keepAlive: true, maxSockets: 1, maxCachedSessions: 0 });
  try {
    const first = await signedAs(f.centre.identity.signing, 'pooled');
    assert.deepEqual(await sendAsCentre(first.path, first.messageId, first.signature, agent), { status: 200, type: undefined, reusedSocket: false });
    const centreTls = new X509Certificate(new Uint8Array(f.centre.identity.tls.der));
    await revokeCertificate(f.trust.deps, centreTls.serialNumber, 'keyCompromise', 'operator');
    f.trust.clock.advance(61_000); // past the gateways' one-minute OCSP cache
    await f.publish();
    const next = await signedAs(f.centre.identity.signing, 'pooled');
    assert.deepEqual(await sendAsCentre(next.path, next.messageId, next.signature, agent), { status: 500, type: 'Server.ServerProxy.SslAuthenticationFailed', reusedSocket: true });
  } finally {
    agent.destroy();
  }
});
