// SPDX-License-Identifier: Apache-2.0
// The wallet's authorization code flow, run in Node on the same WebCrypto the browser has, against
// the real issuer over HTTP: the wallet pushes its request (PAR, PKCE S256, DPoP), the holder
// signs in at the issuer's authorization endpoint with the ID card (Web eID, as the issuer's page
// asks), the issuer redirects back, and the wallet redeems the code and receives the credential.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeJwt, importJWK, importX509, jwtVerify, type JWK } from 'jose';
import { createOffer } from '@tessera/credentials';
import { PUBLIC_WORKER_ID, withIssuerAndHolder, TEST_WALLET, type Holder, type IssuerFixture, type IssuerServer } from '@tessera/credentials/testing';
import { createWebEidToken } from '@tessera/trust';
import { AuthorizationRefused, codeTokenRequest, newPkce, type WalletClient } from './authorization.ts';
import { finishAuthorization, IssuerRefused, redeemPreAuthorized, startAuthorization, type PendingAuthorization } from './issuance.ts';
import { chooseGrant, OfferUnreadable, parseOffer, resolveOffer } from './offer.ts';
import { newSigningKey, signJwt } from './jose-lite.ts';

const CLIENT: WalletClient = { clientId: TEST_WALLET.clientId, redirectUri: TEST_WALLET.redirectUris[0]! };

