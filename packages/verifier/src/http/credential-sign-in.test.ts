// SPDX-License-Identifier: Apache-2.0
// The issuer's sign-in with a credential already in the wallet: the issuer acts as an OpenID4VP
// verifier (this package's credentialSignIn). Libraries we did not write play the wallet:
// @openid4vc/openid4vci for the issuance, @openid4vc/openid4vp for the presentation request and
// answer, @sd-jwt/* for the presentation with its key binding JWT.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Jwk } from '@openid4vc/oauth2';
import { Openid4vciClient, setGlobalConfig } from '@openid4vc/openid4vci';
import { Openid4vpClient } from '@openid4vc/openid4vp';
import { X509CertificateGenerator } from '@peculiar/x509';
import { digest, generateSalt } from '@sd-jwt/crypto-nodejs';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { decodeJwt } from 'jose';
import { changeCredentialStatus, issueCredentials } from '@tessera/credentials';
import { PUBLIC_WORKER_ID, pkceChallenge, dpopClient, ISSUER_URL, openIssuerServer, TEST_WALLET, vciWallet } from '@tessera/credentials/testing';
import { loadTrustAnchors } from '@tessera/trust';
import { credentialSignIn } from '../domain/sign-in/credential-sign-in.ts';
import { vpWalletCallbacks } from '../testing/vp-wallet.ts';
import { openVerifierFixture, type VerifierFixture } from '../testing/verifier-fixture.ts';

const ID_CARD = 'ee.ppa.id-card';
const REDIRECT = TEST_WALLET.redirectUris[0]!;

