// SPDX-License-Identifier: Apache-2.0
// An offer of the authorization code grant with issuer_state (OpenID4VCI 1.0 §4.1.1, §5.1.3):
// the issuer binds the authorization to that offer. Only an existing, unexpired, unused offer's
// issuer_state is taken; the credentials are the offer's; the offer is used once; a refusal
// records nothing.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { count, eq } from 'drizzle-orm';
import { logEntries } from '@tessera/platform';
import { createWebEidToken } from '@tessera/trust';
import { authorizations, offers } from '../store/schema.ts';
import { createOffer, PRE_AUTHORIZED_GRANT, type CreatedOffer, type OfferGrant } from '../store/oid4vci/create-offer.ts';
import { hashSecret } from '../store/oid4vci/hash-secret.ts';
import { dpopClient } from '../testing/dpop-client.ts';
import { type Holder, type IssuerFixture } from '../testing/issuer-fixture.ts';
import { withIssuerAndHolder, TEST_WALLET, type IssuerServer } from '../testing/issuer-server.ts';
import { pkceChallenge, PUBLIC_WORKER_ID } from '../testing/wallet-constants.ts';

const REDIRECT = TEST_WALLET.redirectUris[0]!;
const LICENCE = 'kr.knpa.mobile-driver-licence.sd-jwt';

