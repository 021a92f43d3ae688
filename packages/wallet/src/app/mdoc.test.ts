// SPDX-License-Identifier: Apache-2.0
// The wallet's mdoc code, run in Node on the same WebCrypto the browser has: it reads the
// issuer's mdoc, and its DeviceResponse — device-signed with a non-extractable key, sent by the
// wallet's own respond() — is accepted by our verifier over HTTP; its CBOR and session
// transcript agree byte for byte with the OpenWallet Foundation mdoc library.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cborEncode, DeviceResponse, IssuerSigned, SessionTranscript } from '@owf/mdoc';
import { calculateJwkThumbprint, decodeJwt } from 'jose';
import { issueCredentials, mdocCrypto } from '@tessera/credentials';
import { createPresentationRequest, requestObject } from '@tessera/verifier';
import { openVerifierFixture, openVerifierServer, BANK, MDL_EMPLOYER, type HolderKey, type VerifierFixture } from '@tessera/verifier/testing';
import { CborError, decodeCbor, encodeCbor, Tagged } from './cbor-lite.ts';
import { deviceResponse, jwkThumbprint, MdocUnreadable, readMdoc, sessionTranscript } from './mdoc.ts';
import { match, plan, present, presentAll, respond, type PresentationRequest } from './presentation.ts';
import type { StoredCredential } from './store.ts';

const MDL = 'org.iso.18013.5.1.mDL';
const NS = 'org.iso.18013.5.1';
const EMPLOYER = MDL_EMPLOYER;
const ID_CARD = 'ee.politsei.idcard.1';
/** An employer registered for the mDL's and the Estonian ID card's names. */
const TWO_DOCUMENTS = { ...EMPLOYER, id: 'two-documents', claims: [...EMPLOYER.claims, { vct: ID_CARD, claims: [`${ID_CARD}/given_name`, `${ID_CARD}/family_name`] }] };
const QUERY = { credentials: [{ id: 'mdl', format: 'mso_mdoc', meta: { doctype_value: MDL }, claims: ['given_name', 'family_name', 'driving_privileges'].map((c) => ({ path: [NS, c] })) }] };

/** A device key as the wallet makes it: WebCrypto, private half non-extractable. */
async function deviceKey(): Promise<HolderKey> {
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']) as CryptoKeyPair;
  const { kty, crv, x, y } = await crypto.subtle.exportKey('jwk', pair.publicKey);
  return { publicJwk: { kty: kty!, crv: crv!, x: x!, y: y! }, privateKey: pair.privateKey };
}

