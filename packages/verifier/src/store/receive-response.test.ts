// SPDX-License-Identifier: Apache-2.0
// The verifier's checks, each named after the OpenID conformance suite's verifier check it
// mirrors where there is one; every refusal is asserted by its stable code.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { X509CertificateGenerator } from '@peculiar/x509';
import { CompactEncrypt, decodeJwt, importJWK, type JWK } from 'jose';
import { eq } from 'drizzle-orm';
import { issueSdJwtVc } from '@tessera/credentials';
import { ISSUER_URL } from '@tessera/credentials/testing';
import { logEntries } from '@tessera/platform';
import { openVerifierFixture, BANK, type VerifierFixture } from '../testing/verifier-fixture.ts';
import { createPresentationRequest } from './create-presentation-request.ts';
import { findPresentationRequest } from './find-presentation-request.ts';
import { receiveResponse } from './receive-response.ts';
import { requestObject } from './request-object.ts';
import { presentationRequests } from './schema.ts';

const PWID = `${ISSUER_URL}/types/kr.mois.public-worker-id`;
const MDL = `${ISSUER_URL}/types/kr.knpa.mobile-driver-licence`;
const nameQuery = { credentials: [{ id: 'pwid', format: 'dc+sd-jwt', meta: { vct_values: [PWID] }, claims: [{ path: ['given_name'] }, { path: ['family_name'] }] }] };

