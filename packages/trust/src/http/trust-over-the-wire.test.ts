// SPDX-License-Identifier: Apache-2.0
// What a service in another organisation's process gets from the trust services over the wire:
// the CA certificates, trusted only under the pinned root; certificates for its own keys by a
// PKCS#10 request with its enrolment token; card status by OCSP and its changes from the feed.
import 'reflect-metadata';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { X509Certificate, X509CertificateGenerator } from '@peculiar/x509';
import { and, eq } from 'drizzle-orm';
import { logEntries, type Database } from '@tessera/platform';
import { WrappedKeyStore, type KeyStoreBackend, type WrappedKey } from '../ca/key-store.ts';
import { normalizeSerialHex } from '../ocsp/certificate-status.ts';
import { changeCardState } from '../register/change-card-state.ts';
import { personaliseCard } from '../register/personalise-card.ts';
import { certificates } from '../register/schema.ts';
import { certificationRequest } from '../register/service-enrolment.ts';
import { openTrustFixture, TEST_ENROLMENT_TOKEN, type TrustFixture } from '../testing/trust-fixture.ts';
import { EnrolmentRefused, TrustAnchorsRefused } from '../trust-errors.ts';
import { ENROLMENT_PATH } from './service-enrolment-routes.ts';
import { remoteStatusSource, STATUS_FEED_PATH } from './status-feed.ts';
import { fetchPinnedAuthorities, remoteServiceCertification, type PinnedAuthorities } from './trust-client.ts';

let f: TrustFixture;
let pin = '';
let authorities: PinnedAuthorities;
const memoryBackend = (): KeyStoreBackend => {
  const keys = new Map<string, WrappedKey>();
  return { get: async (label) => keys.get(label) ?? null, put: async (label, key) => void keys.set(label, key) };
};

before(async () => {
  f = await openTrustFixture();
  pin = createHash('sha256').update(f.hierarchy.root.der).digest('hex');
  authorities = await fetchPinnedAuthorities({ trustUrl: f.baseUrl, rootSha256: pin, fetch });
});
after(() => f?.close());

test('the CA certificates are trusted only under the pinned root: another root, or an issuing CA the root did not sign, refuses', async () => {
  assert.deepEqual([...authorities.byRole.keys()].sort(), ['card-auth', 'card-sign', 'gateway', 'root', 'services']);
  assert.equal(authorities.byRole.get('services')!.subject, new X509Certificate(f.hierarchy.issuing.services.der).subject);
  assert.match(authorities.ocsp.get('card-auth')!, new RegExp(`^${f.baseUrl}/ocsp/`));
  await assert.rejects(fetchPinnedAuthorities({ trustUrl: f.baseUrl, rootSha256: '00'.repeat(32), fetch }), (e) => e instanceof TrustAnchorsRefused && /not the one pinned/.test(e.message));
  // A published card-auth CA swapped for one the root never signed (same name, its own key).
  const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const cardAuth = new X509Certificate(f.hierarchy.issuing['card-auth'].der);
  const forged = await X509CertificateGenerator.create({
    serialNumber: '01', subject: cardAuth.subject, issuer: authorities.root.subject, notBefore: new Date(), notAfter: new Date(Date.now() + 86_400_000),
    publicKey: keys.publicKey, signingKey: keys.privateKey, signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    extensions: [cardAuth.extensions.find((e) => e.type === '2.5.29.19')!],
  });
  const tampering: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    const body = await response.json() as { authorities: Array<{ role: string; certificate: string }> };
    for (const a of body.authorities) if (a.role === 'card-auth') a.certificate = Buffer.from(forged.rawData).toString('base64');
    return Response.json(body);
  };
  await assert.rejects(fetchPinnedAuthorities({ trustUrl: f.baseUrl, rootSha256: pin, fetch: tampering }), (e) => e instanceof TrustAnchorsRefused && /card-auth CA is not a CA signed by the pinned root/.test(e.message));
  await assert.rejects(fetchPinnedAuthorities({ trustUrl: 'http://127.0.0.1:9/', rootSha256: pin, fetch }), TrustAnchorsRefused);
});

test('a service’s own key is certified by the services CA through a signed request with its token, recorded in the register and the log', async () => {
  const keyStore = await WrappedKeyStore.open({ kek: randomBytes(32), backend: memoryBackend() });
  await keyStore.generate('issuer-key-1', 'P-256');
  const pki = remoteServiceCertification({ trustUrl: f.baseUrl, token: TEST_ENROLMENT_TOKEN, keyStore, authorities, fetch });
  const { certificate, chain } = await pki.certify('mdoc-document-signer', 'issuer-key-1', { commonName: 'Remote Issuer', organization: 'Remote Org', country: 'KR' });
  assert.equal(certificate.issuer, authorities.byRole.get('services')!.subject);
  assert.ok(await certificate.verify({ publicKey: chain[0]!.publicKey, signatureOnly: true }));
  assert.deepEqual(new Uint8Array(certificate.publicKey.rawData), new Uint8Array(await crypto.subtle.exportKey('spki', await keyStore.publicKey('issuer-key-1'))));
  assert.ok(certificate.extensions.some((e) => e.type === '2.5.29.37'), 'the document signer profile with its EKU');
  const serial = normalizeSerialHex(certificate.serialNumber);
  const [row] = await f.storage.db.select().from(certificates).where(eq(certificates.serial, serial));
  assert.deepEqual([row?.issuer, row?.usage, row?.status], ['services', 'mdoc-document-signer', 'good']);
  const events = await (f.storage.db as Database).select().from(logEntries).where(and(eq(logEntries.type, 'service_certificate.issued'), eq(logEntries.subject, 'Remote Issuer')));
  assert.equal(events.length, 1);
});

