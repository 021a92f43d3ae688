// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { type Jwk } from '@openid4vc/oauth2';
import { Openid4vciClient, setGlobalConfig } from '@openid4vc/openid4vci';
import { digest } from '@sd-jwt/crypto-nodejs';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { createWebEidToken } from '@tessera/trust';
import { type JWK } from 'jose';
import { dpopClient } from '../testing/dpop-client.ts';
import { type Holder, type IssuerFixture } from '../testing/issuer-fixture.ts';
import { withIssuerAndHolder, TEST_WALLET, type IssuerServer } from '../testing/issuer-server.ts';
import { vciWallet } from '../testing/vci-wallet.ts';
import { pkceChallenge, PUBLIC_WORKER_ID } from '../testing/wallet-constants.ts';

const REDIRECT = TEST_WALLET.redirectUris[0]!;

describe('the authorization code flow with PAR, PKCE and DPoP, the holder signing in with the ID card', { timeout: 180_000 }, () => {
  let f: IssuerFixture;
  let issuer: IssuerServer;
  let holder: Holder;
  const { newKey, callbacks } = vciWallet();
  /** The holder at the authorization page: the card signs the issuer's origin and the page's challenge after PIN1. */
  const signInWithCard = async (authorizationUrl: string, who = holder, origin?: string): Promise<Response> => {
    const url = new URL(authorizationUrl);
    const page = await fetch(url, { headers: { accept: 'text/html' } });
    assert.equal(page.status, 200);
    const challenge = /data-web-eid-challenge="([^"]+)"/.exec(await page.text())![1]!;
    const token = await createWebEidToken(f.trust.deps.bureau.card(who.card.chipId)!, who.pins.PIN1, origin ?? new URL(issuer.url).origin, challenge);
    return fetch(`${issuer.url}/authorize/card`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: url.searchParams.get('client_id'), request_uri: url.searchParams.get('request_uri'), token }),
    });
  };
  /** PAR and card sign-in by hand, returning the code from the redirect. */
  const authorizeByHand = async (wallet: Awaited<ReturnType<typeof dpopClient>>, codeVerifier: string, fields: Record<string, string> = {}) => {
    const par = await wallet.form(`${issuer.url}/par`, { client_id: TEST_WALLET.clientId, response_type: 'code', redirect_uri: REDIRECT, code_challenge: pkceChallenge(codeVerifier), code_challenge_method: 'S256', scope: PUBLIC_WORKER_ID, state: 's-1', ...fields });
    assert.equal(par.status, 201, await par.clone().text());
    const { request_uri } = (await par.json()) as { request_uri: string };
    const signedIn = await signInWithCard(`${issuer.url}/authorize?${new URLSearchParams({ client_id: TEST_WALLET.clientId, request_uri })}`);
    assert.equal(signedIn.status, 200, await signedIn.clone().text());
    return new URL(((await signedIn.json()) as { redirect_to: string }).redirect_to).searchParams.get('code')!;
  };
  const tokenRequest = (wallet: Awaited<ReturnType<typeof dpopClient>>, fields: Record<string, string>) =>
    wallet.form(`${issuer.url}/token`, { grant_type: 'authorization_code', client_id: TEST_WALLET.clientId, redirect_uri: REDIRECT, ...fields });

  before(() => setGlobalConfig({ allowInsecureUrls: true }));
  withIssuerAndHolder({ givenNames: 'Eun-ji', surname: 'Park' }, (o) => ({ f, issuer, holder } = o));

  it('lets an independent OpenID4VCI client obtain a public-worker ID by PAR, PKCE S256, ID-card sign-in and DPoP, bound to the wallet key and following the card', async () => {
    const client = new Openid4vciClient({ callbacks });
    const offer = await client.resolveCredentialOffer(`openid-credential-offer://?credential_offer=${encodeURIComponent(JSON.stringify({ credential_issuer: issuer.url, credential_configuration_ids: [PUBLIC_WORKER_ID], grants: { authorization_code: {} } }))}`);
    const issuerMetadata = await client.resolveIssuerMetadata(offer.credential_issuer);
    const as = issuerMetadata.authorizationServers[0]!;
    assert.equal(as.require_pushed_authorization_requests, true);
    assert.deepEqual(as.code_challenge_methods_supported, ['S256']);
    const dpopKey = await newKey();
    const { authorizationRequestUrl, pkce, dpop } = await client.createAuthorizationRequestUrlFromOffer({
      credentialOffer: offer, issuerMetadata, clientId: TEST_WALLET.clientId, redirectUri: REDIRECT, scope: PUBLIC_WORKER_ID,
      dpop: { signer: { method: 'jwk', alg: 'ES256', publicJwk: dpopKey as Jwk } },
    });
    assert.equal(pkce?.codeChallengeMethod, 'S256');
    assert.ok(new URL(authorizationRequestUrl).searchParams.get('request_uri')?.startsWith('urn:ietf:params:oauth:request_uri:'), 'only a pushed request reaches the authorization endpoint');
    const signedIn = await signInWithCard(authorizationRequestUrl);
    assert.equal(signedIn.status, 200, await signedIn.clone().text());
    const redirect = ((await signedIn.json()) as { redirect_to: string }).redirect_to;
    const response = client.parseAndVerifyAuthorizationResponseRedirectUrl({ url: redirect, authorizationServerMetadata: as } as never);
    assert.ok(response.code);
    const { accessTokenResponse, dpop: tokenDpop } = await client.retrieveAuthorizationCodeAccessTokenFromOffer({
      credentialOffer: offer, issuerMetadata, authorizationCode: response.code!, pkceCodeVerifier: pkce!.codeVerifier, redirectUri: REDIRECT, dpop: dpop!,
    });
    assert.equal(accessTokenResponse.token_type, 'DPoP');
    const { c_nonce } = await client.requestNonce({ issuerMetadata });
    const walletKey = await newKey();
    const { jwt } = await client.createCredentialRequestJwtProof({ issuerMetadata, credentialConfigurationId: PUBLIC_WORKER_ID, nonce: c_nonce, signer: { method: 'jwk', alg: 'ES256', publicJwk: walletKey as Jwk } });
    const credentials = await client.retrieveCredentials({ issuerMetadata, accessToken: accessTokenResponse.access_token, credentialConfigurationId: PUBLIC_WORKER_ID, proofs: { jwt: [jwt] }, dpop: tokenDpop! });
    const [credential] = (credentials.credentialResponse as { credentials: Array<{ credential: string }> }).credentials.map((c) => c.credential);

    const statusOf = async () => {
      const v = new SDJwtVcInstance({ hasher: digest, verifier: async () => true, statusListFetcher: async (uri) => (await fetch(`${issuer.url}/status-lists/${uri.split('/').pop()}`)).text() });
      return v.verify(credential!);
    };
    const { payload } = await statusOf();
    assert.equal(payload.given_name, 'Eun-ji');
    assert.deepEqual((payload.cnf as { jwk: JWK }).jwk, walletKey);
    // The card the holder signed in with is the credential's source document.
    await f.changeCard(holder, { action: 'suspend' });
    await assert.rejects(statusOf());
    await f.changeCard(holder, { action: 'resume' });
    await statusOf();
  });

  it('the authorization page has its own sign-in: a button its served script runs by the Web eID protocol, in English, Estonian and Korean, and what to do without JavaScript', async () => {
    const wallet = await dpopClient();
    const par = await wallet.form(`${issuer.url}/par`, { client_id: TEST_WALLET.clientId, response_type: 'code', redirect_uri: REDIRECT, code_challenge: pkceChallenge('p'.repeat(43)), code_challenge_method: 'S256', scope: PUBLIC_WORKER_ID });
    const { request_uri } = (await par.json()) as { request_uri: string };
    for (const [lang, button, noScript] of [['en', 'Sign in with ID card', 'needs JavaScript'], ['et', 'Logi sisse ID-kaardiga', 'on vaja JavaScripti'], ['ko', '신분증으로 로그인', 'JavaScript와']] as const) {
      const page = await (await fetch(`${issuer.url}/authorize?${new URLSearchParams({ client_id: TEST_WALLET.clientId, request_uri, lang })}`, { headers: { accept: 'text/html' } })).text();
      assert.match(page, new RegExp(`<button type="button" class="button" id="card-sign-in" hidden>${button}</button>`), lang);
      assert.match(page, /<p role="status" id="card-sign-in-status"><\/p>/);
      assert.match(page, new RegExp(`<noscript><p>[^<]*${noScript}`), lang);
      assert.match(page, /<script type="module" src="\/authorize\/card-sign-in\.js"><\/script>/);
      // Each language link shows this same request again.
      const korean = /<a href="([^"]+)" hreflang="ko"/.exec(page)![1]!.replace(/&amp;/g, '&');
      assert.equal(new URL(korean, issuer.url).searchParams.get('request_uri'), request_uri);
      assert.equal((await fetch(new URL(korean, issuer.url), { headers: { accept: 'text/html' } })).status, 200);
      // Web eID takes a challenge of at least 44 characters: base64 of 32 random octets.
      assert.match(/data-web-eid-challenge="([^"]+)"/.exec(page)![1]!, /^[A-Za-z0-9+/]{43}=$/);
    }
    const script = await fetch(`${issuer.url}/authorize/card-sign-in.js`);
    assert.equal(script.headers.get('content-type'), 'text/javascript; charset=utf-8');
    const source = await script.text();
    assert.match(source, /web-eid:authenticate/);
    assert.doesNotMatch(source, /interface WebEidToken|: string\b/, 'served without its types');
  });

  it('authorization_endpoint_without_par: parameters sent straight to the authorization endpoint are refused', async () => {
    const direct = await fetch(`${issuer.url}/authorize?${new URLSearchParams({ client_id: TEST_WALLET.clientId, response_type: 'code', redirect_uri: REDIRECT, code_challenge: pkceChallenge('x'.repeat(43)), code_challenge_method: 'S256', scope: PUBLIC_WORKER_ID })}`);
    assert.equal(direct.status, 400);
    const body = (await direct.json()) as { error: string; error_description: string };
    assert.equal(body.error, 'invalid_request');
    assert.match(body.error_description, /pushed authorization requests/);
    const forged = await fetch(`${issuer.url}/authorize?${new URLSearchParams({ client_id: TEST_WALLET.clientId, request_uri: 'urn:ietf:params:oauth:request_uri:guessed' })}`);
    assert.equal(((await forged.json()) as { error: string }).error, 'invalid_request_uri');
  });

  it('par_rejects: unregistered redirect_uri, missing PKCE, plain PKCE, unknown scope and unknown client', async () => {
    const wallet = await dpopClient();
    const base = { client_id: TEST_WALLET.clientId, response_type: 'code', redirect_uri: REDIRECT, code_challenge: pkceChallenge('v'.repeat(43)), code_challenge_method: 'S256', scope: PUBLIC_WORKER_ID };
    const refusal = async (fields: Record<string, string | undefined>) => {
      const response = await wallet.form(`${issuer.url}/par`, Object.fromEntries(Object.entries({ ...base, ...fields }).filter(([, v]) => v !== undefined)) as Record<string, string>);
      assert.ok(response.status === 400 || response.status === 401, `status ${response.status}`);
      return (await response.json()) as { error: string; error_description: string };
    };
    assert.match((await refusal({ redirect_uri: 'https://attacker.example/callback' })).error_description, /not registered/);
    assert.match((await refusal({ redirect_uri: `${REDIRECT}/` })).error_description, /match exactly/);
    assert.match((await refusal({ code_challenge: undefined, code_challenge_method: undefined })).error_description, /PKCE is required/);
    assert.match((await refusal({ code_challenge_method: 'plain', code_challenge: 'v'.repeat(43) })).error_description, /Only code_challenge_method=S256/);
    assert.equal((await refusal({ scope: 'kr.nowhere.unknown.sd-jwt' })).error, 'invalid_scope');
    assert.equal((await refusal({ client_id: 'rogue-wallet' })).error, 'invalid_client');
  });

  it('token_pkce_mismatch: a code redeemed with another code_verifier is refused, and the right one still works', async () => {
    const wallet = await dpopClient();
    const codeVerifier = randomBytes(32).toString('base64url');
    const code = await authorizeByHand(wallet, codeVerifier);
    const wrong = await tokenRequest(wallet, { code, code_verifier: randomBytes(32).toString('base64url') });
    assert.equal(wrong.status, 400);
    const body = (await wrong.json()) as { error: string; error_description: string };
    assert.equal(body.error, 'invalid_grant');
    assert.match(body.error_description, /PKCE/);
    const right = await tokenRequest(wallet, { code, code_verifier: codeVerifier });
    assert.equal(right.status, 200);
  });

  it('token_redirect_uri_mismatch and token_other_dpop_key: the code is bound to its redirect_uri and to the DPoP key of the push', async () => {
    const wallet = await dpopClient();
    const codeVerifier = randomBytes(32).toString('base64url');
    const code = await authorizeByHand(wallet, codeVerifier);
    const otherRedirect = await tokenRequest(wallet, { code, code_verifier: codeVerifier, redirect_uri: 'https://wallet.tessera.test/other' });
    assert.match(((await otherRedirect.json()) as { error_description: string }).error_description, /redirect_uri/);
    const thief = await dpopClient();
    const stolen = await tokenRequest(thief, { code, code_verifier: codeVerifier });
    assert.equal(stolen.status, 400);
    assert.match(((await stolen.json()) as { error_description: string }).error_description, /another DPoP key/);
  });

  it('token_reused_code: a second redemption is refused and revokes the access token of the first', async () => {
    const wallet = await dpopClient();
    const codeVerifier = randomBytes(32).toString('base64url');
    const code = await authorizeByHand(wallet, codeVerifier);
    const first = await tokenRequest(wallet, { code, code_verifier: codeVerifier });
    const { access_token } = (await first.json()) as { access_token: string };
    const accepted = await wallet.json(`${issuer.url}/credential`, { credential_configuration_id: PUBLIC_WORKER_ID }, access_token);
    assert.equal(((await accepted.json()) as { error: string }).error, 'invalid_proof', 'the first token is accepted (the request only lacks a proof)');
    const again = await tokenRequest(wallet, { code, code_verifier: codeVerifier });
    assert.equal(again.status, 400);
    assert.match(((await again.json()) as { error_description: string }).error_description, /already used/);
    const afterReplay = await wallet.json(`${issuer.url}/credential`, { credential_configuration_id: PUBLIC_WORKER_ID }, access_token);
    assert.equal(afterReplay.status, 401);
    assert.equal(((await afterReplay.json()) as { error: string }).error, 'invalid_token');
  });

  it('card_sign_in_other_origin: a card token made for another site does not authorize, and the request stays usable', async () => {
    const wallet = await dpopClient();
    const codeVerifier = randomBytes(32).toString('base64url');
    const par = await wallet.form(`${issuer.url}/par`, { client_id: TEST_WALLET.clientId, response_type: 'code', redirect_uri: REDIRECT, code_challenge: pkceChallenge(codeVerifier), code_challenge_method: 'S256', scope: PUBLIC_WORKER_ID });
    const { request_uri } = (await par.json()) as { request_uri: string };
    const url = `${issuer.url}/authorize?${new URLSearchParams({ client_id: TEST_WALLET.clientId, request_uri })}`;
    const phished = await signInWithCard(url, holder, 'https://phish.example');
    assert.equal(phished.status, 401);
    assert.match(((await phished.json()) as { error_description: string }).error_description, /not over this site/);
    const signedIn = await signInWithCard(url);
    assert.equal(signedIn.status, 200);
    const again = await signInWithCard(url).catch(() => null);
    assert.equal(again, null, 'a used request no longer shows its page');
  });
});
