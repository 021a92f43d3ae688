// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import 'reflect-metadata';
import { createDecipheriv, createHash, createPrivateKey, createPublicKey, hkdfSync, randomBytes } from 'node:crypto';
import { X509Certificate } from '@peculiar/x509';
import { and, eq, sql } from 'drizzle-orm';
import { logEntries } from '@tessera/platform';
import { openTrustFixture, type TrustFixture } from '@tessera/trust/testing';
import { messageLogMigrations } from '../message-log/migrations.ts';
import { gatewayIdentities } from '../message-log/schema.ts';
import { loadGatewayIdentity, type GatewayIdentity, type GatewayIdentityRequest } from './gateway-identity.ts';

let t: TrustFixture;
const kek = randomBytes(32);
before(async () => {
  t = await openTrustFixture();
  await t.storage.migrate(messageLogMigrations);
});
after(() => t.close());

const gateway = (serverCode: string): GatewayIdentityRequest => ({ instance: 'TESSERA', memberClass: 'GOV', memberCode: '70000001', memberName: 'Police and Border Guard Board', serverCode, dnsNames: ['localhost'] });
const load = (serverCode: string, key: Uint8Array = kek) => loadGatewayIdentity({ db: t.storage.db, clock: t.clock, trust: t.deps, kek: key }, gateway(serverCode), 'operator');
const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows;
const rowsFor = (name: string) => t.storage.db.select().from(gatewayIdentities).where(eq(gatewayIdentities.gateway, name));
const sha256 = (der: Uint8Array) => createHash('sha256').update(der).digest('hex');

/** Signs with the identity's message key and verifies with the public key of its certificate. */
async function signsAsItsCertificate(identity: GatewayIdentity): Promise<boolean> {
  const data = new TextEncoder().encode('a message digest');
  const signature = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, identity.signing.privateKey, data);
  const publicKey = await new X509Certificate(new Uint8Array(identity.signing.certificateDer)).publicKey.export({ name: 'ECDSA', namedCurve: 'P-256' }, ['verify']);
  return crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, publicKey, signature, data);
}

test('processes of one gateway starting at once agree on one identity; the certificates of the others are revoked as superseded', async () => {
  const identities = await Promise.all([load('gwrace'), load('gwrace'), load('gwrace'), load('gwrace')]);
  const first = identities[0]!;
  for (const identity of identities) {
    assert.deepEqual(identity.tls.der, first.tls.der);
    assert.deepEqual(identity.signing.certificateDer, first.signing.certificateDer);
    assert.equal(identity.tls.key, first.tls.key);
    assert.equal(identity.generation, 1);
    assert.equal(await signsAsItsCertificate(identity), true, 'every process signs with the key of the one certificate');
  }
  // The TLS key belongs to the TLS certificate.
  const tlsPublic = createPublicKey(createPrivateKey(first.tls.key)).export({ type: 'spki', format: 'der' });
  assert.deepEqual(new Uint8Array(tlsPublic), new Uint8Array(new X509Certificate(new Uint8Array(first.tls.der)).publicKey.rawData));
  assert.equal((await rowsFor('TESSERA/GOV/70000001/gwrace')).length, 1);
  const events = await t.storage.db.select().from(logEntries).where(and(eq(logEntries.context, 'exchange_gateway'), eq(logEntries.subject, 'TESSERA/GOV/70000001/gwrace')));
  assert.deepEqual(events.map((e) => e.type), ['gateway.identity_created'], 'one identity, one event in the transparency log');

  const issued = rowsOf<{ serial: string; usage: string; status: string; reason: string | null; der: Uint8Array }>(
    await t.storage.db.execute(sql`select serial, usage, status, reason, der from trust.certificates where subject like ${'%gwrace%'}`),
  );
  assert.ok(issued.length > 2, 'the processes raced: more than one of them was issued certificates');
  const kept = new Set([sha256(first.tls.der), sha256(first.signing.certificateDer)]);
  for (const row of issued) {
    const inUse = kept.has(sha256(new Uint8Array(row.der)));
    assert.deepEqual([row.status, row.reason], inUse ? ['good', null] : ['revoked', 'superseded'], `${row.usage} ${row.serial}`);
  }
  assert.equal(issued.filter((r) => r.status === 'good').length, 2);

  // A later start (a restart, or one more process) takes the stored identity and is issued nothing.
  const later = await load('gwrace');
  assert.deepEqual(later.tls.der, first.tls.der);
  assert.equal(rowsOf(await t.storage.db.execute(sql`select 1 from trust.certificates where subject like ${'%gwrace%'}`)).length, issued.length);
});

