// SPDX-License-Identifier: Apache-2.0
import 'reflect-metadata';
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJson } from '@tessera/platform';
import { compactVerify, decodeProtectedHeader } from 'jose';
import { X509Certificate } from '@peculiar/x509';
import { requireValidSignature, sha512Base64, signMessage, verifyMessageSignature, type MessageDigest, type MessageSigningKey } from './message-signature.ts';
import { createMemberCa, type MemberCa } from './test-fixtures.ts';

let ca: MemberCa;
let otherCa: MemberCa;
let gateway: MessageSigningKey;

const digest: MessageDigest = {
  messageId: 'b1c4a3e2-0d9f-4a51-9d77-3e2f4f5a6b7c',
  direction: 'request',
  client: 'TS/GOV/70000001/registry',
  service: 'TS/GOV/70000002/population/persons',
  method: 'GET',
  path: '/r1/TS/GOV/70000002/population/persons/38001010000?fields=name',
  headersHash: sha512Base64('accept:application/json'),
  bodyHash: sha512Base64(''),
  at: new Date().toISOString(),
};

before(async () => {
  ca = await createMemberCa();
  otherCa = await createMemberCa('Other Member CA');
  gateway = await ca.issueGateway('Gateway TS/GOV/70000001');
});

/** Replaces the payload of a compact JWS, keeping header and signature. */
function withPayload(jws: string, payload: string): string {
  const [header, , signature] = jws.split('.');
  return `${header}.${Buffer.from(payload).toString('base64url')}.${signature}`;
}

test('a signed message verifies against its CA and names the signing gateway', async () => {
  const jws = await signMessage(digest, gateway);
  const header = decodeProtectedHeader(jws);
  assert.equal(header.alg, 'ES256');
  assert.deepEqual(header.x5c, [Buffer.from(gateway.certificateDer).toString('base64')]);
  const result = await verifyMessageSignature(jws, { expected: digest, trustedCaDer: [ca.der] });
  assert.ok(result.ok, result.ok ? '' : result.reason);
  assert.equal(result.signer, 'CN=Gateway TS/GOV/70000001, O=Tessera Test');
  assert.deepEqual(result.digest, digest);
});

test('an independent JOSE implementation verifies the signature with the certificate key', async () => {
  const jws = await signMessage(digest, gateway);
  const key = await new X509Certificate(new Uint8Array(gateway.certificateDer)).publicKey.export();
  const { payload, protectedHeader } = await compactVerify(jws, key, { algorithms: ['ES256'] });
  assert.equal(protectedHeader.alg, 'ES256');
  assert.equal(Buffer.from(payload).toString('utf8'), canonicalJson(digest));
});

test('a header that changes how the JWS is read (crit, b64) or names another algorithm is refused', async () => {
  const jws = await signMessage(digest, gateway);
  const [header, payload, signature] = jws.split('.') as [string, string, string];
  const original = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as Record<string, unknown>;
  const withHeader = (changes: Record<string, unknown>) => `${Buffer.from(JSON.stringify({ ...original, ...changes })).toString('base64url')}.${payload}.${signature}`;
  for (const changes of [{ crit: ['b64'], b64: false }, { b64: true }]) {
    const result = await verifyMessageSignature(withHeader(changes), { trustedCaDer: [ca.der] });
    assert.match(result.ok ? '' : result.reason, /crit, b64/);
  }
  const es384 = await verifyMessageSignature(withHeader({ alg: 'ES384' }), { trustedCaDer: [ca.der] });
  assert.match(es384.ok ? '' : es384.reason, /algorithm ES384 is not the one of the signing key/);
  const none = await verifyMessageSignature(`${Buffer.from(JSON.stringify({ ...original, alg: 'none' })).toString('base64url')}.${payload}.`, { trustedCaDer: [ca.der] });
  assert.equal(none.ok, false);
});

