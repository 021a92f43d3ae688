// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import 'reflect-metadata';
import { ExtendedKeyUsageExtension } from '@peculiar/x509';
import { eq } from 'drizzle-orm';
import { buildServer } from '@tessera/platform';
import { registerCitizenSignIn } from '../http/citizen-sign-in.ts';
import { issueGatewayCertificates } from '../register/gateway-certificates.ts';
import { openPinEnvelope, type SealedPinEnvelope } from '../card/pin-envelope.ts';
import { issuerIdentity } from '../ocsp/issuer-identity.ts';
import { registerStatusSource } from '../register/register-status-source.ts';
import { certificates } from '../register/schema.ts';
import { StatusChanges } from '../register/status-changes.ts';
import { changeCardState } from '../register/change-card-state.ts';
import { personaliseCard } from '../register/personalise-card.ts';
import { openTrustFixture, type TrustFixture } from '../testing/trust-fixture.ts';
import { signDocument, verifyDocumentSignature } from './document-signature.ts';
import { createWebEidToken, verifyWebEidToken } from './web-eid-token.ts';
import type { TrustAnchors } from './certificate-path.ts';

let f: TrustFixture;
let anchors: TrustAnchors;
let relyingFetch: typeof fetch;
before(async () => {
  f = await openTrustFixture();
  ({ anchors, relyingFetch } = f);
});
after(() => f.close());

let n = 0;
async function activeCard() {
  const { card, openingCode } = await personaliseCard(f.deps, {
    orderReference: `ER-2026-9${String(++n).padStart(5, '0')}`, givenNames: 'Seo-yeon', surname: 'Lim', dateOfBirth: '1993-09-21', sex: 'F', citizenship: 'KR', pickupLocation: 'seoul-vfs',
  }, 'officer-1');
  await changeCardState(f.deps, card.id, { action: 'activate' }, 'vfs-operator');
  return { card, chip: f.deps.bureau.card(card.chipId)!, pins: openPinEnvelope(card.pinEnvelope as unknown as SealedPinEnvelope, openingCode) };
}

const contract = new TextEncoder().encode('Share purchase agreement, OÜ Näide, 2026-11-27');
const verify = (jws: string, document = contract) => verifyDocumentSignature(jws, document, { anchors, fetch: relyingFetch, now: f.clock.now() });

test('a document signed on the card with PIN2 verifies for anyone with the CA bundle and OCSP', async () => {
  const { chip, pins, card } = await activeCard();
  const jws = await signDocument(chip, pins.PIN2, contract, f.clock.now());
  const result = await verify(jws);
  assert.equal(result.ok, true, JSON.stringify(result));
  if (result.ok) {
    assert.equal(result.signer.identificationCode, card.holderCode);
    assert.equal(result.signer.surname, 'LIM');
    assert.equal(result.status.status, 'good');
  }
});

test('a changed document no longer matches the signature', async () => {
  const { chip, pins } = await activeCard();
  const jws = await signDocument(chip, pins.PIN2, contract, f.clock.now());
  const result = await verify(jws, new TextEncoder().encode('Share purchase agreement, OÜ Näide, 2026-11-28'));
  assert.deepEqual(result, { ok: false, reason: 'The signature does not match the document.' });
});

test('a signature made with a suspended card fails the OCSP check', async () => {
  const { chip, pins, card } = await activeCard();
  const jws = await signDocument(chip, pins.PIN2, contract, f.clock.now());
  await changeCardState(f.deps, card.id, { action: 'suspend' }, 'helpdesk');
  const result = await verify(jws);
  assert.deepEqual(result, { ok: false, reason: 'The signing certificate is revoked (certificateHold).' });
});

test('the wrong PIN2 does not sign, and the third wrong try blocks it even for the right PIN', async () => {
  const { chip, pins } = await activeCard();
  await assert.rejects(signDocument(chip, '00000', contract, f.clock.now()), { code: 'ERR_PIN_WRONG' });
  await assert.rejects(signDocument(chip, '00000', contract, f.clock.now()), { code: 'ERR_PIN_WRONG' });
  await assert.rejects(signDocument(chip, '00000', contract, f.clock.now()), { code: 'ERR_PIN_BLOCKED' });
  await assert.rejects(signDocument(chip, pins.PIN2, contract, f.clock.now()), { code: 'ERR_PIN_BLOCKED' });
});