test('a gateway started with another key-encryption key is refused and the stored identity is left as it was', async () => {
  const identity = await load('gwkek');
  const before = await rowsFor('TESSERA/GOV/70000001/gwkek');
  await assert.rejects(load('gwkek', randomBytes(32)), { code: 'ERR_GATEWAY_KEY_UNSEALABLE' });
  assert.deepEqual(await rowsFor('TESSERA/GOV/70000001/gwkek'), before);
  // A row whose certificate was swapped does not open either: each sealed key is bound to its certificate.
  const other = await load('gwother');
  await t.storage.db.update(gatewayIdentities).set({ signingCertificate: Buffer.from(other.signing.certificateDer) }).where(eq(gatewayIdentities.gateway, 'TESSERA/GOV/70000001/gwkek'));
  await assert.rejects(load('gwkek'), { code: 'ERR_GATEWAY_KEY_UNSEALABLE' });
  await t.storage.db.update(gatewayIdentities).set({ signingCertificate: Buffer.from(identity.signing.certificateDer) }).where(eq(gatewayIdentities.gateway, 'TESSERA/GOV/70000001/gwkek'));
  assert.deepEqual((await load('gwkek')).tls.der, identity.tls.der);
});

test('no private key is stored in the clear: both are sealed with AES-256-GCM under a key derived from the KEK', async () => {
  const identity = await load('gwseal');
  const [row] = await rowsFor('TESSERA/GOV/70000001/gwseal');
  assert.ok(row);
  // Opened here independently, as the table's documentation describes the format.
  const key = Buffer.from(hkdfSync('sha256', kek, Buffer.alloc(0), 'tessera exchange gateway-identity/v1', 32));
  const openSealed = (sealed: Uint8Array, purpose: string, certificate: Uint8Array) => {
    const bytes = Buffer.from(sealed);
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12), { authTagLength: 16 });
    decipher.setAAD(Buffer.from(`tessera-gateway-identity/v1\n${row.gateway}\n${row.generation}\n${purpose}\n${sha256(certificate)}`));
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    return Buffer.concat([decipher.update(bytes.subarray(12, bytes.length - 16)), decipher.final()]);
  };
  const tlsPkcs8 = openSealed(row.tlsKeySealed, 'tls', row.tlsCertificate);
  const signingPkcs8 = openSealed(row.signingKeySealed, 'signing', row.signingCertificate);
  assert.equal(createPrivateKey({ key: tlsPkcs8, format: 'der', type: 'pkcs8' }).export({ type: 'pkcs8', format: 'pem' }), identity.tls.key);
  const signingKey = await crypto.subtle.importKey('pkcs8', signingPkcs8, { name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign']);
  const data = new TextEncoder().encode('signed with the sealed key');
  const certificateKey = await new X509Certificate(new Uint8Array(row.signingCertificate)).publicKey.export({ name: 'ECDSA', namedCurve: 'P-256' }, ['verify']);
  assert.equal(await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, certificateKey, await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, signingKey, data), data), true);

  const secrets = [tlsPkcs8, signingPkcs8, ...[createPrivateKey({ key: tlsPkcs8, format: 'der', type: 'pkcs8' }).export({ format: 'jwk' }).d, (await crypto.subtle.exportKey('jwk', signingKey)).d].map((d) => Buffer.from(d!, 'base64url'))];
  for (const column of [row.tlsCertificate, row.signingCertificate, row.tlsKeySealed, row.signingKeySealed]) {
    for (const secret of secrets) assert.equal(Buffer.from(column).includes(secret), false, 'a private key in the clear');
  }
  const asText = rowsOf<{ t: string }>(await t.storage.db.execute(sql`select i::text as t from exchange_message_log.gateway_identities i where gateway = ${row.gateway}`))[0]!.t;
  for (const secret of secrets) {
    for (const encoded of [secret.toString('hex'), secret.toString('base64'), secret.toString('base64url')]) assert.equal(asText.includes(encoded), false);
  }
  assert.equal(identity.signing.privateKey.extractable, false, 'the signing key in use cannot be exported');
});

test('an identity within 30 days of expiry is renewed once by the next start; before that it is kept', async () => {
  const start = t.clock.now();
  try {
    const first = await load('gwrenew');
    t.clock.set(new Date(first.notAfter.getTime() - 31 * 86_400_000));
    assert.equal((await load('gwrenew')).generation, 1);
    t.clock.set(new Date(first.notAfter.getTime() - 29 * 86_400_000));
    const [a, b] = await Promise.all([load('gwrenew'), load('gwrenew')]);
    assert.equal(a.generation, 2);
    assert.deepEqual(a.tls.der, b.tls.der, 'processes renewing at once agree on the new identity');
    assert.notDeepEqual(a.tls.der, first.tls.der);
    assert.ok(a.notAfter.getTime() > first.notAfter.getTime());
    assert.equal(await signsAsItsCertificate(a), true);
    assert.equal((await load('gwrenew')).generation, 2);
    const events = await t.storage.db.select().from(logEntries).where(and(eq(logEntries.context, 'exchange_gateway'), eq(logEntries.subject, 'TESSERA/GOV/70000001/gwrenew')));
    assert.deepEqual(events.map((e) => e.type), ['gateway.identity_created', 'gateway.identity_renewed']);
  } finally {
    t.clock.set(start);
  }
});