test('the signature covers the canonical JSON of the digest', async () => {
  const jws = await signMessage(digest, gateway);
  assert.equal(Buffer.from(jws.split('.')[1]!, 'base64url').toString('utf8'), canonicalJson(digest));
});

test('a payload changed after signing is refused', async () => {
  const jws = await signMessage(digest, gateway);
  const forged = withPayload(jws, canonicalJson({ ...digest, path: '/r1/TS/GOV/70000002/population/persons/49002020000' }));
  const result = await verifyMessageSignature(forged, { trustedCaDer: [ca.der] });
  assert.equal(result.ok, false);
  assert.match(result.ok ? '' : result.reason, /does not verify/);
});

test('a genuine signature over a different digest than the expected one is refused', async () => {
  const jws = await signMessage(digest, gateway);
  const result = await verifyMessageSignature(jws, { expected: { ...digest, bodyHash: sha512Base64('other body') }, trustedCaDer: [ca.der] });
  assert.equal(result.ok, false);
  assert.match(result.ok ? '' : result.reason, /differs from the expected/);
});

test('a gateway certified by a CA that is not trusted is refused', async () => {
  const stranger = await otherCa.issueGateway('Gateway of a stranger');
  const jws = await signMessage(digest, stranger);
  const result = await verifyMessageSignature(jws, { trustedCaDer: [ca.der] });
  assert.equal(result.ok, false);
  assert.match(result.ok ? '' : result.reason, /does not chain to a trusted CA/);
  assert.equal((await verifyMessageSignature(jws, { trustedCaDer: [otherCa.der] })).ok, true);
});

test('a signature made with another key than the x5c certificate is refused', async () => {
  const impostor = await ca.issueGateway('Impostor');
  // impostor's key, honest gateway's certificate
  const jws = await signMessage(digest, { privateKey: impostor.privateKey, certificateDer: gateway.certificateDer });
  const result = await verifyMessageSignature(jws, { trustedCaDer: [ca.der] });
  assert.equal(result.ok, false);
  assert.match(result.ok ? '' : result.reason, /does not verify with the certificate key/);
});

test('a certificate not valid at the signing time is refused', async () => {
  const lapsed = await ca.issueGateway('Lapsed gateway', { notBefore: new Date(Date.now() - 2 * 86_400_000), notAfter: new Date(Date.now() - 86_400_000) });
  const jws = await signMessage(digest, lapsed);
  const result = await verifyMessageSignature(jws, { trustedCaDer: [ca.der] });
  assert.equal(result.ok, false);
  assert.match(result.ok ? '' : result.reason, /was not valid at/);
});

test('a JWS without x5c, or not a JWS at all, is reported, not thrown', async () => {
  const jws = await signMessage(digest, gateway);
  const [, payload, signature] = jws.split('.');
  const bare = `${Buffer.from(JSON.stringify({ alg: 'ES256' })).toString('base64url')}.${payload}.${signature}`;
  assert.match(((await verifyMessageSignature(bare, { trustedCaDer: [ca.der] })) as { reason: string }).reason, /no x5c/);
  assert.equal((await verifyMessageSignature('not a jws', { trustedCaDer: [ca.der] })).ok, false);
});

test('requireValidSignature throws the X-Road InvalidSignature fault', async () => {
  const jws = await signMessage(digest, gateway);
  await assert.rejects(requireValidSignature(jws, { trustedCaDer: [otherCa.der] }), { code: 'ERR_INVALID_SIGNATURE', fault: 'Server.ServerProxy.InvalidSignature' });
  assert.equal((await requireValidSignature(jws, { trustedCaDer: [ca.der] })).signer, 'CN=Gateway TS/GOV/70000001, O=Tessera Test');
});

test('signing refuses a digest with a missing field', async () => {
  const { bodyHash: _bodyHash, ...incomplete } = digest;
  await assert.rejects(signMessage(incomplete as MessageDigest, gateway), { code: 'ERR_MESSAGE_DIGEST_INVALID' });
});