test('an authentication certificate cannot stand in for a signature', async () => {
  const { chip, pins } = await activeCard();
  const jws = await signDocument(chip, pins.PIN2, contract, f.clock.now());
  const [header, , signature] = jws.split('.');
  const swapped = JSON.parse(Buffer.from(header!, 'base64url').toString());
  swapped.x5c = [Buffer.from(chip.readCertificate('authentication')).toString('base64')];
  const result = await verify(`${Buffer.from(JSON.stringify(swapped)).toString('base64url')}..${signature}`);
  assert.deepEqual(result, { ok: false, reason: 'The certificate is not for signatures (no nonRepudiation).' });
});

test('a Web eID token from the card signs the holder in, bound to the site and the challenge', async () => {
  const { chip, pins, card } = await activeCard();
  const token = await createWebEidToken(chip, pins.PIN1, 'https://eesti.example', 'nonce-0123456789abcdef0123456789abcdef');
  const ok = await verifyWebEidToken(token, { origin: 'https://eesti.example', nonce: 'nonce-0123456789abcdef0123456789abcdef', anchors, fetch: relyingFetch, now: f.clock.now() });
  assert.deepEqual(ok, { ok: true, holder: { givenNames: 'SEO-YEON', surname: 'LIM', identificationCode: card.holderCode, country: 'KR' } });
  const otherSite = await verifyWebEidToken(token, { origin: 'https://phish.example', nonce: 'nonce-0123456789abcdef0123456789abcdef', anchors, fetch: relyingFetch, now: f.clock.now() });
  assert.deepEqual(otherSite, { ok: false, reason: 'The signature is not over this site and challenge.' });
});

test('a revoked card cannot sign in', async () => {
  const { chip, pins, card } = await activeCard();
  await changeCardState(f.deps, card.id, { action: 'revoke', reason: 'lost' }, 'officer-1');
  const token = await createWebEidToken(chip, pins.PIN1, 'https://eesti.example', 'nonce-x');
  const result = await verifyWebEidToken(token, { origin: 'https://eesti.example', nonce: 'nonce-x', anchors, fetch: relyingFetch, now: f.clock.now() });
  assert.deepEqual(result, { ok: false, reason: "The card's certificate is revoked (keyCompromise)." });
});

test('a card from another certificate authority is not trusted', async () => {
  const { chip, pins } = await activeCard();
  const jws = await signDocument(chip, pins.PIN2, contract, f.clock.now());
  const stranger = { roots: [anchors.intermediates[0]!], intermediates: [] };
  const result = await verifyDocumentSignature(jws, contract, { anchors: stranger, fetch: relyingFetch, now: f.clock.now() });
  assert.equal(result.ok, false);
});

test('the citizen portal signs the holder in with a one-time challenge and shows their cards', async () => {
  const { chip, pins, card } = await activeCard();
  const { nonce } = (await f.server.inject({ method: 'GET', url: '/citizen/sign-in/challenge' })).json();
  const token = await createWebEidToken(chip, pins.PIN1, f.origin, nonce);
  const signIn = await f.server.inject({ method: 'POST', url: '/citizen/sign-in/card', payload: { nonce, token } });
  assert.equal(signIn.statusCode, 200, signIn.body);
  const cookie = signIn.cookies.find((c: { name: string }) => c.name === 'citizen')!;
  const portal = await f.server.inject({ method: 'GET', url: '/citizen', cookies: { citizen: cookie.value } });
  assert.equal(portal.statusCode, 200);
  assert.match(portal.body, new RegExp(card.documentNumber));
  assert.match(portal.body, new RegExp(card.holderCode));
  const replay = await f.server.inject({ method: 'POST', url: '/citizen/sign-in/card', payload: { nonce, token } });
  assert.equal(replay.statusCode, 401, 'a challenge works once');
  assert.equal((await f.server.inject({ method: 'GET', url: '/citizen' })).statusCode, 401, 'no session, no portal');
  const browser = await f.server.inject({ method: 'GET', url: '/citizen', headers: { accept: 'text/html' } });
  assert.equal(browser.headers.location, '/citizen/sign-in', 'a browser is shown how to sign in');
  assert.match((await f.server.inject({ method: 'GET', url: '/citizen/sign-in?lang=ko' })).body, /PIN1/);
});