describe('sign-in at the issuer with a credential already in the wallet (OpenID4VP)', { timeout: 240_000 }, () => {
  let f: VerifierFixture;
  let issuer: Awaited<ReturnType<typeof openIssuerServer>>;
  let idCard: string;
  const { newKey, callbacks: vciCallbacks } = vciWallet();
  let vp: Openid4vpClient;

  /** A pushed authorization request by hand, and the issuer's answer at the authorization endpoint (JSON). */
  const pushed = async () => {
    const wallet = await dpopClient();
    const par = await wallet.form(`${issuer.url}/par`, { client_id: TEST_WALLET.clientId, response_type: 'code', redirect_uri: REDIRECT, code_challenge: pkceChallenge('v'.repeat(43)), code_challenge_method: 'S256', scope: PUBLIC_WORKER_ID, state: 's-1' });
    assert.equal(par.status, 201, await par.clone().text());
    const { request_uri } = (await par.json()) as { request_uri: string };
    const page = (await (await fetch(`${issuer.url}/authorize?${new URLSearchParams({ client_id: TEST_WALLET.clientId, request_uri })}`)).json()) as { sign_in: { credential: string } };
    // The request object the link names, as any wallet reads it.
    const link = new URL(page.sign_in.credential);
    const request = decodeJwt(await (await fetch(link.searchParams.get('request_uri')!)).text()) as { nonce: string; state: string; client_id: string; response_uri: string };
    return { link: page.sign_in.credential, request };
  };
  /** The wallet's direct_post answer with one presentation of `credential` (personal identifier disclosed). */
  const answer = async (request: { nonce: string; state: string; client_id: string; response_uri: string }, credential: string, o: { key?: Awaited<ReturnType<VerifierFixture['newHolderKey']>> } = {}) => {
    const presentation = await f.present(credential, { disclose: ['personal_identifier'], nonce: request.nonce, aud: request.client_id, ...(o.key ? { key: o.key } : {}) });
    const body = new URLSearchParams({ vp_token: JSON.stringify({ identity: [presentation] }), state: request.state });
    return { body, response: await fetch(request.response_uri, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body }) };
  };
  const refusal = async (response: Response) => {
    assert.equal(response.status, 401);
    const body = (await response.json()) as { error: string; error_description: string };
    assert.equal(body.error, 'access_denied');
    return body.error_description;
  };

  before(async () => {
    setGlobalConfig({ allowInsecureUrls: true });
    f = await openVerifierFixture();
    const { identity } = f.issuer;
    issuer = await openIssuerServer(f.issuer, {
      presentationSignIn: credentialSignIn({
        vcts: [`${ISSUER_URL}/types/${ID_CARD}`], trust: f.deps.issuerTrust, status: f.deps.status, clock: f.deps.clock, iatWindow: { pastSeconds: 300, futureSeconds: 60 },
        signer: async () => ({ x5c: identity.x5c, sign: (d) => identity.signer.sign(d) }),
        registration: { relyingParty: 'tessera-credential-issuer', name: { en: 'Tessera credential issuer' }, purpose: { en: 'Signing in to receive credentials' } },
      }),
    });
    idCard = await f.credential(ID_CARD);
    const anchors = await loadTrustAnchors(f.deps.db);
    vp = new Openid4vpClient({
      callbacks: {
        ...vpWalletCallbacks(anchors),
        encryptJwe: () => { throw new Error('unused'); },
        decryptJwe: () => { throw new Error('unused'); },
        signJwt: () => { throw new Error('unused'); },
      },
    });
  });
  after(async () => {
    await issuer?.close();
    await f?.close();
  });

  it('an independent OpenID4VCI wallet obtains a public-worker ID by presenting its ID-card credential (OpenID4VP, x509_hash, key binding), for the same person and following the same card', async () => {
    const client = new Openid4vciClient({ callbacks: vciCallbacks });
    const offer = await client.resolveCredentialOffer(`openid-credential-offer://?credential_offer=${encodeURIComponent(JSON.stringify({ credential_issuer: issuer.url, credential_configuration_ids: [PUBLIC_WORKER_ID], grants: { authorization_code: {} } }))}`);
    const issuerMetadata = await client.resolveIssuerMetadata(offer.credential_issuer);
    const as = issuerMetadata.authorizationServers[0]!;
    const dpopKey = await newKey();
    const { authorizationRequestUrl, pkce, dpop } = await client.createAuthorizationRequestUrlFromOffer({
      credentialOffer: offer, issuerMetadata, clientId: TEST_WALLET.clientId, redirectUri: REDIRECT, scope: PUBLIC_WORKER_ID,
      dpop: { signer: { method: 'jwk', alg: 'ES256', publicJwk: dpopKey as Jwk } },
    });
    const page = (await (await fetch(authorizationRequestUrl)).json()) as { sign_in: { credential: string } };
    assert.match(page.sign_in.credential, /^openid4vp:\/\/\?client_id=x509_hash%3A/);
    const html = await (await fetch(authorizationRequestUrl, { headers: { accept: 'text/html' } })).text();
    assert.ok(html.includes('openid4vp://'), 'the authorization page links to the wallet');

    // The wallet library resolves the signed request by reference and checks it chains to the Tessera root.
    const parsed = vp.parseOpenid4vpAuthorizationRequest({ authorizationRequest: page.sign_in.credential });
    const resolved = await vp.resolveOpenId4vpAuthorizationRequest({ authorizationRequestPayload: parsed.params, wallet: { metadata: { vp_formats_supported: { 'dc+sd-jwt': {} } } as never } });
    assert.equal(resolved.client.prefix, 'x509_hash');
    const request = resolved.authorizationRequestPayload as typeof resolved.authorizationRequestPayload & { client_id: string; nonce: string; response_uri: string };
    const query = resolved.dcql!.query as { credentials: Array<{ id: string; meta: { vct_values: string[] }; claims: Array<{ path: string[] }> }> };
    assert.deepEqual(query.credentials[0]!.meta.vct_values, [`${ISSUER_URL}/types/${ID_CARD}`]);
    assert.deepEqual(query.credentials[0]!.claims.map((c) => c.path), [['personal_identifier']], 'only the identification code is asked');
    const sdjwt = new SDJwtVcInstance({ hasher: digest, saltGenerator: generateSalt, kbSignAlg: 'ES256', kbSigner: async (data: string) => Buffer.from(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, f.holderKey.privateKey, new TextEncoder().encode(data))).toString('base64url') });
    const presentation = await sdjwt.present(idCard, { personal_identifier: true }, { kb: { payload: { iat: Math.floor(f.deps.clock.now().getTime() / 1000), aud: request.client_id, nonce: request.nonce } } });
    const response = await vp.createOpenid4vpAuthorizationResponse({ authorizationRequestPayload: request, authorizationResponsePayload: { vp_token: { identity: [presentation] } } });
    const submitted = await vp.submitOpenid4vpAuthorizationResponse({ authorizationRequestPayload: request, authorizationResponsePayload: response.authorizationResponsePayload });
    assert.equal(submitted.response.status, 200, await submitted.response.clone().text());
    const { redirect_uri } = (await submitted.response.json()) as { redirect_uri: string };

    // The direct_post answer's redirect_uri is the authorization response to the OpenID4VCI client.
    const { code } = client.parseAndVerifyAuthorizationResponseRedirectUrl({ url: redirect_uri, authorizationServerMetadata: as } as never);
    assert.ok(code);
    const { accessTokenResponse, dpop: tokenDpop } = await client.retrieveAuthorizationCodeAccessTokenFromOffer({
      credentialOffer: offer, issuerMetadata, authorizationCode: code!, pkceCodeVerifier: pkce!.codeVerifier, redirectUri: REDIRECT, dpop: dpop!,
    });
    const { c_nonce } = await client.requestNonce({ issuerMetadata });
    const walletKey = await newKey();
    const { jwt } = await client.createCredentialRequestJwtProof({ issuerMetadata, credentialConfigurationId: PUBLIC_WORKER_ID, nonce: c_nonce, signer: { method: 'jwk', alg: 'ES256', publicJwk: walletKey as Jwk } });
    const credentials = await client.retrieveCredentials({ issuerMetadata, accessToken: accessTokenResponse.access_token, credentialConfigurationId: PUBLIC_WORKER_ID, proofs: { jwt: [jwt] }, dpop: tokenDpop! });
    const [second] = (credentials.credentialResponse as { credentials: Array<{ credential: string }> }).credentials.map((c) => c.credential);
    const statusOf = () => new SDJwtVcInstance({ hasher: digest, verifier: async () => true, statusListFetcher: async (uri) => (await fetch(`${issuer.url}/status-lists/${uri.split('/').pop()}`)).text() }).verify(second!);
    const { payload } = await statusOf();
    assert.deepEqual([payload.given_name, payload.family_name], [f.holder.person.givenName, f.holder.person.familyName], 'the second credential is about the person who presented the first');
    assert.equal((payload.cnf as { jwk: { x: string } }).jwk.x, walletKey.x);
    // It derives from the same card as the presented credential: suspending the card suspends it.
    await f.issuer.changeCard(f.holder, { action: 'suspend' });
    await assert.rejects(statusOf());
    await f.issuer.changeCard(f.holder, { action: 'resume' });
    await statusOf();
  });

  it('credential_sign_in_replayed: a presentation is accepted once; sent again, or to another authorization, it is refused', async () => {
    const first = await pushed();
    const { body, response } = await answer(first.request, idCard);
    assert.equal(response.status, 200, await response.clone().text());
    const again = await fetch(first.request.response_uri, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    assert.equal(again.status, 400);
    assert.match(((await again.json()) as { error_description: string }).error_description, /already used/);
    // The same presentation for a new authorization: its key binding carries the first one's nonce.
    const second = await pushed();
    const replayed = await fetch(second.request.response_uri, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ vp_token: body.get('vp_token')!, state: second.request.state }) });
    assert.match(await refusal(replayed), /ERR_KB_JWT_NONCE_MISMATCH/);
    // The refusal changed nothing: the second authorization is still open for a proper answer.
    assert.equal((await answer(second.request, idCard)).response.status, 200);
  });

  it('credential_sign_in_revoked: a revoked ID-card credential does not sign in', async () => {
    const batch = await issueCredentials(f.issuer.deps, { type: f.issuer.types.get(ID_CARD)!, format: 'dc+sd-jwt', holder: f.holder.card.holderCode, documentRef: f.holder.documentRef, keys: [f.holderKey.publicJwk] });
    await changeCredentialStatus(f.issuer.deps, batch.ids[0]!, { action: 'revoke', reason: 'device-lost' }, 'issuer-admin-1');
    const { request } = await pushed();
    assert.match(await refusal((await answer(request, batch.credentials[0]!)).response), /ERR_CREDENTIAL_REVOKED/);
  });

  it('credential_sign_in_expired: an expired ID-card credential does not sign in', async () => {
    const clock = f.issuer.trust.clock;
    const now = clock.now();
    // Issued two days ago for one day.
    clock.set(new Date(now.getTime() - 2 * 86_400_000));
    const batch = await issueCredentials(f.issuer.deps, { type: { ...f.issuer.types.get(ID_CARD)!, validityDays: 1 }, format: 'dc+sd-jwt', holder: f.holder.card.holderCode, documentRef: f.holder.documentRef, keys: [f.holderKey.publicJwk] })
      .finally(() => clock.set(now));
    const { request } = await pushed();
    assert.match(await refusal((await answer(request, batch.credentials[0]!)).response), /ERR_CREDENTIAL_EXPIRED/);
  });

  it('credential_sign_in_untrusted_issuer: an ID-card credential signed by a key outside the Tessera PKI does not sign in, though it names this issuer', async () => {
    const keys = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as CryptoKeyPair;
    const certificate = await X509CertificateGenerator.createSelfSigned({ name: f.issuer.identity.certificate.subject, keys, signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' }, notBefore: new Date(Date.now() - 86_400_000), notAfter: new Date(Date.now() + 86_400_000) });
    const genuine = (await new SDJwtVcInstance({ hasher: digest }).getClaims(idCard)) as Record<string, unknown>;
    const forger = new SDJwtVcInstance({
      hasher: digest, saltGenerator: generateSalt, signAlg: 'ES256',
      signer: async (data: string) => Buffer.from(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, keys.privateKey, new TextEncoder().encode(data))).toString('base64url'),
    });
    const forged = await forger.issue(
      { iss: ISSUER_URL, iat: genuine.iat as number, exp: genuine.exp as number, vct: genuine.vct as string, cnf: { jwk: f.holderKey.publicJwk }, status: genuine.status, personal_identifier: genuine.personal_identifier, given_name: genuine.given_name } as never,
      { _sd: ['personal_identifier', 'given_name'] } as never,
      { header: { typ: 'dc+sd-jwt', x5c: [Buffer.from(certificate.rawData).toString('base64')] } },
    );
    const { request } = await pushed();
    assert.match(await refusal((await answer(request, forged)).response), /ERR_ISSUER_UNTRUSTED/);
  });

  it('credential_sign_in_wrong_holder_key: a credential presented with a key it is not bound to does not sign in', async () => {
    const { request } = await pushed();
    assert.match(await refusal((await answer(request, idCard, { key: await f.newHolderKey() })).response), /ERR_KB_JWT_SIGNATURE_INVALID/);
  });
});