describe('issuer_state binds an authorization to its credential offer', { timeout: 180_000 }, () => {
  let f: IssuerFixture;
  let issuer: IssuerServer;
  let holder: Holder;
  let other: Holder;

  const offer = (grants: OfferGrant[] = ['authorization_code'], configurationIds = [PUBLIC_WORKER_ID], who = holder) =>
    createOffer(issuer.deps, { holder: who.card.holderCode, documentRef: who.documentRef, configurationIds, grants }, 'desk-1');
  const issuerStateOf = (created: CreatedOffer) => (created.offer.grants as { authorization_code: { issuer_state: string } }).authorization_code.issuer_state;
  /** What the database holds that a push or sign-in would change: requests, authorized ones, used offers, log entries. */
  const snapshot = async () => ({
    authorizations: (await f.deps.db.select({ n: count() }).from(authorizations))[0]!.n,
    authorized: (await f.deps.db.select({ id: authorizations.id, at: authorizations.authorizedAt }).from(authorizations)).filter((a) => a.at).length,
    usedOffers: (await f.deps.db.select({ at: offers.redeemedAt }).from(offers)).filter((o) => o.at).length,
    events: (await f.deps.db.select({ n: count() }).from(logEntries))[0]!.n,
  });
  const push = async (wallet: Awaited<ReturnType<typeof dpopClient>>, verifier: string, fields: Record<string, string>) =>
    wallet.form(`${issuer.url}/par`, { client_id: TEST_WALLET.clientId, response_type: 'code', redirect_uri: REDIRECT, code_challenge: pkceChallenge(verifier), code_challenge_method: 'S256', state: 's-1', ...fields });
  const refusal = async (response: Response) => {
    assert.equal(response.status, 400, 'refused as a bad request');
    return (await response.json()) as { error: string; error_description: string };
  };
  /** The holder at the authorization page, signing the page's challenge with the card; the issuer's answer. */
  const signIn = async (requestUri: string, who = holder): Promise<Response> => {
    const page = await fetch(`${issuer.url}/authorize?${new URLSearchParams({ client_id: TEST_WALLET.clientId, request_uri: requestUri })}`, { headers: { accept: 'application/json' } });
    const { challenge } = (await page.json()) as { challenge: string };
    const token = await createWebEidToken(f.trust.deps.bureau.card(who.card.chipId)!, who.pins.PIN1, new URL(issuer.url).origin, challenge);
    return fetch(`${issuer.url}/authorize/card`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ client_id: TEST_WALLET.clientId, request_uri: requestUri, token }) });
  };
  /** PAR with the issuer_state, sign-in, token: the access token and what it covers. */
  const redeem = async (issuerState: string) => {
    const wallet = await dpopClient();
    const verifier = randomBytes(32).toString('base64url');
    const pushed = await push(wallet, verifier, { issuer_state: issuerState });
    assert.equal(pushed.status, 201, await pushed.clone().text());
    const { request_uri } = (await pushed.json()) as { request_uri: string };
    const signedIn = await signIn(request_uri);
    assert.equal(signedIn.status, 200, await signedIn.clone().text());
    const code = new URL(((await signedIn.json()) as { redirect_to: string }).redirect_to).searchParams.get('code')!;
    const token = await wallet.form(`${issuer.url}/token`, { grant_type: 'authorization_code', client_id: TEST_WALLET.clientId, redirect_uri: REDIRECT, code, code_verifier: verifier });
    assert.equal(token.status, 200, await token.clone().text());
    return { wallet, token: (await token.json()) as { access_token: string; authorization_details: Array<{ credential_configuration_id: string }> } };
  };

  withIssuerAndHolder({ givenNames: 'Ji-ho', surname: 'Han' }, (o) => ({ f, issuer, holder } = o));
  before(async () => {
    other = await f.newHolder({ givenNames: 'Tae-min', surname: 'Oh' });
  });

  it('an offer of the authorization code grant carries an unguessable issuer_state and no pre-authorized code or transaction code', async () => {
    const created = await offer();
    assert.deepEqual(Object.keys(created.offer.grants as object), ['authorization_code']);
    assert.match(issuerStateOf(created), /^[A-Za-z0-9_-]{43}$/);
    assert.equal(created.txCode, null);
  });

  it('credential_limited_to_offer: the authorization is for the offer’s configurations (all of them when the request names none), and a token for it covers nothing else', async () => {
    const created = await offer(['authorization_code'], [PUBLIC_WORKER_ID]);
    const { wallet, token } = await redeem(issuerStateOf(created));
    assert.deepEqual(token.authorization_details.map((d) => d.credential_configuration_id), [PUBLIC_WORKER_ID]);
    const elsewhere = await wallet.json(`${issuer.url}/credential`, { credential_configuration_id: LICENCE }, token.access_token);
    assert.equal(((await elsewhere.json()) as { error: string }).error, 'unknown_credential_configuration');
  });

  it('credential_limited_to_offer: a request with the issuer_state asking for a credential the offer does not carry is refused and records nothing', async () => {
    const created = await offer(['authorization_code'], [PUBLIC_WORKER_ID]);
    const before = await snapshot();
    const body = await refusal(await push(await dpopClient(), randomBytes(32).toString('base64url'), { issuer_state: issuerStateOf(created), scope: `${PUBLIC_WORKER_ID} ${LICENCE}` }));
    assert.equal(body.error, 'invalid_request');
    assert.match(body.error_description, new RegExp(`does not offer ${LICENCE.replace(/\./g, '\\.')}`));
    assert.deepEqual(await snapshot(), before);
    // The offer is still usable for what it offers.
    await redeem(issuerStateOf(created));
  });

  it('forged_issuer_state: an issuer_state the issuer never gave out is refused with invalid_request and records nothing', async () => {
    const created = await offer();
    const before = await snapshot();
    for (const forged of ['guessed', `${issuerStateOf(created)}x`, issuerStateOf(created).toUpperCase(), ` ${issuerStateOf(created)}`]) {
      const body = await refusal(await push(await dpopClient(), randomBytes(32).toString('base64url'), { issuer_state: forged, scope: PUBLIC_WORKER_ID }));
      assert.equal(body.error, 'invalid_request');
      assert.match(body.error_description, /issuer_state is not one of this issuer’s credential offers/);
    }
    assert.deepEqual(await snapshot(), before);
  });

  it('used_issuer_state: the offer is used once; its issuer_state is then refused, and so is its pre-authorized code', async () => {
    const created = await offer(['pre-authorized_code', 'authorization_code']);
    await redeem(issuerStateOf(created));
    const [row] = await f.deps.db.select().from(offers).where(eq(offers.issuerStateHash, hashSecret(issuerStateOf(created))));
    assert.ok(row?.redeemedAt, 'the sign-in used the offer up');
    const before = await snapshot();
    const body = await refusal(await push(await dpopClient(), randomBytes(32).toString('base64url'), { issuer_state: issuerStateOf(created) }));
    assert.equal(body.error, 'invalid_request');
    assert.match(body.error_description, /already used/);
    assert.deepEqual(await snapshot(), before);
    const code = (created.offer.grants as Record<string, { 'pre-authorized_code': string }>)[PRE_AUTHORIZED_GRANT]!['pre-authorized_code'];
    const preAuthorized = await (await dpopClient()).form(`${issuer.url}/token`, { grant_type: PRE_AUTHORIZED_GRANT, 'pre-authorized_code': code, tx_code: created.txCode! });
    assert.equal(((await preAuthorized.json()) as { error: string }).error, 'invalid_grant');
  });

  it('used_issuer_state: of two requests pushed with one issuer_state only the first sign-in gets a code; the second is refused and stays unauthorized', async () => {
    const created = await offer();
    const pushes = [];
    for (let i = 0; i < 2; i++) {
      const pushed = await push(await dpopClient(), randomBytes(32).toString('base64url'), { issuer_state: issuerStateOf(created) });
      assert.equal(pushed.status, 201);
      pushes.push(((await pushed.json()) as { request_uri: string }).request_uri);
    }
    assert.equal((await signIn(pushes[0]!)).status, 200);
    const before = await snapshot();
    const second = await refusal(await signIn(pushes[1]!));
    assert.equal(second.error, 'invalid_request');
    assert.match(second.error_description, /already used or has expired/);
    assert.deepEqual(await snapshot(), before);
  });

  it('expired_issuer_state: the issuer_state of an expired offer is refused with invalid_request and records nothing', async () => {
    const now = f.trust.clock.now();
    f.trust.clock.set(new Date(now.getTime() - (issuer.deps.offerMinutes + 1) * 60_000));
    const created = await offer().finally(() => f.trust.clock.set(now));
    const before = await snapshot();
    const body = await refusal(await push(await dpopClient(), randomBytes(32).toString('base64url'), { issuer_state: issuerStateOf(created) }));
    assert.equal(body.error, 'invalid_request');
    assert.match(body.error_description, /has expired/);
    assert.deepEqual(await snapshot(), before);
  });

  it('another person’s card does not use an offer made for the holder: refused (access_denied), the offer and request untouched, and the holder then signs in', async () => {
    const created = await offer();
    const pushed = await push(await dpopClient(), randomBytes(32).toString('base64url'), { issuer_state: issuerStateOf(created) });
    const { request_uri } = (await pushed.json()) as { request_uri: string };
    const before = await snapshot();
    const stranger = await signIn(request_uri, other);
    assert.equal(stranger.status, 403);
    const body = (await stranger.json()) as { error: string; error_description: string };
    assert.equal(body.error, 'access_denied');
    assert.match(body.error_description, /made for another person/);
    assert.deepEqual(await snapshot(), before);
    assert.equal((await signIn(request_uri)).status, 200);
  });
});