test('enrolment refuses a missing or wrong token, a request not signed by its key, an unknown profile and extra subject fields, issuing nothing', async () => {
  const keyStore = await WrappedKeyStore.open({ kek: randomBytes(32), backend: memoryBackend() });
  await keyStore.generate('k1', 'P-256');
  await keyStore.generate('k2', 'P-256');
  const before = (await f.storage.db.select().from(certificates).where(eq(certificates.issuer, 'services'))).length;
  const post = (body: unknown, token: string | null = TEST_ENROLMENT_TOKEN) => fetch(`${f.baseUrl}${ENROLMENT_PATH}`, {
    method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body),
  });
  const csr = Buffer.from(await certificationRequest(keyStore, 'k1', { commonName: 'A', organization: 'B', country: 'KR' })).toString('base64');
  for (const token of [null, 'wrong-token-0123456789abcdef']) {
    const refused = await post({ profile: 'relying-party', csr }, token);
    assert.equal(refused.status, 401);
    assert.equal(((await refused.json()) as { code: string }).code, 'ERR_UNAUTHENTICATED');
  }
  const unknown = await post({ profile: 'card-authentication', csr });
  assert.equal(unknown.status, 400);
  // k1's request with k2's public key: no proof of possession.
  const own = Buffer.from(csr, 'base64');
  const other = Buffer.from(await certificationRequest(keyStore, 'k2', { commonName: 'A', organization: 'B', country: 'KR' }));
  const spki1 = Buffer.from(await crypto.subtle.exportKey('spki', await keyStore.publicKey('k1')));
  const spki2 = Buffer.from(await crypto.subtle.exportKey('spki', await keyStore.publicKey('k2')));
  assert.ok(other.length > 0);
  const swapped = Buffer.from(own.toString('hex').replace(spki1.toString('hex'), spki2.toString('hex')), 'hex');
  const forged = await post({ profile: 'relying-party', csr: swapped.toString('base64') });
  assert.equal(forged.status, 400);
  assert.match(((await forged.json()) as { detail: string }).detail, /does not verify under its key/);
  assert.equal((await f.storage.db.select().from(certificates).where(eq(certificates.issuer, 'services'))).length, before);
  // And the client refuses an answer that is not for its key.
  const lying: typeof fetch = async (input, init) => {
    const body = JSON.parse(String(init?.body)) as { profile: string };
    return fetch(input, { ...init, body: JSON.stringify({ ...body, csr: other.toString('base64') }) });
  };
  const pki = remoteServiceCertification({ trustUrl: f.baseUrl, token: TEST_ENROLMENT_TOKEN, keyStore, authorities, fetch: lying });
  await assert.rejects(pki.certify('relying-party', 'k1', { commonName: 'A', organization: 'B', country: 'KR' }), (e) => e instanceof EnrolmentRefused && /not for our key/.test(e.message));
});

test('a card’s status is read by OCSP and its change heard from the feed within the change’s own notification', async () => {
  const { card } = await personaliseCard(f.deps, { orderReference: `WIRE-${Date.now()}`, givenNames: 'Ji-woo', surname: 'Park', dateOfBirth: '1990-04-12', sex: 'F', citizenship: 'KR', pickupLocation: 'seoul-vfs' }, 'officer-1');
  await changeCardState(f.deps, card.id, { action: 'activate' }, 'officer-1');
  const serial = normalizeSerialHex(new X509Certificate(new Uint8Array(f.deps.bureau.card(card.chipId)!.readCertificate('authentication'))).serialNumber);
  const cardAuth = authorities.byRole.get('card-auth')!;
  const { AsnConvert } = await import('@peculiar/asn1-schema');
  const { Certificate } = await import('@peculiar/asn1-x509');
  const keyHash = new Uint8Array(createHash('sha1').update(new Uint8Array(AsnConvert.parse(cardAuth.rawData, Certificate).tbsCertificate.subjectPublicKeyInfo.subjectPublicKey)).digest());
  const errors: unknown[] = [];
  const source = remoteStatusSource({ issuer: cardAuth, issuerKeyHash: keyHash, ocspUrl: authorities.ocsp.get('card-auth')!, feedUrl: `${f.baseUrl}${STATUS_FEED_PATH}`, fetch, clock: f.clock, onError: (e) => errors.push(e) });
  try {
    const synced = new Promise<void>((resolve) => source.onResync(resolve));
    const heard: string[] = [];
    let onHeard: () => void = () => undefined;
    source.onChange((s) => { heard.push(s); onHeard(); });
    await synced;
    assert.deepEqual(await source.status(keyHash, serial), { kind: 'good' });
    const changed = new Promise<void>((resolve) => { onHeard = () => { if (heard.includes(serial)) resolve(); }; });
    await changeCardState(f.deps, card.id, { action: 'suspend' }, 'officer-1');
    await changed;
    const suspended = await source.status(keyHash, serial);
    assert.equal(suspended.kind, 'revoked');
    assert.equal(suspended.kind === 'revoked' && suspended.reason, 'certificateHold');
    assert.deepEqual(await source.status(new Uint8Array(20), serial), { kind: 'unknown' }, 'another issuer’s key hash is not answered for');
    assert.deepEqual(errors, []);
  } finally {
    source.close();
  }
});