describe('the OpenID4VP verifier', { timeout: 180_000 }, () => {
  let f: VerifierFixture;
  let credential: string;

  before(async () => {
    f = await openVerifierFixture();
    credential = await f.credential();
  });
  after(async () => f?.close());

  /** Opens a request and reads it as a wallet would: nonce, state, client_id from the signed object. */
  const open = async (query: unknown = nameQuery, responseMode: 'direct_post' | 'direct_post.jwt' = 'direct_post') => {
    const created = await createPresentationRequest(f.deps, { relyingPartyId: BANK.id, dcqlQuery: query, responseMode }, 'clerk-1');
    const jwt = await requestObject(f.deps, created.id);
    const claims = decodeJwt(jwt) as { nonce: string; state: string; client_id: string; client_metadata: { jwks?: { keys: JWK[] } } };
    return { id: created.id, ...claims, created };
  };
  const presentFor = (r: { nonce: string; client_id: string }, o: Partial<Parameters<VerifierFixture['present']>[1]> = {}, c = credential) =>
    f.present(c, { disclose: ['given_name', 'family_name'], nonce: r.nonce, aud: r.client_id, ...o });
  const answer = async (r: { id: string; state: string }, presentation: string, queryId = 'pwid') =>
    receiveResponse(f.deps, r.id, { vp_token: JSON.stringify({ [queryId]: [presentation] }), state: r.state });
  const refusedWith = async (r: { id: string; state: string }, presentation: string, code: string) => {
    const outcome = await answer(r, presentation);
    assert.equal(outcome.status, 'refused');
    assert.equal(outcome.status === 'refused' && outcome.refusal, code);
    const view = await findPresentationRequest(f.deps, BANK.id, r.id);
    assert.deepEqual([view.status, view.refusal, view.answers], ['refused', code, null]);
  };

  it('accepts a presentation of the requested claims and keeps only those, in the transparency log by name only', async () => {
    const r = await open();
    const outcome = await answer(r, await presentFor(r));
    assert.equal(outcome.status, 'verified');
    assert.deepEqual(outcome.status === 'verified' && outcome.answers, [{ queryId: 'pwid', format: 'dc+sd-jwt', vct: PWID, issuer: ISSUER_URL, claims: { given_name: 'Mari', family_name: 'Maasikas' } }]);
    const view = await findPresentationRequest(f.deps, BANK.id, r.id);
    assert.equal(view.status, 'verified');
    const events = await f.deps.db.select().from(logEntries).where(eq(logEntries.subject, r.id));
    assert.deepEqual(events.map((e) => e.type), ['presentation_request.created', 'presentation_request.retrieved', 'presentation.verified']);
    assert.doesNotMatch(events.map((e) => e.leaf).join(), /Maasikas/);
    const [row] = await f.deps.db.select().from(presentationRequests).where(eq(presentationRequests.id, r.id));
    assert.equal(row!.encryptionKey, null);
  });

  it('accepts an encrypted direct_post.jwt response and refuses a plain one for that request, leaving it open', async () => {
    const r = await open(nameQuery, 'direct_post.jwt');
    const plain = await answer(r, await presentFor(r)).catch((e) => e);
    assert.equal(plain.code, 'ERR_RESPONSE_UNENCRYPTED');
    const key = r.client_metadata.jwks!.keys[0]!;
    assert.equal(key.d, undefined, 'only the public key is published');
    const jwe = await new CompactEncrypt(new TextEncoder().encode(JSON.stringify({ vp_token: { pwid: [await presentFor(r)] }, state: r.state })))
      .setProtectedHeader({ alg: 'ECDH-ES', enc: 'A128GCM', kid: key.kid! }).encrypt(await importJWK(key, 'ECDH-ES'));
    const outcome = await receiveResponse(f.deps, r.id, { response: jwe });
    assert.equal(outcome.status, 'verified');
  });

  it('refuses a response encrypted to another request’s key', async () => {
    const r = await open(nameQuery, 'direct_post.jwt');
    const other = await open(nameQuery, 'direct_post.jwt');
    const key = other.client_metadata.jwks!.keys[0]!;
    const jwe = await new CompactEncrypt(new TextEncoder().encode(JSON.stringify({ vp_token: { pwid: [await presentFor(r)] }, state: r.state })))
      .setProtectedHeader({ alg: 'ECDH-ES', enc: 'A128GCM', kid: r.client_metadata.jwks!.keys[0]!.kid! }).encrypt(await importJWK(key, 'ECDH-ES'));
    await assert.rejects(receiveResponse(f.deps, r.id, { response: jwe }), { code: 'ERR_RESPONSE_DECRYPTION_FAILED' });
  });

  it('ensureInvalidKbJwtSignatureFails: a KB-JWT signed by another key than cnf.jwk', async () => {
    const r = await open();
    await refusedWith(r, await presentFor(r, { key: await f.newHolderKey() }), 'ERR_KB_JWT_SIGNATURE_INVALID');
  });

  it('ensureInvalidKbJwtNonceFails: a KB-JWT made for another nonce', async () => {
    const r = await open();
    await refusedWith(r, await presentFor(r, { nonce: randomBytes(16).toString('base64url') }), 'ERR_KB_JWT_NONCE_MISMATCH');
  });

  it('ensureInvalidKbJwtAudFails: aud must be the full client_id, prefix included', async () => {
    const r = await open();
    await refusedWith(r, await presentFor(r, { aud: r.client_id.replace(/^x509_hash:/, '') }), 'ERR_KB_JWT_AUDIENCE_MISMATCH');
  });

  it('ensureKbJwtIatInPastFails and ensureKbJwtIatInFutureFails', async () => {
    const now = Math.floor(f.deps.clock.now().getTime() / 1000);
    const past = await open();
    await refusedWith(past, await presentFor(past, { iat: now - f.deps.iatWindow.pastSeconds - 1 }), 'ERR_KB_JWT_IAT_PAST');
    const future = await open();
    await refusedWith(future, await presentFor(future, { iat: now + f.deps.iatWindow.futureSeconds + 1 }), 'ERR_KB_JWT_IAT_FUTURE');
  });

  it('ensureInvalidSdHashFails: a KB-JWT over other disclosures than those presented', async () => {
    const r = await open();
    const withBirthDate = await presentFor(r, { disclose: ['given_name', 'family_name', 'birth_date'] });
    const honest = await presentFor(r);
    const kbOfOther = withBirthDate.split('~').pop()!;
    await refusedWith(r, `${honest.slice(0, honest.lastIndexOf('~') + 1)}${kbOfOther}`, 'ERR_SD_HASH_MISMATCH');
  });

  it('ensureInvalidCredentialSignatureFails: an issuer JWT whose signature does not verify', async () => {
    const r = await open();
    const [jwt, ...rest] = credential.split('~');
    const [h, p, s] = jwt!.split('.') as [string, string, string];
    const forgedPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), organisation: 'Ministry of Forgery' })).toString('base64url');
    await refusedWith(r, await presentFor(r, {}, [`${h}.${forgedPayload}.${s}`, ...rest].join('~')), 'ERR_CREDENTIAL_SIGNATURE_INVALID');
  });

  it('refuses a disclosure no digest of the credential refers to (the library does not)', async () => {
    const r = await open();
    const smuggled = Buffer.from(JSON.stringify([randomBytes(16).toString('base64url'), 'given_name', 'Mallory'])).toString('base64url');
    const [jwt, ...rest] = credential.split('~').filter(Boolean);
    const familyName = rest.find((d) => JSON.parse(Buffer.from(d, 'base64url').toString())[1] === 'family_name')!;
    // Only the smuggled given_name and the real family name: the KB-JWT covers them honestly.
    await refusedWith(r, await f.present(`${jwt}~${smuggled}~${familyName}~`, { disclose: ['given_name', 'family_name'], nonce: r.nonce, aud: r.client_id }), 'ERR_DISCLOSURE_UNREFERENCED');
  });

  it('refuses a repeated disclosure', async () => {
    const r = await open();
    const [jwt, ...rest] = credential.split('~').filter(Boolean);
    const given = rest.find((d) => JSON.parse(Buffer.from(d, 'base64url').toString())[1] === 'given_name')!;
    await refusedWith(r, await f.present(`${jwt}~${given}~${given}~`, { disclose: ['given_name'], nonce: r.nonce, aud: r.client_id }), 'ERR_DISCLOSURE_INVALID');
  });

  it('refuses a missing requested claim and a claim disclosed beyond the request', async () => {
    const missing = await open();
    await refusedWith(missing, await presentFor(missing, { disclose: ['given_name'] }), 'ERR_CLAIM_MISSING');
    const over = await open();
    await refusedWith(over, await presentFor(over, { disclose: ['given_name', 'family_name', 'birth_date'] }), 'ERR_CLAIM_NOT_REQUESTED');
  });

  it('refuses a presentation without key binding', async () => {
    const r = await open();
    const p = await presentFor(r);
    await refusedWith(r, p.slice(0, p.lastIndexOf('~') + 1), 'ERR_HOLDER_BINDING_MISSING');
  });

  it('replayed presentation: a request is answered once; the replay changes nothing', async () => {
    const r = await open();
    const p = await presentFor(r);
    assert.equal((await answer(r, p)).status, 'verified');
    await assert.rejects(answer(r, p), { code: 'ERR_PRESENTATION_REPLAYED' });
    assert.equal((await findPresentationRequest(f.deps, BANK.id, r.id)).status, 'verified');
  });

  it('a response for another request (state) is refused and leaves the request open', async () => {
    const r = await open();
    await assert.rejects(receiveResponse(f.deps, r.id, { vp_token: JSON.stringify({ pwid: [await presentFor(r)] }), state: 'other' }), { code: 'ERR_STATE_MISMATCH' });
    assert.equal((await findPresentationRequest(f.deps, BANK.id, r.id)).status, 'retrieved');
    assert.equal((await answer(r, await presentFor(r))).status, 'verified');
  });

  it('unregistered claim requested: the query is refused before anything is stored', async () => {
    const before = await f.deps.db.select().from(presentationRequests);
    const query = { credentials: [{ id: 'pwid', format: 'dc+sd-jwt', meta: { vct_values: [PWID] }, claims: [{ path: ['given_name'] }, { path: ['employee_number'] }] }] };
    await assert.rejects(createPresentationRequest(f.deps, { relyingPartyId: BANK.id, dcqlQuery: query }, 'clerk-1'), { code: 'ERR_CLAIM_NOT_REGISTERED' });
    const otherType = { credentials: [{ id: 'hr', format: 'dc+sd-jwt', meta: { vct_values: [`${ISSUER_URL}/types/kr.mois.household-register-certificate`] }, claims: [{ path: ['given_name'] }] }] };
    await assert.rejects(createPresentationRequest(f.deps, { relyingPartyId: BANK.id, dcqlQuery: otherType }, 'clerk-1'), { code: 'ERR_CLAIM_NOT_REGISTERED' });
    const everything = { credentials: [{ id: 'pwid', format: 'dc+sd-jwt', meta: { vct_values: [PWID] } }] };
    await assert.rejects(createPresentationRequest(f.deps, { relyingPartyId: BANK.id, dcqlQuery: everything }, 'clerk-1'), { code: 'ERR_QUERY_UNSUPPORTED' });
    assert.equal((await f.deps.db.select().from(presentationRequests)).length, before.length);
  });

  it('age over 19 as a derived claim: the licence presents age_over_19 without the birth date', async () => {
    const licence = await f.credential('kr.knpa.mobile-driver-licence');
    const query = { credentials: [{ id: 'age', format: 'dc+sd-jwt', meta: { vct_values: [MDL] }, claims: [{ path: ['age_over_19'], values: [true] }] }] };
    const r = await open(query);
    const outcome = await answer(r, await presentFor(r, { disclose: ['age_over_19'] }, licence), 'age');
    assert.deepEqual(outcome.status === 'verified' && outcome.answers[0]!.claims, { age_over_19: true });
  });

  const issueWith = async (o: { x5c?: string[]; sign?: (d: Uint8Array) => Promise<Uint8Array>; expiresAt?: Date; issuedAt?: Date }) => {
    const now = f.deps.clock.now();
    return issueSdJwtVc({
      type: f.issuer.types.get('kr.mois.public-worker-id')!, claims: { given_name: 'Mari', family_name: 'Maasikas', issue_date: '2026-01-01', expiry_date: '2030-01-01' }, holderKey: f.holderKey.publicJwk,
      issuer: { url: ISSUER_URL, x5c: o.x5c ?? f.issuer.identity.x5c, sign: o.sign ?? ((d) => f.issuer.identity.signer.sign(d)) },
      status: { idx: 0, uri: `${ISSUER_URL}/status-lists/1` }, issuedAt: o.issuedAt ?? new Date(now.getTime() - 86_400_000), expiresAt: o.expiresAt ?? new Date(now.getTime() + 86_400_000),
    });
  };

  it('expired credential: refused by exp, signed by the trusted issuer', async () => {
    const now = f.deps.clock.now();
    const expired = await issueWith({ issuedAt: new Date(now.getTime() - 2 * 86_400_000), expiresAt: new Date(now.getTime() - 1000) });
    const r = await open();
    await refusedWith(r, await presentFor(r, {}, expired), 'ERR_CREDENTIAL_EXPIRED');
  });

  it('untrusted issuer: a look-alike certificate with the issuer’s subject, self-signed', async () => {
    const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']) as CryptoKeyPair;
    const now = f.deps.clock.now();
    const fake = await X509CertificateGenerator.createSelfSigned({ serialNumber: '01', name: f.issuer.identity.certificate.subject, notBefore: new Date(now.getTime() - 86_400_000), notAfter: new Date(now.getTime() + 86_400_000), keys, signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' } });
    const sign = async (d: Uint8Array) => new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, keys.privateKey, d as BufferSource));
    const forged = await issueWith({ x5c: [Buffer.from(fake.rawData).toString('base64')], sign });
    const r = await open();
    await refusedWith(r, await presentFor(r, {}, forged), 'ERR_ISSUER_UNTRUSTED');
  });

  it('revoked credential: once the card is revoked, the same kind of presentation is refused', async () => {
    const before = await open();
    assert.equal((await answer(before, await presentFor(before))).status, 'verified');
    await f.issuer.changeCard(f.holder, { action: 'suspend' });
    const suspended = await open();
    await refusedWith(suspended, await presentFor(suspended), 'ERR_CREDENTIAL_SUSPENDED');
    await f.issuer.changeCard(f.holder, { action: 'revoke', reason: 'lost' });
    const revoked = await open();
    await refusedWith(revoked, await presentFor(revoked), 'ERR_CREDENTIAL_REVOKED');
  });
});
