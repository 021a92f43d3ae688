// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { type Jwk } from '@openid4vc/oauth2';
import { Openid4vciClient, setGlobalConfig } from '@openid4vc/openid4vci';
import { digest } from '@sd-jwt/crypto-nodejs';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { and, eq } from 'drizzle-orm';
import { type JWK } from 'jose';
import { logEntries } from '@tessera/platform';
import { dpopClient } from '../testing/dpop-client.ts';
import { VCT_BASE, type Holder, type IssuerFixture } from '../testing/issuer-fixture.ts';
import { withIssuerAndHolder, type IssuerServer } from '../testing/issuer-server.ts';
import { vciWallet } from '../testing/vci-wallet.ts';
import { createOffer } from '../store/oid4vci/create-offer.ts';
import { decideDeferredIssuance } from '../store/oid4vci/decide-deferred-issuance.ts';
import { deferredIssuances } from '../store/schema.ts';

const PERMIT = 'kr.knpa.firearm-possession-permit.sd-jwt';
/** The library's error with the issuer's error response it carries. */
const explain = (e: Error & { response?: { credentialErrorResponseResult?: { data?: unknown } } }) => `${e.message} ${JSON.stringify(e.response?.credentialErrorResponseResult?.data ?? {})}`;

describe('deferred issuance of a credential the agency approves later', { timeout: 180_000 }, () => {
  let f: IssuerFixture;
  let issuer: IssuerServer;
  let holder: Holder;
  const { keys, newKey, callbacks } = vciWallet();
  /** The independent client up to the credential request: offer, token with DPoP, one proof. */
  const requestPermit = async () => {
    const created = await createOffer(issuer.deps, { holder: holder.card.holderCode, documentRef: holder.documentRef, configurationIds: [PERMIT] }, 'desk-1');
    const client = new Openid4vciClient({ callbacks });
    const offer = await client.resolveCredentialOffer(created.link);
    const issuerMetadata = await client.resolveIssuerMetadata(offer.credential_issuer);
    const { accessTokenResponse, dpop } = await client.retrievePreAuthorizedCodeAccessTokenFromOffer({ credentialOffer: offer, issuerMetadata, txCode: created.txCode!, dpop: { signer: { method: 'jwk', alg: 'ES256', publicJwk: (await newKey()) as Jwk } } });
    const { c_nonce } = await client.requestNonce({ issuerMetadata });
    const walletKey = await newKey();
    const { jwt } = await client.createCredentialRequestJwtProof({ issuerMetadata, credentialConfigurationId: PERMIT, nonce: c_nonce, signer: { method: 'jwk', alg: 'ES256', publicJwk: walletKey as Jwk } });
    const response = await client.retrieveCredentials({ issuerMetadata, accessToken: accessTokenResponse.access_token, credentialConfigurationId: PERMIT, proofs: { jwt: [jwt] }, dpop: dpop! });
    return { client, issuerMetadata, accessToken: accessTokenResponse.access_token, dpop: { ...dpop!, nonce: response.dpop?.nonce ?? dpop!.nonce }, response, walletKey };
  };
  const rowOf = async () => (await f.deps.db.select().from(deferredIssuances).where(eq(deferredIssuances.holder, holder.card.holderCode)).orderBy(deferredIssuances.createdAt)).at(-1)!;

  before(() => setGlobalConfig({ allowInsecureUrls: true }));
  withIssuerAndHolder({ givenNames: 'Tae-yang', surname: 'Lee' }, (o) => ({ f, issuer, holder } = o));

  it('answers 202 with a transaction_id and interval, stays pending until the agency approves, then issues once for the key proved at the request', async () => {
    const { client, issuerMetadata, accessToken, dpop, response, walletKey } = await requestPermit();
    assert.equal(response.response.status, 202);
    const deferred = response.credentialResponse as { transaction_id: string; interval: number; credentials?: unknown };
    assert.equal(typeof deferred.transaction_id, 'string');
    assert.equal(deferred.interval, 5);
    assert.equal(deferred.credentials, undefined);
    assert.equal((await client.resolveIssuerMetadata(issuer.url)).credentialIssuer.deferred_credential_endpoint, `${issuer.url}/deferred_credential`);

    const pending = await client.retrieveDeferredCredentials({ issuerMetadata, accessToken, transactionId: deferred.transaction_id, dpop });
    assert.equal(pending.response.status, 202);
    assert.equal((pending.deferredCredentialResponse as { transaction_id: string }).transaction_id, deferred.transaction_id);
    assert.equal((await rowOf()).state, 'pending');

    await decideDeferredIssuance(f.deps, (await rowOf()).id, 'approve', 'knpa-officer-7');
    // @openid4vc/openid4vci 0.4.6 refuses a deferred response with credentials and notification_id
    // (its check is inverted; OpenID4VCI 1.0 §9.2 allows both), so the wallet's same DPoP key polls by hand.
    const wallet = await dpopClient({ privateKey: keys.get(dpop.signer.publicJwk.x!)!, publicJwk: dpop.signer.publicJwk as JWK, nonce: pending.dpop?.nonce });
    const issuedResponse = await wallet.json(`${issuer.url}/deferred_credential`, { transaction_id: deferred.transaction_id }, accessToken);
    assert.equal(issuedResponse.status, 200);
    const issued = (await issuedResponse.json()) as { credentials: Array<{ credential: string }>; notification_id: string };
    assert.equal(typeof issued.notification_id, 'string');
    const [credential] = issued.credentials.map((c) => c.credential);
    const { payload } = await new SDJwtVcInstance({ hasher: digest, verifier: async () => true, statusListFetcher: async (uri) => (await fetch(`${issuer.url}/status-lists/${uri.split('/').pop()}`)).text() }).verify(credential!);
    assert.equal(payload.vct, `${VCT_BASE}/kr.knpa.firearm-possession-permit`);
    assert.deepEqual((payload.cnf as { jwk: JWK }).jwk, walletKey);
    const events = await f.deps.db.select().from(logEntries).where(and(eq(logEntries.context, 'credentials'), eq(logEntries.subject, (await rowOf()).id)));
    assert.deepEqual(events.map((e) => e.type).sort(), ['credentials.deferred', 'credentials.deferred_approved']);

    const twice = await wallet.json(`${issuer.url}/deferred_credential`, { transaction_id: deferred.transaction_id }, accessToken);
    assert.equal(twice.status, 400);
    assert.equal(((await twice.json()) as { error: string }).error, 'invalid_transaction_id');
  });

  it('invalid_transaction_id: another access token cannot poll the transaction, and a rejected request is credential_request_denied', async () => {
    const first = await requestPermit();
    const transactionId = (first.response.credentialResponse as { transaction_id: string }).transaction_id;
    const stranger = await dpopClient();
    const created = await createOffer(issuer.deps, { holder: holder.card.holderCode, documentRef: holder.documentRef, configurationIds: [PERMIT] }, 'desk-1');
    const token = await stranger.form(`${issuer.url}/token`, { grant_type: 'urn:ietf:params:oauth:grant-type:pre-authorized_code', 'pre-authorized_code': (created.offer.grants as Record<string, { 'pre-authorized_code': string }>)['urn:ietf:params:oauth:grant-type:pre-authorized_code']!['pre-authorized_code'], tx_code: created.txCode! });
    const { access_token } = (await token.json()) as { access_token: string };
    const foreign = await stranger.json(`${issuer.url}/deferred_credential`, { transaction_id: transactionId }, access_token);
    assert.equal(foreign.status, 400);
    assert.equal(((await foreign.json()) as { error: string }).error, 'invalid_transaction_id');

    await decideDeferredIssuance(f.deps, (await rowOf()).id, 'reject', 'knpa-officer-7');
    await assert.rejects(decideDeferredIssuance(f.deps, (await rowOf()).id, 'approve', 'knpa-officer-7'), { code: 'ERR_CONFLICT' });
    await assert.rejects(first.client.retrieveDeferredCredentials({ issuerMetadata: first.issuerMetadata, accessToken: first.accessToken, transactionId, dpop: first.dpop }), (e: Error) => /credential_request_denied/.test(explain(e)));
    assert.equal((await rowOf()).state, 'rejected');
  });
});