describe('the wallet’s mdoc credentials', { timeout: 180_000 }, () => {
  let f: VerifierFixture;
  let server: Awaited<ReturnType<typeof openVerifierServer>>;
  let key: HolderKey;
  let issued: string;
  let stored: StoredCredential;

  /** A request of our verifier as the wallet's backend hands it over (the verified request object's payload). */
  const request = async (responseMode: 'direct_post' | 'direct_post.jwt', dcqlQuery: unknown = QUERY, relyingPartyId = EMPLOYER.id) => {
    const created = await createPresentationRequest(server.deps, { relyingPartyId, dcqlQuery, responseMode }, 'clerk-1');
    return { id: created.id, request: decodeJwt(await requestObject(server.deps, created.id)) as unknown as PresentationRequest };
  };
  /** The outcome the relying party reads from the verifier's REST API. */
  const outcome = async (id: string, rp = EMPLOYER.id) => (await fetch(`${server.url}/api/verifier/requests/${id}`, { headers: { authorization: `Bearer ${f.apiKeys.get(rp)}` } })).json() as Promise<{ status: string; refusal: string | null; answers: Array<{ vct: string; claims: Record<string, unknown> }> }>;

  before(async () => {
    f = await openVerifierFixture({ register: [BANK, EMPLOYER, TWO_DOCUMENTS] });
    server = await openVerifierServer(f);
    key = await deviceKey();
    const type = f.issuer.types.get('kr.knpa.mobile-driver-licence')!;
    const claims = { ...(await f.issuer.deps.claims.claims(type, f.holder.card.holderCode)), driving_privileges: ['B', 'C1'] };
    issued = (await issueCredentials(f.issuer.deps, { type, format: 'mso_mdoc', holder: f.holder.card.holderCode, documentRef: f.holder.documentRef, keys: [key.publicJwk], claims })).credentials[0]!;
    const read = readMdoc(issued);
    stored = {
      id: 'cred-1', raw: issued, format: 'mso_mdoc', vct: read.docType, namespaces: read.namespaces, configurationId: 'kr.knpa.mobile-driver-licence.mdoc', issuer: 'https://issuer.tessera.test',
      claims: read.claims, display: { en: { name: 'Mobile driver’s licence' } }, claimLabels: {}, keyId: 'key-1', receivedAt: new Date().toISOString(), expiresAt: read.validUntil,
    };
  });
  after(async () => {
    await server?.close();
    await f?.close();
  });

  it('reads the issued mdoc: doctype, each namespace’s elements, values as the card shows them, and the MSO’s validity', () => {
    const read = readMdoc(issued);
    const reference = IssuerSigned.fromEncodedForOid4Vci(issued);
    assert.equal(read.docType, MDL);
    const pretty = reference.getPrettyClaims(NS) as Record<string, unknown>;
    assert.deepEqual(read.namespaces[NS]!.toSorted(), Object.keys(pretty).toSorted());
    assert.ok(read.namespaces[NS]!.includes('given_name'));
    assert.equal(read.claims.given_name, pretty.given_name);
    assert.deepEqual(read.claims.driving_privileges, [{ vehicle_category_code: 'B' }, { vehicle_category_code: 'C1' }]);
    assert.match(String(read.claims.birth_date), /^\d{4}-\d{2}-\d{2}$/);
    assert.equal(read.validUntil, reference.issuerAuth.mobileSecurityObject.validityInfo.validUntil.toISOString());
    assert.throws(() => readMdoc(issued.slice(0, -8)), MdocUnreadable);
    assert.throws(() => readMdoc('eyJub3QiOiJjYm9yIn0'), MdocUnreadable);
  });

  it('decodes and re-encodes the issuer’s CBOR byte for byte, and encodes as the OpenWallet Foundation library does', () => {
    const bytes = new Uint8Array(Buffer.from(issued, 'base64url'));
    assert.deepEqual(Buffer.from(encodeCbor(decodeCbor(bytes).value)), Buffer.from(bytes));
    // (Up to 2^32: past it cbor-x writes integers as floats, where RFC 8949 §4.2.1 has the 8-byte argument.)
    const sample = new Map<unknown, unknown>([['version', '1.0'], [1, -7], ['n', [null, true, false, 0, 23, 24, 255, 256, 65535, 65536, 2 ** 32 - 1, -1, -25, -257]], ['b', new Uint8Array([1, 2, 3])], ['ü', 'ünïcödé']]);
    assert.deepEqual(Buffer.from(encodeCbor(sample)), Buffer.from(cborEncode(sample)));
    assert.deepEqual(Buffer.from(encodeCbor(2 ** 32)), Buffer.from('1b0000000100000000', 'hex'));
    assert.deepEqual(Buffer.from(encodeCbor(new Tagged(24, new Uint8Array([0xa0])))), Buffer.from([0xd8, 0x18, 0x41, 0xa0]));
  });

  it('refuses malformed CBOR: truncated, trailing bytes, indefinite lengths, repeated keys, invalid UTF-8', () => {
    for (const hex of ['a1', '8201', 'a0a0', '9fff', 'a2616101616102', '62c328', '5a00ffffff00']) {
      assert.throws(() => decodeCbor(new Uint8Array(Buffer.from(hex, 'hex'))), CborError, hex);
    }
  });

  it('computes the OpenID4VP 1.0 session transcript and the key thumbprint as the OpenWallet Foundation library and jose do', async () => {
    const input = { clientId: 'x509_hash:abc', nonce: 'n-1', responseUri: 'https://verifier.example/r/1' };
    const thumbprint = new Uint8Array(32).fill(9);
    for (const jwk of [null, thumbprint]) {
      const library = (await SessionTranscript.forOid4Vp({ ...input, ...(jwk ? { jwkThumbprint: jwk } : {}) }, mdocCrypto())).encode();
      assert.equal(Buffer.from(encodeCbor(await sessionTranscript({ ...input, jwkThumbprint: jwk }))).toString('hex'), Buffer.from(library).toString('hex'));
    }
    assert.equal(Buffer.from(await jwkThumbprint(key.publicJwk)).toString('base64url'), await calculateJwkThumbprint(key.publicJwk, 'sha256'));
  });

  it('offers the mdoc for a DCQL mso_mdoc query of its doctype and elements, and not for another doctype, an element it lacks or an SD-JWT query', () => {
    const of = (q: unknown) => match({ dcql_query: q } as PresentationRequest, [stored])[0]!;
    const m = of(QUERY);
    assert.deepEqual(m.candidates.map((c) => c.id), ['cred-1']);
    assert.deepEqual(m.claims, ['given_name', 'family_name', 'driving_privileges']);
    assert.deepEqual(m.paths[0], [NS, 'given_name']);
    assert.equal(of({ credentials: [{ ...QUERY.credentials[0], meta: { doctype_value: 'ee.politsei.idcard.1' } }] }).candidates.length, 0);
    assert.equal(of({ credentials: [{ ...QUERY.credentials[0], claims: [{ path: ['org.iso.18013.5.1.aamva', 'given_name'] }] }] }).candidates.length, 0);
    assert.equal(of({ credentials: [{ ...QUERY.credentials[0], claims: [{ path: [NS, 'no_such_element'] }] }] }).candidates.length, 0);
    assert.equal(of({ credentials: [{ id: 'x', format: 'dc+sd-jwt', meta: { vct_values: [MDL] }, claims: [{ path: ['given_name'] }] }] }).candidates.length, 0);
  });

  for (const mode of ['direct_post.jwt', 'direct_post'] as const) {
    it(`the verifier accepts the wallet’s DeviceResponse by ${mode}, with exactly the asked data elements`, async () => {
      const { id, request: r } = await request(mode);
      const m = match(r, [stored])[0]!;
      const presentation = await present(stored, m, r, key.privateKey);
      const response = (decodeCbor(new Uint8Array(Buffer.from(presentation, 'base64url'))).value as Map<string, Array<Map<string, Map<string, Map<string, unknown[]>>>>>);
      assert.equal(response.get('documents')![0]!.get('issuerSigned')!.get('nameSpaces')!.get(NS)!.length, 3);
      assert.deepEqual(await respond(r, { mdl: [presentation] }), { ok: true });
      const result = await outcome(id);
      assert.equal(result.status, 'verified', JSON.stringify(result));
      assert.equal(result.answers[0]!.vct, MDL);
      assert.deepEqual(Object.keys(result.answers[0]!.claims).toSorted(), [`${NS}.driving_privileges`, `${NS}.family_name`, `${NS}.given_name`]);
    });
  }

  it('the verifier refuses the DeviceResponse signed for another request, without the encryption key’s thumbprint, or with a key the MSO does not hold', async () => {
    const refusal = async (make: (r: PresentationRequest, m: ReturnType<typeof match>[number]) => Promise<string>, mode: 'direct_post' | 'direct_post.jwt' = 'direct_post.jwt') => {
      const { id, request: r } = await request(mode);
      assert.equal((await respond(r, { mdl: [await make(r, match(r, [stored])[0]!)] })).ok, false);
      return (await outcome(id)).refusal;
    };
    const elements = QUERY.credentials[0]!.claims.map((c) => c.path as [string, string]);
    assert.equal(await refusal((r) => deviceResponse(issued, elements, { clientId: r.client_id, nonce: 'another-nonce', responseUri: r.response_uri, jwkThumbprint: null }, key.privateKey), 'direct_post'), 'ERR_DEVICE_SIGNATURE_INVALID');
    assert.equal(await refusal((r) => deviceResponse(issued, elements, { clientId: r.client_id, nonce: r.nonce, responseUri: `${r.response_uri}x`, jwkThumbprint: null }, key.privateKey), 'direct_post'), 'ERR_DEVICE_SIGNATURE_INVALID');
    assert.equal(await refusal((r) => deviceResponse(issued, elements, { clientId: r.client_id, nonce: r.nonce, responseUri: r.response_uri, jwkThumbprint: null }, key.privateKey)), 'ERR_DEVICE_SIGNATURE_INVALID');
    const other = await deviceKey();
    assert.equal(await refusal((r, m) => present(stored, m, r, other.privateKey)), 'ERR_DEVICE_SIGNATURE_INVALID');
    await assert.rejects(deviceResponse(issued, [[NS, 'no_such_element']], { clientId: 'x', nonce: 'n', responseUri: 'u', jwkThumbprint: null }, key.privateKey), MdocUnreadable);
  });

  it('plans a request with credential sets: one ask per set, a choice per credential of each answerable option, and the intent to retain per mdoc element', () => {
    const sdJwt: StoredCredential = { ...stored, id: 'cred-2', format: 'dc+sd-jwt', vct: 'https://issuer.tessera.test/types/kr.knpa.mobile-driver-licence', namespaces: undefined };
    const q = {
      credentials: [
        { id: 'licence', format: 'dc+sd-jwt', meta: { vct_values: [sdJwt.vct] }, claims: [{ path: ['given_name'] }] },
        { id: 'licence-mdl', format: 'mso_mdoc', meta: { doctype_value: MDL }, claims: [{ path: [NS, 'given_name'], intent_to_retain: true }, { path: [NS, 'family_name'], intent_to_retain: false }] },
        { id: 'card', format: 'mso_mdoc', meta: { doctype_value: ID_CARD }, claims: [{ path: [ID_CARD, 'given_name'] }] },
      ],
      credential_sets: [{ options: [['licence'], ['licence-mdl']] }, { options: [['card']], required: false }],
    };
    const [licence, card] = plan({ dcql_query: q } as PresentationRequest, [stored, sdJwt]);
    assert.deepEqual(licence!.choices.map((c) => c.answers.map((a) => [a.match.queryId, a.credential.id])), [[['licence', 'cred-2']], [['licence-mdl', 'cred-1']]]);
    assert.deepEqual(licence!.choices[1]!.answers[0]!.match.retain, [true, false]);
    assert.deepEqual([card!.required, card!.choices.length], [false, 0]);
    // Without sets, every query is a required ask of its own.
    assert.deepEqual(plan({ dcql_query: QUERY } as PresentationRequest, [stored]).map((a) => [a.required, a.choices.length]), [[true, 1]]);
  });

  it('answers two mso_mdoc queries with one DeviceResponse of two documents, each signed by its own device key, which @owf/mdoc reads and our verifier accepts', async () => {
    const cardKey = await deviceKey();
    const card = (await issueCredentials(f.issuer.deps, { type: f.issuer.types.get('ee.ppa.id-card')!, format: 'mso_mdoc', holder: f.holder.card.holderCode, documentRef: f.holder.documentRef, keys: [cardKey.publicJwk] })).credentials[0]!;
    const read = readMdoc(card);
    const storedCard: StoredCredential = { ...stored, id: 'cred-3', raw: card, vct: read.docType, namespaces: read.namespaces, claims: read.claims, keyId: 'key-3', expiresAt: read.validUntil };
    const q = { credentials: [QUERY.credentials[0]!, { id: 'card', format: 'mso_mdoc', meta: { doctype_value: ID_CARD }, claims: ['given_name', 'family_name'].map((c) => ({ path: [ID_CARD, c] })) }] };
    for (const mode of ['direct_post.jwt', 'direct_post'] as const) {
      const { id, request: r } = await request(mode, q, TWO_DOCUMENTS.id);
      const answers = plan(r, [stored, storedCard]).map((ask) => ask.choices[0]!.answers).flat();
      const vpToken = await presentAll(answers, r, async (c) => (c.id === 'cred-3' ? cardKey : key).privateKey);
      assert.deepEqual(Object.keys(vpToken), ['mdl', 'card']);
      assert.equal(vpToken.mdl![0], vpToken.card![0]);
      assert.deepEqual(DeviceResponse.fromEncodedForOid4Vp(vpToken.mdl![0]!).documents!.map((d) => d.docType), [MDL, ID_CARD]);
      assert.deepEqual(await respond(r, vpToken), { ok: true });
      const result = await outcome(id, TWO_DOCUMENTS.id);
      assert.equal(result.status, 'verified', JSON.stringify(result));
      assert.deepEqual(result.answers.map((a) => a.vct), [MDL, ID_CARD]);
    }
    // Signed with one key for both, the ID card's document does not verify and the whole response is refused.
    const { id, request: r } = await request('direct_post', q, TWO_DOCUMENTS.id);
    const answers = plan(r, [stored, storedCard]).map((ask) => ask.choices[0]!.answers).flat();
    assert.equal((await respond(r, await presentAll(answers, r, async () => key.privateKey))).ok, false);
    assert.equal((await outcome(id, TWO_DOCUMENTS.id)).refusal, 'ERR_DEVICE_SIGNATURE_INVALID');
  });
});