test('after the card’s five years its certificate is refused, and OCSP no longer says good', async () => {
  const { chip, pins, card } = await activeCard();
  const jws = await signDocument(chip, pins.PIN2, contract, f.clock.now());
  const expired = new Date(Date.parse(card.validUntil) + 2 * 86_400_000);
  const result = await verifyDocumentSignature(jws, contract, { anchors, fetch: relyingFetch, now: expired });
  assert.equal(result.ok, false);
  if (!result.ok) assert.match(result.reason, /is not valid at/);
  const [cert] = await f.storage.db.select().from(certificates).where(eq(certificates.cardId, card.id));
  const source = registerStatusSource(f.storage.db, { now: () => expired }, new StatusChanges());
  const issuer = f.hierarchy.issuing[cert!.issuer as 'card-auth'].der;
  assert.deepEqual(await source.status(issuerIdentity(issuer).sha1KeyHash, cert!.serial), { kind: 'unknown' });
});

test('citizen sign-in accepts only card authentication certificates: a gateway TLS certificate under the same root is refused', async () => {
  const keys = async () => (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-384' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const [tlsKeys, signingKeys] = [await keys(), await keys()];
  const { tls } = await issueGatewayCertificates(f.deps, {
    subject: { country: 'EE', organization: 'Population Register', commonName: 'TESSERA/GOV/70000001/gw1' }, dnsNames: ['gw1.example'],
    tlsPublicKey: tlsKeys.publicKey, signingPublicKey: signingKeys.publicKey, validityDays: 30,
  }, 'registry-operator');
  assert.ok(tls.getExtension(ExtendedKeyUsageExtension)?.usages.includes('1.3.6.1.5.5.7.3.2'), 'the gateway certificate is for clientAuth too');
  const { nonce } = (await f.server.inject({ method: 'GET', url: '/citizen/sign-in/challenge' })).json();
  const signed = new Uint8Array(Buffer.concat([createHash('sha384').update(f.origin).digest(), createHash('sha384').update(nonce).digest()]));
  const signature = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-384' }, tlsKeys.privateKey, signed);
  const token = { unverifiedCertificate: Buffer.from(tls.rawData).toString('base64'), algorithm: 'ES384', signature: Buffer.from(signature).toString('base64'), format: 'web-eid:1.0' };
  const signIn = await f.server.inject({ method: 'POST', url: '/citizen/sign-in/card', payload: { nonce, token } });
  assert.equal(signIn.statusCode, 401);
  assert.equal(signIn.json().code, 'ERR_UNAUTHENTICATED');
  assert.equal(signIn.cookies.some((c: { name: string }) => c.name === 'citizen'), false, 'no session');
  const direct = await verifyWebEidToken(token as never, { origin: f.origin, nonce, anchors, fetch: relyingFetch, now: f.clock.now() });
  assert.deepEqual(direct, { ok: false, reason: 'The certificate was not issued by the card authentication CA.' });
});

test('a relying party that does not name the card authentication CA accepts no card at all (fails closed)', async () => {
  const { chip, pins } = await activeCard();
  const token = await createWebEidToken(chip, pins.PIN1, 'https://eesti.example', 'nonce-closed');
  const { cardAuthentication: _named, ...withoutIssuer } = anchors;
  const result = await verifyWebEidToken(token, { origin: 'https://eesti.example', nonce: 'nonce-closed', anchors: withoutIssuer, fetch: relyingFetch, now: f.clock.now() });
  assert.equal(result.ok, false);
});

test('sign-in challenges are rate-limited per client address: each one writes a row', async () => {
  const server = await buildServer({ title: 'challenge limit', cookieSecret: 'c'.repeat(32), logLevel: 'silent', storage: f.storage });
  try {
    registerCitizenSignIn(server, f.deps, { origin: f.origin, anchors: async () => anchors, fetch: relyingFetch, challengeRateLimit: { max: 2, timeWindow: '1 minute' } });
    const ask = () => server.inject({ method: 'GET', url: '/citizen/sign-in/challenge' });
    assert.equal((await ask()).statusCode, 200);
    assert.equal((await ask()).statusCode, 200);
    const third = await ask();
    assert.equal(third.statusCode, 429);
    assert.equal(third.json().code, 'ERR_TOO_MANY_REQUESTS');
  } finally {
    await server.close();
  }
});
