// SPDX-License-Identifier: Apache-2.0
// The verifier's mdoc checks (ISO/IEC 18013-5 DeviceResponse in OpenID4VP 1.0), one refusal
// code per check, named after the OpenID conformance suite's verifier checks where there is one.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DeviceResponse as Auth0DeviceResponse } from '@auth0/mdl';
import { cborDecode, cborEncode, DataItem, SessionTranscript } from '@owf/mdoc';
import { BasicConstraintsExtension, ExtendedKeyUsageExtension, KeyUsageFlags, KeyUsagesExtension, X509CertificateGenerator } from '@peculiar/x509';
import { CompactEncrypt, decodeJwt, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { issueCredentials, issueMdoc, mdocCrypto } from '@tessera/credentials';
import { EKU } from '@tessera/trust';
import { oid4vpSessionTranscript } from '../domain/mdoc/session-transcript.ts';
import { presentMdoc, presentMdocs } from '../testing/mdoc-wallet.ts';
import { openVerifierFixture, BANK, MDL_EMPLOYER, type HolderKey, type VerifierFixture } from '../testing/verifier-fixture.ts';
import { createPresentationRequest } from './create-presentation-request.ts';
import { receiveResponse } from './receive-response.ts';
import { encryptionKeyThumbprint, requestObject, responseUriOf } from './request-object.ts';

const MDL = 'org.iso.18013.5.1.mDL';
const NS = 'org.iso.18013.5.1';
const EMPLOYER = MDL_EMPLOYER;
const query = (claims = ['given_name', 'family_name', 'driving_privileges']) => ({ credentials: [{ id: 'mdl', format: 'mso_mdoc', meta: { doctype_value: MDL }, claims: claims.map((c) => ({ path: [NS, c], intent_to_retain: false })) }] });
const ASKED = { [NS]: ['given_name', 'family_name', 'driving_privileges'] };

const ID_CARD = 'ee.politsei.idcard.1';
/** An employer registered for the mDL's and the Estonian ID card's names. */
const TWO_DOCUMENTS = { ...EMPLOYER, id: 'two-documents', claims: [...EMPLOYER.claims, { vct: ID_CARD, claims: [`${ID_CARD}/given_name`, `${ID_CARD}/family_name`] }] };
const twoQueries = { credentials: [query(['given_name', 'family_name']).credentials[0]!, { id: 'id', format: 'mso_mdoc', meta: { doctype_value: ID_CARD }, claims: ['given_name', 'family_name'].map((c) => ({ path: [ID_CARD, c] })) }] };
const NAMES = { [NS]: ['given_name', 'family_name'] };

/** Decodes a base64url DeviceResponse, lets `change` edit its document (the first, or `index`), encodes it again (tag 24 bytes untouched unless replaced). */
function edit(presentation: string, change: (doc: Map<string, unknown>) => void, index = 0): string {
  const response = cborDecode(Buffer.from(presentation, 'base64url')) as Map<string, unknown>;
  change((response.get('documents') as Array<Map<string, unknown>>)[index]!);
  return Buffer.from(cborEncode(response)).toString('base64url');
}

describe('the OpenID4VP verifier with ISO mdoc presentations', { timeout: 180_000 }, () => {
  let f: VerifierFixture;
  let mdoc: string;

  const issue = async (key: HolderKey = f.holderKey, holder = f.holder) => {
    const type = f.issuer.types.get('kr.knpa.mobile-driver-licence')!;
    const claims = { ...(await f.issuer.deps.claims.claims(type, holder.card.holderCode)), driving_privileges: ['B', 'C1'] };
    return (await issueCredentials(f.issuer.deps, { type, format: 'mso_mdoc', holder: holder.card.holderCode, documentRef: holder.documentRef, keys: [key.publicJwk], claims })).credentials[0]!;
  };
  const open = async (q: unknown = query(), responseMode: 'direct_post' | 'direct_post.jwt' = 'direct_post', relyingPartyId = EMPLOYER.id) => {
    const created = await createPresentationRequest(f.deps, { relyingPartyId, dcqlQuery: q, responseMode }, 'clerk-1');
    const claims = decodeJwt(await requestObject(f.deps, created.id)) as { nonce: string; state: string; client_id: string; response_uri: string; client_metadata: { jwks?: { keys: JWK[] } } };
    return { id: created.id, ...claims, request: { clientId: claims.client_id, nonce: claims.nonce, responseUri: claims.response_uri } };
  };
  const answer = (r: { id: string; state: string }, presentation: string) => receiveResponse(f.deps, r.id, { vp_token: { mdl: [presentation] }, state: r.state });
  const refusedWith = async (r: { id: string; state: string }, presentation: string, code: string) => {
    const outcome = await answer(r, presentation);
    assert.equal(outcome.status === 'refused' && outcome.refusal, code, JSON.stringify(outcome));
  };

  before(async () => {
    f = await openVerifierFixture({ register: [BANK, EMPLOYER, TWO_DOCUMENTS] });
    mdoc = await issue();
  });
  after(async () => f?.close());

  it('accepts a mobile driving licence presented as a DeviceResponse for a DCQL mso_mdoc query, with exactly the asked data elements', async () => {
    const r = await open();
    assert.equal(r.response_uri, responseUriOf(f.deps, r.id));
    const outcome = await answer(r, await presentMdoc(mdoc, f.holderKey, r.request, ASKED));
    assert.equal(outcome.status, 'verified', JSON.stringify(outcome));
    assert.deepEqual(outcome.status === 'verified' && outcome.answers, [{
      queryId: 'mdl', format: 'mso_mdoc', vct: MDL, issuer: 'https://issuer.tessera.test',
      claims: { [`${NS}.given_name`]: 'Mari', [`${NS}.family_name`]: 'Maasikas', [`${NS}.driving_privileges`]: [{ vehicle_category_code: 'B' }, { vehicle_category_code: 'C1' }] },
    }]);
  });

  it('computes the OpenID4VP 1.0 session transcript exactly as the OpenWallet Foundation mdoc library does, with and without an encryption key', async () => {
    const input = { clientId: 'x509_hash:abc', nonce: 'n-1', responseUri: 'https://verifier.example/r/1' };
    const thumbprint = new Uint8Array(32).fill(9);
    for (const jwkThumbprint of [null, thumbprint]) {
      const ours = cborEncode(oid4vpSessionTranscript({ ...input, jwkThumbprint }));
      const library = (await SessionTranscript.forOid4Vp({ ...input, ...(jwkThumbprint ? { jwkThumbprint } : {}) }, mdocCrypto())).encode();
      assert.deepEqual(Buffer.from(ours).toString('hex'), Buffer.from(library).toString('hex'));
    }
  });

  it('accepts an encrypted direct_post.jwt answer whose device signature covers the encryption key’s thumbprint', async () => {
    const r = await open(query(), 'direct_post.jwt');
    const key = r.client_metadata.jwks!.keys[0]!;
    const presentation = await presentMdoc(mdoc, f.holderKey, { ...r.request, jwkThumbprint: await encryptionKeyThumbprint(key) }, ASKED);
    const jwe = await new CompactEncrypt(new TextEncoder().encode(JSON.stringify({ vp_token: { mdl: [presentation] }, state: r.state })))
      .setProtectedHeader({ alg: 'ECDH-ES', enc: 'A128GCM', kid: key.kid! }).encrypt(await importJWK(key, 'ECDH-ES'));
    assert.equal((await receiveResponse(f.deps, r.id, { response: jwe })).status, 'verified');
    // The same answer signed without the thumbprint (as for direct_post) does not fit this request.
    const r2 = await open(query(), 'direct_post.jwt');
    const key2 = r2.client_metadata.jwks!.keys[0]!;
    const unbound = await presentMdoc(mdoc, f.holderKey, r2.request, ASKED);
    const jwe2 = await new CompactEncrypt(new TextEncoder().encode(JSON.stringify({ vp_token: { mdl: [unbound] }, state: r2.state })))
      .setProtectedHeader({ alg: 'ECDH-ES', enc: 'A128GCM', kid: key2.kid! }).encrypt(await importJWK(key2, 'ECDH-ES'));
    const outcome = await receiveResponse(f.deps, r2.id, { response: jwe2 });
    assert.equal(outcome.status === 'refused' && outcome.refusal, 'ERR_DEVICE_SIGNATURE_INVALID');
  });

  it('accepts a DeviceResponse made by an independent mdoc library (@auth0/mdl) over our OpenID4VP 1.0 session transcript', async () => {
    const pair = await generateKeyPair('ES256', { extractable: true });
    const key = { publicJwk: await exportJWK(pair.publicKey), privateKey: pair.privateKey };
    const issued = await issue(key);
    const r = await open();
    const issuerSigned = cborDecode(Buffer.from(issued, 'base64url'));
    const asMdoc = cborEncode(new Map<string, unknown>([['version', '1.0'], ['documents', [new Map<string, unknown>([['docType', MDL], ['issuerSigned', issuerSigned]])]], ['status', 0]]));
    const transcript = cborEncode(DataItem.fromData(oid4vpSessionTranscript({ ...r.request, jwkThumbprint: null })));
    const field = (name: string) => ({ path: [`$['${NS}']['${name}']`], intent_to_retain: false });
    const response = await Auth0DeviceResponse.from(asMdoc)
      .usingPresentationDefinition({ id: 'mdl', input_descriptors: [{ id: MDL, format: { mso_mdoc: { alg: ['ES256'] } }, constraints: { limit_disclosure: 'required', fields: ASKED[NS].map(field) } }] })
      .usingSessionTranscriptBytes(Buffer.from(transcript))
      .authenticateWithSignature(await exportJWK(pair.privateKey) as never, 'ES256')
      .sign();
    const outcome = await answer(r, Buffer.from(response.encode()).toString('base64url'));
    assert.equal(outcome.status, 'verified', JSON.stringify(outcome));
  });

  it('refuses an invalid credential signature: a changed byte of the MSO signature', async () => {
    const r = await open();
    const presentation = edit(await presentMdoc(mdoc, f.holderKey, r.request, ASKED), (doc) => {
      const issuerAuth = (doc.get('issuerSigned') as Map<string, unknown>).get('issuerAuth') as Uint8Array[];
      issuerAuth[3] = new Uint8Array(issuerAuth[3]!).map((b, i) => (i === 5 ? b ^ 1 : b));
    });
    await refusedWith(r, presentation, 'ERR_CREDENTIAL_SIGNATURE_INVALID');
  });

  it('refuses a tampered data element: its IssuerSignedItem no longer matches the signed digest', async () => {
    const r = await open();
    const presentation = edit(await presentMdoc(mdoc, f.holderKey, r.request, ASKED), (doc) => {
      const items = ((doc.get('issuerSigned') as Map<string, unknown>).get('nameSpaces') as Map<string, DataItem<Map<string, unknown>>[]>).get(NS)!;
      const i = items.findIndex((item) => item.data.get('elementIdentifier') === 'given_name');
      const changed = new Map(items[i]!.data);
      changed.set('elementValue', 'Eve');
      items[i] = DataItem.fromData(changed);
    });
    await refusedWith(r, presentation, 'ERR_MDOC_DIGEST_MISMATCH');
  });

  it('refuses an invalid session transcript: signed for another nonce, another client_id, another response_uri, or the draft-18 handover', async () => {
    for (const change of [{ nonce: 'another-nonce' }, { clientId: 'x509_hash:another-verifier' }, { responseUri: responseUriOf(f.deps, 'another-request') }]) {
      const r = await open();
      await refusedWith(r, await presentMdoc(mdoc, f.holderKey, { ...r.request, ...change }, ASKED), 'ERR_DEVICE_SIGNATURE_INVALID');
    }
    const r3 = await open();
    const draft18 = await SessionTranscript.forOid4VpDraft18({ clientId: r3.request.clientId, responseUri: r3.request.responseUri, verifierGeneratedNonce: r3.request.nonce, mdocGeneratedNonce: 'wallet-nonce' }, mdocCrypto());
    await refusedWith(r3, await presentMdoc(mdoc, f.holderKey, r3.request, ASKED, draft18), 'ERR_DEVICE_SIGNATURE_INVALID');
    // Signed by a key other than the MSO's device key.
    const r4 = await open();
    await refusedWith(r4, await presentMdoc(mdoc, await f.newHolderKey(), r4.request, ASKED), 'ERR_DEVICE_SIGNATURE_INVALID');
  });

  it('refuses an expired mdoc, one not valid yet, and one signed outside its document signer certificate’s validity', async () => {
    const identity = await f.issuer.deps.identity();
    const type = f.issuer.types.get('kr.knpa.mobile-driver-licence')!;
    const claims = await f.issuer.deps.claims.claims(type, f.holder.card.holderCode);
    const now = f.deps.clock.now().getTime();
    const signer = {
      publicKey: await crypto.subtle.exportKey('jwk', identity.mdoc.signer.publicKey) as JWK,
      x5chain: identity.mdoc.x5c.map((c) => new Uint8Array(Buffer.from(c, 'base64'))), sign: (d: Uint8Array) => identity.mdoc.signer.sign(d),
    };
    const made = (issuedAt: number, expiresAt: number) => issueMdoc({ type, claims, holderKey: f.holderKey.publicJwk, signer, status: { idx: 0, uri: f.issuer.deps.statusLists.uri(1) }, issuedAt: new Date(issuedAt), expiresAt: new Date(expiresAt) });
    const r = await open();
    await refusedWith(r, await presentMdoc(await made(now - 10 * 86_400_000, now - 86_400_000), f.holderKey, r.request, ASKED), 'ERR_CREDENTIAL_EXPIRED');
    const r2 = await open();
    await refusedWith(r2, await presentMdoc(await made(now + 86_400_000, now + 10 * 86_400_000), f.holderKey, r2.request, ASKED), 'ERR_CREDENTIAL_NOT_YET_VALID');
    // Valid now, but signed (it says) before the document signer certificate existed.
    const r3 = await open();
    await refusedWith(r3, await presentMdoc(await made(identity.mdoc.certificate.notBefore.getTime() - 86_400_000, now + 10 * 86_400_000), f.holderKey, r3.request, ASKED), 'ERR_ISSUER_UNTRUSTED');
  });

  it('refuses a revoked mdoc: the card it derives from was revoked', async () => {
    const holder = await f.issuer.newHolder({ givenNames: 'Jaan', surname: 'Tamm' });
    const issued = await issue(f.holderKey, holder);
    await f.issuer.changeCard(holder, { action: 'revoke', reason: 'lost' });
    const r = await open();
    await refusedWith(r, await presentMdoc(issued, f.holderKey, r.request, ASKED), 'ERR_CREDENTIAL_REVOKED');
  });

  it('refuses an untrusted issuer: a document signer outside the Tessera PKI, and the SD-JWT issuer key that is no document signer', async () => {
    const type = f.issuer.types.get('kr.knpa.mobile-driver-licence')!;
    const claims = await f.issuer.deps.claims.claims(type, f.holder.card.holderCode);
    const now = f.deps.clock.now();
    const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
    const subject = f.issuer.identity.certificate.subject;
    const stranger = await X509CertificateGenerator.createSelfSigned({
      name: subject, keys, signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' }, notBefore: new Date(now.getTime() - 60_000), notAfter: new Date(now.getTime() + 86_400_000),
      extensions: [new BasicConstraintsExtension(false), new KeyUsagesExtension(KeyUsageFlags.digitalSignature, true), new ExtendedKeyUsageExtension([EKU.mdocDocumentSigner], true)],
    });
    const identity = await f.issuer.deps.identity();
    const base = { type, claims, holderKey: f.holderKey.publicJwk, status: { idx: 0, uri: f.issuer.deps.statusLists.uri(1) }, issuedAt: now, expiresAt: new Date(now.getTime() + 86_400_000) };
    const foreign = await issueMdoc({ ...base, signer: { publicKey: await crypto.subtle.exportKey('jwk', keys.publicKey) as JWK, x5chain: [new Uint8Array(stranger.rawData)], sign: async (d) => new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, keys.privateKey, new Uint8Array(d))) } });
    const r = await open();
    await refusedWith(r, await presentMdoc(foreign, f.holderKey, r.request, ASKED), 'ERR_ISSUER_UNTRUSTED');
    const byJoseKey = await issueMdoc({ ...base, signer: { publicKey: await crypto.subtle.exportKey('jwk', identity.signer.publicKey) as JWK, x5chain: identity.x5c.map((c) => new Uint8Array(Buffer.from(c, 'base64'))), sign: (d) => identity.signer.sign(d) } });
    const r2 = await open();
    await refusedWith(r2, await presentMdoc(byJoseKey, f.holderKey, r2.request, ASKED), 'ERR_ISSUER_UNTRUSTED');
  });

  it('refuses a data element the query did not ask for, and one that is missing', async () => {
    const r = await open();
    await refusedWith(r, await presentMdoc(mdoc, f.holderKey, r.request, { [NS]: [...ASKED[NS], 'birth_date'] }), 'ERR_CLAIM_NOT_REQUESTED');
    const r2 = await open();
    await refusedWith(r2, await presentMdoc(mdoc, f.holderKey, r2.request, { [NS]: ['given_name', 'family_name'] }), 'ERR_CLAIM_MISSING');
  });

  it('refuses an mdoc of another doctype than the query’s, and bytes that are no DeviceResponse', async () => {
    const idCard = (await issueCredentials(f.issuer.deps, { type: f.issuer.types.get('ee.ppa.id-card')!, format: 'mso_mdoc', holder: f.holder.card.holderCode, documentRef: f.holder.documentRef, keys: [f.holderKey.publicJwk] })).credentials[0]!;
    const r = await open();
    await refusedWith(r, await presentMdoc(idCard, f.holderKey, r.request, { 'ee.politsei.idcard.1': ['given_name', 'family_name'] }), 'ERR_CREDENTIAL_NOT_REQUESTED');
    const r2 = await open();
    await refusedWith(r2, Buffer.from('not cbor at all').toString('base64url'), 'ERR_MDOC_MALFORMED');
  });

  it('refuses queries for mdoc claims beyond the registration, and claim paths that are not [namespace, element]', async () => {
    await assert.rejects(open(query(['given_name', 'portrait'])), { code: 'ERR_CLAIM_NOT_REGISTERED' });
    await assert.rejects(open(query(), 'direct_post', BANK.id), { code: 'ERR_CLAIM_NOT_REGISTERED' });
    await assert.rejects(open({ credentials: [{ id: 'mdl', format: 'mso_mdoc', meta: { doctype_value: MDL }, claims: [{ path: ['given_name'] }] }] }), { code: 'ERR_QUERY_UNSUPPORTED' });
    await assert.rejects(open({ credentials: [{ id: 'mdl', format: 'mso_mdoc', meta: {}, claims: [{ path: [NS, 'given_name'] }] }] }), { code: 'ERR_QUERY_UNSUPPORTED' });
  });

  describe('several mdocs in one DeviceResponse', () => {
    let idCard: string;
    before(async () => {
      idCard = (await issueCredentials(f.issuer.deps, { type: f.issuer.types.get('ee.ppa.id-card')!, format: 'mso_mdoc', holder: f.holder.card.holderCode, documentRef: f.holder.documentRef, keys: [f.holderKey.publicJwk] })).credentials[0]!;
    });
    const both = (r: Awaited<ReturnType<typeof open>>, documents = [{ issued: mdoc, elements: NAMES }, { issued: idCard, elements: { [ID_CARD]: ['given_name', 'family_name'] } }]) => presentMdocs(documents, f.holderKey, r.request);
    const answerBoth = (r: { id: string; state: string }, presentation: string, ids = ['mdl', 'id']) => receiveResponse(f.deps, r.id, { vp_token: Object.fromEntries(ids.map((id) => [id, [presentation]])), state: r.state });

    it('accepts one DeviceResponse made by @owf/mdoc with a document for each of two mso_mdoc queries, given under both ids, and checks each', async () => {
      const r = await open(twoQueries, 'direct_post', TWO_DOCUMENTS.id);
      const presentation = await both(r);
      assert.equal(((cborDecode(Buffer.from(presentation, 'base64url')) as Map<string, unknown[]>).get('documents'))!.length, 2);
      const outcome = await answerBoth(r, presentation);
      assert.equal(outcome.status, 'verified', JSON.stringify(outcome));
      assert.deepEqual(outcome.status === 'verified' && outcome.answers.map((a) => [a.queryId, a.vct, a.claims[`${a.vct === MDL ? NS : ID_CARD}.given_name`]]), [['mdl', MDL, 'Mari'], ['id', ID_CARD, 'Mari']]);
      // The documents in the other order answer the same queries: each query takes the document of its doctype.
      const r2 = await open(twoQueries, 'direct_post', TWO_DOCUMENTS.id);
      const swapped = await both(r2, [{ issued: idCard, elements: { [ID_CARD]: ['given_name', 'family_name'] } }, { issued: mdoc, elements: NAMES }]);
      assert.equal((await answerBoth(r2, swapped)).status, 'verified');
    });

    it('refuses the whole response when one of its documents fails: a tampered element, or a bad issuer signature, in the second', async () => {
      const r = await open(twoQueries, 'direct_post', TWO_DOCUMENTS.id);
      const tampered = edit(await both(r), (doc) => {
        const items = ((doc.get('issuerSigned') as Map<string, unknown>).get('nameSpaces') as Map<string, DataItem<Map<string, unknown>>[]>).get(ID_CARD)!;
        const changed = new Map(items[0]!.data);
        changed.set('elementValue', 'Eve');
        items[0] = DataItem.fromData(changed);
      }, 1);
      const outcome = await answerBoth(r, tampered);
      assert.equal(outcome.status === 'refused' && outcome.refusal, 'ERR_MDOC_DIGEST_MISMATCH');
      const r2 = await open(twoQueries, 'direct_post', TWO_DOCUMENTS.id);
      const forged = edit(await both(r2), (doc) => {
        const issuerAuth = (doc.get('issuerSigned') as Map<string, unknown>).get('issuerAuth') as Uint8Array[];
        issuerAuth[3] = new Uint8Array(issuerAuth[3]!).map((b, i) => (i === 5 ? b ^ 1 : b));
      }, 1);
      const second = await answerBoth(r2, forged);
      assert.equal(second.status === 'refused' && second.refusal, 'ERR_CREDENTIAL_SIGNATURE_INVALID');
    });

    it('refuses a document no query asked for, a query without its document, and two documents of one doctype for one query', async () => {
      // Two documents under the mDL query alone: the ID card answers nothing asked.
      const r = await open(query(['given_name', 'family_name']), 'direct_post', TWO_DOCUMENTS.id);
      const extra = await answerBoth(r, await both(r), ['mdl']);
      assert.equal(extra.status === 'refused' && extra.refusal, 'ERR_CREDENTIAL_NOT_REQUESTED');
      // One document under both ids: the ID card query has none.
      const r2 = await open(twoQueries, 'direct_post', TWO_DOCUMENTS.id);
      const short = await answerBoth(r2, await presentMdoc(mdoc, f.holderKey, r2.request, NAMES));
      assert.equal(short.status === 'refused' && short.refusal, 'ERR_CREDENTIAL_NOT_REQUESTED');
      // Two mDLs for the mDL and the ID card queries: the second is of another doctype than asked.
      const r3 = await open(twoQueries, 'direct_post', TWO_DOCUMENTS.id);
      // (The library will not put two documents of one doctype together: joined here as a wallet could.)
      const second = cborDecode(Buffer.from(await presentMdoc(await issue(), f.holderKey, r3.request, NAMES), 'base64url')) as Map<string, unknown[]>;
      const joined = cborDecode(Buffer.from(await presentMdoc(mdoc, f.holderKey, r3.request, NAMES), 'base64url')) as Map<string, unknown[]>;
      joined.get('documents')!.push(second.get('documents')![0]);
      const twoLicences = await answerBoth(r3, Buffer.from(cborEncode(joined)).toString('base64url'));
      assert.equal(twoLicences.status === 'refused' && twoLicences.refusal, 'ERR_CREDENTIAL_NOT_REQUESTED');
    });
  });
});