describe('the wallet receives a credential by the authorization code flow', { timeout: 180_000 }, () => {
  let f: IssuerFixture;
  let issuer: IssuerServer;
  let holder: Holder;
  const offerLink = (grant: Record<string, unknown>) => `openid-credential-offer://?credential_offer=${encodeURIComponent(JSON.stringify({ credential_issuer: issuer.url, credential_configuration_ids: [PUBLIC_WORKER_ID], grants: { authorization_code: grant } }))}`;

  /** The holder at the issuer's authorization page: the card signs its origin and challenge after PIN1; the issuer answers with the redirect. */
  const signInWithCard = async (authorizationUrl: string): Promise<string> => {
    const url = new URL(authorizationUrl);
    const page = await fetch(url, { headers: { accept: 'text/html' } });
    assert.equal(page.status, 200);
    const challenge = /data-web-eid-challenge="([^"]+)"/.exec(await page.text())![1]!;
    const token = await createWebEidToken(f.trust.deps.bureau.card(holder.card.chipId)!, holder.pins.PIN1, new URL(issuer.url).origin, challenge);
    const signedIn = await fetch(`${issuer.url}/authorize/card`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: url.searchParams.get('client_id'), request_uri: url.searchParams.get('request_uri'), token }),
    });
    assert.equal(signedIn.status, 200, await signedIn.clone().text());
    return ((await signedIn.json()) as { redirect_to: string }).redirect_to;
  };
  /** The wallet's push and the holder's sign-in: what the wallet kept, and the redirect back. */
  const authorize = async (grant: Record<string, unknown> = {}): Promise<{ pending: PendingAuthorization; redirect: string }> => {
    const { authorizationUrl, pending } = await startAuthorization(parseOffer(offerLink(grant)), CLIENT);
    return { pending, redirect: await signInWithCard(authorizationUrl) };
  };
  const refusedWith = (error: string, description: RegExp) => (e: unknown) => e instanceof IssuerRefused && e.error === error && description.test(e.message);

  withIssuerAndHolder({ givenNames: 'Eun-ji', surname: 'Park' }, (o) => ({ f, issuer, holder } = o));

  it('receives a public-worker ID signed by the issuer, bound to a key only the wallet holds, by PAR, PKCE S256, ID-card sign-in and DPoP', async () => {
    // The desk's offer for this holder: the issuer takes its issuer_state only with this holder's sign-in.
    const created = await createOffer(issuer.deps, { holder: holder.card.holderCode, documentRef: holder.documentRef, configurationIds: [PUBLIC_WORKER_ID], grants: ['authorization_code'] }, 'desk-1');
    const issuerState = (created.offer.grants as { authorization_code: { issuer_state: string } }).authorization_code.issuer_state;
    const offer = parseOffer(created.link);
    assert.deepEqual(offer, { issuer: issuer.url, configurationIds: [PUBLIC_WORKER_ID], preAuthorized: null, authorizationCode: { issuerState } });
    const { authorizationUrl, pending } = await startAuthorization(offer, CLIENT);
    const url = new URL(authorizationUrl);
    assert.equal(`${url.origin}${url.pathname}`, `${issuer.url}/authorize`);
    assert.deepEqual([...url.searchParams.keys()], ['client_id', 'request_uri'], 'only the pushed request’s reference goes through the browser');
    assert.equal(pending.dpop.privateKey.extractable, false);
    const [received] = await finishAuthorization(pending, await signInWithCard(authorizationUrl));
    const { credential, key } = received!;
    assert.equal(credential.configurationId, PUBLIC_WORKER_ID);
    assert.equal(credential.claims.given_name, 'Eun-ji');
    assert.equal(key.extractable, false);
    const jwt = credential.raw.split('~')[0]!;
    const { payload } = await jwtVerify(jwt, await importX509(f.identity.certificate.toString('pem'), 'ES256'));
    assert.equal(payload.iss, issuer.url);
    // The credential's cnf key is the one the wallet keeps: what it signs verifies with cnf.jwk.
    const signed = await signJwt({ typ: 'kb+jwt' }, { nonce: 'n-1' }, key);
    await jwtVerify(signed, await importJWK((decodeJwt(jwt).cnf as { jwk: JWK }).jwk, 'ES256'));
  });

  it('code_bound_to_dpop_key: the push was DPoP-signed, so the code is refused with another key (invalid_grant) and redeemed with the wallet’s', async () => {
    const { pending, redirect } = await authorize();
    const other = { ...pending, dpop: { ...(await newSigningKey()), nonce: pending.dpop.nonce } };
    await assert.rejects(finishAuthorization(other, redirect), refusedWith('invalid_grant', /another DPoP key/));
    assert.equal((await finishAuthorization(pending, redirect)).length, 1);
  });

  it('pkce_wrong_verifier: a code redeemed with another code_verifier is refused by the issuer (invalid_grant), and the right one still redeems it', async () => {
    const { pending, redirect } = await authorize();
    await assert.rejects(finishAuthorization({ ...pending, codeVerifier: (await newPkce()).verifier }, redirect), refusedWith('invalid_grant', /PKCE/));
    assert.equal((await finishAuthorization(pending, redirect)).length, 1);
  });

  it('code_used_twice: the issuer refuses a second redemption of the code (invalid_grant)', async () => {
    const { pending, redirect } = await authorize();
    assert.equal((await finishAuthorization(pending, redirect)).length, 1);
    await assert.rejects(finishAuthorization(pending, redirect), refusedWith('invalid_grant', /already used/));
  });

  it('token_without_dpop: the wallet’s token request sent without a DPoP proof is refused, and the code still redeems with one', async () => {
    const { pending, redirect } = await authorize();
    const code = new URL(redirect).searchParams.get('code')!;
    const bare = await fetch(pending.tokenEndpoint, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: codeTokenRequest({ client: pending.client, code, codeVerifier: pending.codeVerifier }).toString() });
    assert.equal(bare.status, 400);
    const body = (await bare.json()) as { error: string; error_description: string };
    assert.equal(body.error, 'invalid_dpop_proof');
    assert.match(body.error_description, /no DPoP header/);
    assert.equal((await finishAuthorization(pending, redirect)).length, 1);
  });

  it('state_mismatch: the wallet does not redeem a code whose redirect carries another state, so the code stays unused', async () => {
    const { pending, redirect } = await authorize();
    const forged = new URL(redirect);
    forged.searchParams.set('state', 'someone-else');
    await assert.rejects(finishAuthorization(pending, forged.toString()), (e: unknown) => e instanceof AuthorizationRefused && e.code === 'state-mismatch');
    await assert.rejects(finishAuthorization({ ...pending, state: 'another-request' }, redirect), (e: unknown) => e instanceof AuthorizationRefused && e.code === 'state-mismatch');
    assert.equal((await finishAuthorization(pending, redirect)).length, 1, 'the issuer never saw the code before');
  });

  it('both_grants: with the transaction code the wallet takes the pre-authorized code; without it the person signs in at the issuer, and the offer is then used up', async () => {
    const offerBoth = () => createOffer(issuer.deps, { holder: holder.card.holderCode, documentRef: holder.documentRef, configurationIds: [PUBLIC_WORKER_ID], grants: ['pre-authorized_code', 'authorization_code'] }, 'desk-1');
    const typed = await offerBoth();
    const withCode = parseOffer(typed.link);
    assert.equal(chooseGrant(withCode, typed.txCode!), 'pre-authorized_code');
    const [received] = await redeemPreAuthorized(withCode, typed.txCode!);
    assert.equal(received!.credential.configurationId, PUBLIC_WORKER_ID);

    const untyped = await offerBoth();
    const withoutCode = parseOffer(untyped.link);
    assert.equal(chooseGrant(withoutCode, ''), 'authorization_code');
    const { authorizationUrl, pending } = await startAuthorization(withoutCode, CLIENT);
    const [signedIn] = await finishAuthorization(pending, await signInWithCard(authorizationUrl));
    assert.equal(signedIn!.credential.claims.given_name, 'Eun-ji');
    // The sign-in used the offer: its pre-authorized code no longer redeems.
    await assert.rejects(redeemPreAuthorized(withoutCode, untyped.txCode!), refusedWith('invalid_grant', /already redeemed/));
  });

  it('offer_by_reference: the wallet fetches an offer by its credential_offer_uri from the issuer, reads it as the same offer and receives the credential', async () => {
    const created = await createOffer(issuer.deps, { holder: holder.card.holderCode, documentRef: holder.documentRef, configurationIds: [PUBLIC_WORKER_ID] }, 'desk-1');
    const offer = await resolveOffer(created.referenceLink);
    assert.deepEqual(offer, parseOffer(created.link));
    const [received] = await redeemPreAuthorized(offer, created.txCode!);
    assert.equal(received!.credential.claims.given_name, 'Eun-ji');
    // Used now: the issuer no longer serves it, and the wallet says so.
    await assert.rejects(resolveOffer(created.referenceLink), (e: unknown) => e instanceof OfferUnreadable && e.code === 'offer-not-found' && /already used/.test(e.message));
  });

  it('unknown_offer_reference: a credential_offer_uri the issuer does not know is refused with the issuer’s reason, and nothing is redeemed', async () => {
    const link = `openid-credential-offer://?credential_offer_uri=${encodeURIComponent(`${issuer.url}/credential-offers/${'A'.repeat(43)}`)}`;
    await assert.rejects(resolveOffer(link), (e: unknown) => e instanceof OfferUnreadable && e.code === 'offer-not-found' && /no credential offer at this address/.test(e.message));
    const nowhere = `openid-credential-offer://?credential_offer_uri=${encodeURIComponent('http://127.0.0.1:9/credential-offers/x')}`;
    await assert.rejects(resolveOffer(nowhere), (e: unknown) => e instanceof OfferUnreadable && e.code === 'offer-unreachable');
  });
});
