// SPDX-License-Identifier: Apache-2.0
// Libraries we did not write, as the wallet: @openid4vc/openid4vp resolves our signed request by
// reference and answers it, dcql matches our query against the credential, @sd-jwt/* makes the
// presentation with its key binding JWT. The verifier runs over HTTP on loopback.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { type CallbackContext, setGlobalConfig } from '@openid4vc/oauth2';
import { Openid4vpClient } from '@openid4vc/openid4vp';
import { digest, generateSalt } from '@sd-jwt/crypto-nodejs';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { DcqlQuery } from 'dcql';
import { CompactEncrypt, decodeJwt, importJWK } from 'jose';
import { ISSUER_URL } from '@tessera/credentials/testing';
import { loadTrustAnchors } from '@tessera/trust';
import { vpWalletCallbacks } from '../testing/vp-wallet.ts';
import { openVerifierFixture, BANK, type VerifierFixture } from '../testing/verifier-fixture.ts';
import { openVerifierServer } from '../testing/verifier-server.ts';

const PWID = `${ISSUER_URL}/types/kr.mois.public-worker-id`;
const MDL = `${ISSUER_URL}/types/kr.knpa.mobile-driver-licence`;

describe('independent wallet libraries against the running verifier', { timeout: 180_000 }, () => {
  let f: VerifierFixture;
  let verifier: Awaited<ReturnType<typeof openVerifierServer>>;
  let credentials: Array<{ raw: string; vct: string; claims: Record<string, unknown> }>;
  let client: Openid4vpClient;

  const api = async (path: string, init: { method?: string; body?: unknown; key?: string } = {}) => fetch(`${verifier.url}${path}`, {
    method: init.method ?? 'GET', headers: { authorization: `Bearer ${init.key ?? f.apiKeys.get(BANK.id)}`, ...(init.body ? { 'content-type': 'application/json' } : {}) },
    ...(init.body ? { body: JSON.stringify(init.body) } : {}),
  });
  const sdjwt = () => new SDJwtVcInstance({
    hasher: digest, saltGenerator: generateSalt, kbSignAlg: 'ES256',
    kbSigner: (data: string) => es256(f.holderKey.privateKey, data),
  });

  before(async () => {
    setGlobalConfig({ allowInsecureUrls: true });
    f = await openVerifierFixture();
    verifier = await openVerifierServer(f);
    const decoder = new SDJwtVcInstance({ hasher: digest });
    const raws = [await f.credential(), await f.credential('kr.knpa.mobile-driver-licence')];
    credentials = await Promise.all(raws.map(async (raw) => {
      const claims = (await decoder.getClaims(raw)) as Record<string, unknown>;
      return { raw, vct: claims.vct as string, claims };
    }));
    const anchors = await loadTrustAnchors(f.deps.db);
    const callbacks: Omit<CallbackContext, 'generateRandom' | 'clientAuthentication' | 'decryptJwe' | 'signJwt'> = {
      ...vpWalletCallbacks(anchors),
      encryptJwe: async (encryptor, data) => {
        const header = { alg: encryptor.alg, enc: encryptor.enc, ...(encryptor.publicJwk.kid ? { kid: encryptor.publicJwk.kid } : {}), ...(encryptor.apu ? { apu: encryptor.apu } : {}), ...(encryptor.apv ? { apv: encryptor.apv } : {}) };
        const jwe = await new CompactEncrypt(new TextEncoder().encode(data)).setProtectedHeader(header).encrypt(await importJWK(encryptor.publicJwk as never, encryptor.alg));
        return { encryptionJwk: encryptor.publicJwk, jwe };
      },
    };
    // The wallet neither decrypts requests nor signs responses here.
    client = new Openid4vpClient({ callbacks: { ...callbacks, decryptJwe: () => { throw new Error('unused'); }, signJwt: () => { throw new Error('unused'); } } });
  });
  after(async () => {
    await verifier?.close();
    await f?.close();
  });

  /** What a wallet does with a link: resolve, match with dcql, present with @sd-jwt, answer. */
  const walletAnswers = async (link: string, choose: (claims: string[]) => string[] = (c) => c) => {
    const parsed = client.parseOpenid4vpAuthorizationRequest({ authorizationRequest: link });
    const resolved = await client.resolveOpenId4vpAuthorizationRequest({ authorizationRequestPayload: parsed.params, wallet: { metadata: { vp_formats_supported: { 'dc+sd-jwt': {} } } as never } });
    const request = resolved.authorizationRequestPayload as typeof resolved.authorizationRequestPayload & { client_id: string; response_uri: string };
    const query = DcqlQuery.parse(resolved.dcql!.query as DcqlQuery.Input);
    DcqlQuery.validate(query);
    const matched = DcqlQuery.query(query, credentials.map((c) => ({ credential_format: 'dc+sd-jwt' as const, vct: c.vct, claims: c.claims as never, cryptographic_holder_binding: true })));
    assert.equal(matched.can_be_satisfied, true);
    const vpToken: Record<string, string[]> = {};
    for (const q of query.credentials) {
      const match = matched.credential_matches[q.id]!;
      assert.equal(match.success, true);
      const credential = credentials[(match as { valid_credentials: Array<{ input_credential_index: number }> }).valid_credentials[0]!.input_credential_index]!;
      const names = choose((q.claims ?? []).map((c) => String((c as { path: string[] }).path[0])));
      const frame = Object.fromEntries(names.map((n) => [n, true]));
      vpToken[q.id] = [await sdjwt().present(credential.raw, frame, { kb: { payload: { iat: Math.floor(Date.now() / 1000), aud: request.client_id, nonce: request.nonce } } })];
    }
    const response = await client.createOpenid4vpAuthorizationResponse({
      authorizationRequestPayload: request, authorizationResponsePayload: { vp_token: vpToken },
      ...(request.response_mode === 'direct_post.jwt' ? { jarm: { encryption: { nonce: randomBytes(16).toString('base64url') }, serverMetadata: { authorization_encryption_alg_values_supported: ['ECDH-ES'], authorization_encryption_enc_values_supported: ['A128GCM', 'A256GCM'] } as never } } : {}),
    });
    const submitted = await client.submitOpenid4vpAuthorizationResponse({ authorizationRequestPayload: request, authorizationResponsePayload: response.authorizationResponsePayload, ...(response.jarm ? { jarm: response.jarm } : {}) });
    return { resolved, response: submitted.response };
  };

  it('the relying party opens a request by API; the library wallet resolves the signed request by reference (POST) and its encrypted answer is accepted', async () => {
    const created = await api('/api/verifier/requests', { method: 'POST', body: { dcql_query: { credentials: [{ id: 'pwid', format: 'dc+sd-jwt', meta: { vct_values: [PWID] }, claims: [{ path: ['given_name'] }, { path: ['family_name'] }] }] } } });
    assert.equal(created.status, 201);
    const body = await created.json() as { id: string; link: string; client_id: string; qr_svg: string };
    assert.match(body.link, /^openid4vp:\/\/\?client_id=x509_hash%3A/);
    assert.match(body.qr_svg, /^<svg/);
    const { resolved, response } = await walletAnswers(body.link);
    assert.equal(resolved.client.prefix, 'x509_hash');
    assert.equal(resolved.version, 100, 'the library reads it as OpenID4VP 1.0');
    const info = (resolved.authorizationRequestPayload as unknown as { verifier_info: Array<{ data: { name: Record<string, string>; purpose: Record<string, string> } }> }).verifier_info[0]!.data;
    assert.deepEqual([info.name.ko, info.purpose.en], [BANK.name.ko, BANK.purpose.en]);
    assert.equal(response.status, 200, await response.clone().text());
    const result = await (await api(`/api/verifier/requests/${body.id}`)).json() as { status: string; answers: Array<{ claims: Record<string, unknown> }> };
    assert.equal(result.status, 'verified');
    assert.deepEqual(result.answers[0]!.claims, { given_name: 'Mari', family_name: 'Maasikas' });
  });

  it('a plain direct_post answer from the library wallet is accepted too, and age over 19 comes without the birth date', async () => {
    const created = await api('/api/verifier/requests', { method: 'POST', body: { response_mode: 'direct_post', dcql_query: { credentials: [{ id: 'age', format: 'dc+sd-jwt', meta: { vct_values: [MDL] }, claims: [{ path: ['age_over_19'], values: [true] }] }] } } });
    const body = await created.json() as { id: string; link: string };
    const { response } = await walletAnswers(body.link);
    assert.equal(response.status, 200, await response.clone().text());
    const result = await (await api(`/api/verifier/requests/${body.id}`)).json() as { answers: Array<{ claims: Record<string, unknown> }> };
    assert.deepEqual(result.answers[0]!.claims, { age_over_19: true });
  });

  it('a wallet that discloses more than asked is refused over HTTP with the reason in OAuth error format', async () => {
    const created = await api('/api/verifier/requests', { method: 'POST', body: { response_mode: 'direct_post', dcql_query: { credentials: [{ id: 'pwid', format: 'dc+sd-jwt', meta: { vct_values: [PWID] }, claims: [{ path: ['given_name'] }] }] } } });
    const body = await created.json() as { id: string; link: string };
    const { response } = await walletAnswers(body.link, (names) => [...names, 'birth_date']);
    assert.equal(response.status, 400);
    assert.deepEqual(await response.json(), { error: 'invalid_request', error_description: 'A claim was disclosed that the request did not ask for.', code: 'ERR_CLAIM_NOT_REQUESTED' });
    const result = await (await api(`/api/verifier/requests/${body.id}`)).json() as { status: string; refusal: string };
    assert.deepEqual([result.status, result.refusal], ['refused', 'ERR_CLAIM_NOT_REQUESTED']);
  });

  it('request_uri by GET, and by POST echoing the wallet_nonce; an unknown request is invalid_request_uri', async () => {
    const body = await (await api('/api/verifier/requests', { method: 'POST', body: { dcql_query: { credentials: [{ id: 'pwid', format: 'dc+sd-jwt', meta: { vct_values: [PWID] }, claims: [{ path: ['given_name'] }] }] } } })).json() as { id: string };
    const get = await fetch(`${verifier.url}/oid4vp/requests/${body.id}`);
    assert.equal(get.headers.get('content-type'), 'application/oauth-authz-req+jwt');
    assert.equal(decodeJwt(await get.text()).wallet_nonce, undefined);
    const post = await fetch(`${verifier.url}/oid4vp/requests/${body.id}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'wallet_nonce=n-123&wallet_metadata=%7B%7D' });
    assert.equal(decodeJwt(await post.text()).wallet_nonce, 'n-123');
    const unknown = await fetch(`${verifier.url}/oid4vp/requests/00000000-0000-4000-8000-000000000000`);
    assert.equal(unknown.status, 404);
    assert.equal((await unknown.json() as { error: string }).error, 'invalid_request_uri');
  });

  it('the REST API needs the relying party’s key, and a request outside its registration is a problem document', async () => {
    assert.equal((await api('/api/verifier/requests', { method: 'POST', body: {}, key: 'rp_not-a-real-key-of-anyone-at-all' })).status, 401);
    const refused = await api('/api/verifier/requests', { method: 'POST', body: { dcql_query: { credentials: [{ id: 'pwid', format: 'dc+sd-jwt', meta: { vct_values: [PWID] }, claims: [{ path: ['employee_number'] }] }] } } });
    assert.equal(refused.status, 400);
    assert.equal(refused.headers.get('content-type'), 'application/problem+json; charset=utf-8');
    assert.equal((await refused.json() as { code: string }).code, 'ERR_CLAIM_NOT_REGISTERED');
  });
});

/** ES256 over a string with a WebCrypto key, base64url: the kbSigner @sd-jwt expects. */
const es256 = async (key: CryptoKey, data: string) => Buffer.from(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key, new TextEncoder().encode(data))).toString('base64url');
