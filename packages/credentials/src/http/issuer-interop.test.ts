// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { type Jwk } from '@openid4vc/oauth2';
import { Openid4vciClient, setGlobalConfig } from '@openid4vc/openid4vci';
import { digest } from '@sd-jwt/crypto-nodejs';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { SignJWT, type JWK } from 'jose';
import { openIssuerFixture, type Holder, type IssuerFixture } from '../testing/issuer-fixture.ts';
import { openIssuerServer } from '../testing/issuer-server.ts';
import { vciWallet } from '../testing/vci-wallet.ts';
import { createOffer } from '../store/oid4vci/create-offer.ts';

describe('an independent OpenID4VCI wallet library against the running issuer', { timeout: 120_000 }, () => {
  let f: IssuerFixture;
  let issuer: Awaited<ReturnType<typeof openIssuerServer>>;
  let holder: Holder;
  const { keys, callbacks, newKey: newJwk } = vciWallet();
  const newKey = async () => ({ publicJwk: await newJwk() });
  let walletKey: { publicJwk: JWK };
  let dpopKey: { publicJwk: JWK };

  before(async () => {
    // The issuer listens on loopback http in this test; production issuers are https only.
    setGlobalConfig({ allowInsecureUrls: true });
    f = await openIssuerFixture();
    issuer = await openIssuerServer(f);
    holder = await f.newHolder();
    walletKey = await newKey();
    dpopKey = await newKey();
  });
  after(async () => {
    await issuer?.close();
    await f?.close();
  });

  it('obtains a public-worker ID by the pre-authorized code flow with tx_code and DPoP, and the @sd-jwt verifier accepts it', async () => {
    const created = await createOffer(issuer.deps, { holder: holder.card.holderCode, documentRef: holder.documentRef, configurationIds: ['kr.mois.public-worker-id.sd-jwt', 'kr.knpa.mobile-driver-licence.sd-jwt'] }, 'desk-1');
    assert.match(created.qrSvg, /^<svg/);
    const client = new Openid4vciClient({ callbacks });
    const offer = await client.resolveCredentialOffer(created.link);
    const issuerMetadata = await client.resolveIssuerMetadata(offer.credential_issuer);
    assert.equal(Object.keys(issuerMetadata.credentialIssuer.credential_configurations_supported).length, [...f.types.values()].reduce((n, t) => n + t.formats.length, 0));
    const { accessTokenResponse, dpop } = await client.retrievePreAuthorizedCodeAccessTokenFromOffer({
      credentialOffer: offer, issuerMetadata, txCode: created.txCode!, dpop: { signer: { method: 'jwk', alg: 'ES256', publicJwk: dpopKey.publicJwk as Jwk } },
    });
    assert.equal(accessTokenResponse.token_type, 'DPoP');
    const { c_nonce } = await client.requestNonce({ issuerMetadata });
    const second = await newKey();
    const proofs = await Promise.all([walletKey, second].map(async (k) => (await client.createCredentialRequestJwtProof({
      issuerMetadata, credentialConfigurationId: 'kr.mois.public-worker-id.sd-jwt', nonce: c_nonce, signer: { method: 'jwk', alg: 'ES256', publicJwk: k.publicJwk as Jwk },
    })).jwt));
    const response = await client.retrieveCredentials({
      issuerMetadata, accessToken: accessTokenResponse.access_token, credentialConfigurationId: 'kr.mois.public-worker-id.sd-jwt', proofs: { jwt: proofs }, dpop: dpop!,
    });
    const body = response.credentialResponse as { credentials: Array<{ credential: string }>; notification_id: string };
    assert.equal(body.credentials.length, 2);

    const verifier = new SDJwtVcInstance({ hasher: digest, verifier: async () => true, statusListFetcher: async (uri) => (await fetch(`${issuer.url}/status-lists/${uri.split('/').pop()}`)).text() });
    // Signature trust is covered in issue-credentials.test.ts; here: binding and status through the HTTP status list.
    const [a, b] = await Promise.all(body.credentials.map((c) => verifier.verify(c.credential)));
    assert.deepEqual((a!.payload.cnf as { jwk: JWK }).jwk, walletKey.publicJwk);
    assert.deepEqual((b!.payload.cnf as { jwk: JWK }).jwk, second.publicJwk);

    const notified = await client.sendNotification({ issuerMetadata, accessToken: accessTokenResponse.access_token, notification: { notificationId: body.notification_id, event: 'credential_accepted' }, dpop: { signer: dpop!.signer, nonce: response.dpop?.nonce ?? dpop!.nonce } });
    assert.equal(notified.ok, true);
  });

  describe('conformance-suite failure cases', () => {
    let accessToken: string;
    let url: string;
    let nonce = '';
    const dpopProof = async (method: string, path: string, extra: Record<string, unknown> = {}) => {
      const payload: Record<string, unknown> = { htm: method, htu: `${url}${path}`, iat: Math.floor(f.trust.clock.now().getTime() / 1000), jti: randomBytes(12).toString('base64url'), ...extra };
      if (nonce) payload.nonce = nonce;
      return new SignJWT(payload).setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: dpopKey.publicJwk }).sign(keys.get(dpopKey.publicJwk.x!)!);
    };
    const ath = () => createHash('sha256').update(accessToken).digest('base64url');
    const cNonce = async () => ((await (await fetch(`${url}/nonce`, { method: 'POST' })).json()) as { c_nonce: string }).c_nonce;
    const keyProof = async (n: string, k = walletKey, overrides: { aud?: string } = {}) =>
      new SignJWT({ aud: overrides.aud ?? url, iat: Math.floor(f.trust.clock.now().getTime() / 1000), nonce: n }).setProtectedHeader({ alg: 'ES256', typ: 'openid4vci-proof+jwt', jwk: k.publicJwk }).sign(keys.get(k.publicJwk.x!)!);
    const token = async (code: string, txCode: string) => {
      const send = async () => fetch(`${url}/token`, {
        method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', dpop: await dpopProof('POST', '/token') },
        body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:pre-authorized_code', 'pre-authorized_code': code, tx_code: txCode }),
      });
      let res = await send();
      if (res.status === 400 && res.headers.get('dpop-nonce') && (await res.clone().json() as { error: string }).error === 'use_dpop_nonce') {
        nonce = res.headers.get('dpop-nonce')!;
        res = await send();
      }
      return res;
    };
    const credential = async (body: unknown, options: { query?: string; authorization?: string } = {}) => fetch(`${url}/credential${options.query ?? ''}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: options.authorization ?? `DPoP ${accessToken}`, dpop: await dpopProof('POST', '/credential', { ath: ath() }) },
      body: JSON.stringify(body),
    });
    const error = async (res: Response) => ({ status: res.status, ...((await res.json()) as { error: string; error_description: string }) });
    const offer = () => createOffer(issuer.deps, { holder: holder.card.holderCode, documentRef: holder.documentRef, configurationIds: ['kr.mois.public-worker-id.sd-jwt'] }, 'desk-1');

    before(async () => {
      url = issuer.url;
      const o = await offer();
      const grant = (o.offer.grants as Record<string, { 'pre-authorized_code': string }>)['urn:ietf:params:oauth:grant-type:pre-authorized_code']!;
      const res = await token(grant['pre-authorized_code'], o.txCode!);
      assert.equal(res.status, 200);
      accessToken = ((await res.json()) as { access_token: string }).access_token;
    });

    it('asks for a DPoP nonce first, then accepts the proof that carries it', async () => {
      const saved = nonce;
      nonce = '';
      const res = await fetch(`${url}/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', dpop: await dpopProof('POST', '/token') }, body: 'grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Apre-authorized_code&pre-authorized_code=x' });
      assert.equal((await error(res)).error, 'use_dpop_nonce');
      assert.ok(res.headers.get('dpop-nonce'));
      nonce = saved;
    });

    it('ensureInvalidNonceFails: a proof over a nonce the issuer never gave is invalid_nonce', async () => {
      const e = await error(await credential({ credential_configuration_id: 'kr.mois.public-worker-id.sd-jwt', proofs: { jwt: [await keyProof('made-up-nonce')] } }));
      assert.deepEqual([e.status, e.error], [400, 'invalid_nonce']);
      assert.match(e.error_description, /nonce endpoint/);
    });

    it('ensureInvalidNonceFails: a c_nonce is accepted only once', async () => {
      const n = await cNonce();
      const ok = await credential({ credential_configuration_id: 'kr.mois.public-worker-id.sd-jwt', proofs: { jwt: [await keyProof(n)] } });
      assert.equal(ok.status, 200);
      const e = await error(await credential({ credential_configuration_id: 'kr.mois.public-worker-id.sd-jwt', proofs: { jwt: [await keyProof(n)] } }));
      assert.equal(e.error, 'invalid_nonce');
    });

    it('ensureInvalidProofSignatureFails: a proof signed by another key than its jwk is invalid_proof', async () => {
      const other = await newKey();
      const n = await cNonce();
      const forged = await new SignJWT({ aud: url, iat: Math.floor(f.trust.clock.now().getTime() / 1000), nonce: n }).setProtectedHeader({ alg: 'ES256', typ: 'openid4vci-proof+jwt', jwk: walletKey.publicJwk }).sign(keys.get(other.publicJwk.x!)!);
      const e = await error(await credential({ credential_configuration_id: 'kr.mois.public-worker-id.sd-jwt', proofs: { jwt: [forged] } }));
      assert.deepEqual([e.status, e.error], [400, 'invalid_proof']);
      assert.match(e.error_description, /signature/);
      // The nonce was not spent by the bad request.
      assert.equal((await credential({ credential_configuration_id: 'kr.mois.public-worker-id.sd-jwt', proofs: { jwt: [await keyProof(n)] } })).status, 200);
    });

    it('refuses a proof for another audience', async () => {
      const e = await error(await credential({ credential_configuration_id: 'kr.mois.public-worker-id.sd-jwt', proofs: { jwt: [await keyProof(await cNonce(), walletKey, { aud: 'https://other-issuer.example' })] } }));
      assert.equal(e.error, 'invalid_proof');
      assert.match(e.error_description, /aud/);
    });

    it('ensureMissingProofFails: a request without proofs is invalid_proof', async () => {
      const e = await error(await credential({ credential_configuration_id: 'kr.mois.public-worker-id.sd-jwt' }));
      assert.deepEqual([e.status, e.error], [400, 'invalid_proof']);
    });

    it('ensureUnknownCredentialConfigurationFails', async () => {
      const e = await error(await credential({ credential_configuration_id: 'kr.mois.unicorn-licence.sd-jwt', proofs: { jwt: [await keyProof(await cNonce())] } }));
      assert.deepEqual([e.status, e.error], [400, 'unknown_credential_configuration']);
    });

    it('ensureUnknownCredentialIdentifierFails', async () => {
      const e = await error(await credential({ credential_identifier: 'not-an-identifier', proofs: { jwt: [await keyProof(await cNonce())] } }));
      assert.deepEqual([e.status, e.error], [400, 'unknown_credential_identifier']);
    });

    it('ensureAccessTokenInQueryFails: the token in the URL is refused even with a valid header', async () => {
      const e = await error(await credential({ credential_configuration_id: 'kr.mois.public-worker-id.sd-jwt', proofs: { jwt: [await keyProof(await cNonce())] } }, { query: `?access_token=${accessToken}` }));
      assert.deepEqual([e.status, e.error], [400, 'invalid_request']);
    });

    it('refuses a DPoP-bound token sent as a Bearer token, and a token presented with another DPoP key', async () => {
      const bearer = await credential({}, { authorization: `Bearer ${accessToken}` });
      assert.equal(bearer.status, 401);
      assert.match(bearer.headers.get('www-authenticate') ?? '', /^DPoP error="invalid_token"/);
      const saved = dpopKey;
      dpopKey = await newKey();
      const e = await error(await credential({ credential_configuration_id: 'kr.mois.public-worker-id.sd-jwt', proofs: { jwt: [await keyProof(await cNonce())] } }));
      dpopKey = saved;
      assert.deepEqual([e.status, e.error], [401, 'invalid_token']);
    });

    it('refuses a replayed pre-authorized code, a wrong transaction code and an expired offer', async () => {
      const o = await offer();
      const code = (o.offer.grants as Record<string, { 'pre-authorized_code': string }>)['urn:ietf:params:oauth:grant-type:pre-authorized_code']!['pre-authorized_code'];
      const wrong = o.txCode! === '000000' ? '111111' : '000000';
      const e1 = await error(await token(code, wrong));
      assert.deepEqual([e1.status, e1.error, e1.error_description], [400, 'invalid_grant', 'The transaction code is wrong.']);
      assert.equal((await token(code, o.txCode!)).status, 200);
      const e2 = await error(await token(code, o.txCode!));
      assert.equal(e2.error, 'invalid_grant');
      assert.match(e2.error_description, /already redeemed/);

      const late = await offer();
      const lateCode = (late.offer.grants as Record<string, { 'pre-authorized_code': string }>)['urn:ietf:params:oauth:grant-type:pre-authorized_code']!['pre-authorized_code'];
      f.trust.clock.advance(16 * 60_000);
      nonce = '';
      const e3 = await error(await token(lateCode, late.txCode!));
      f.trust.clock.advance(-16 * 60_000);
      nonce = '';
      assert.equal(e3.error, 'invalid_grant');
      assert.match(e3.error_description, /expired/);
    });

    it('burns an offer after too many wrong transaction codes', async () => {
      const o = await offer();
      const code = (o.offer.grants as Record<string, { 'pre-authorized_code': string }>)['urn:ietf:params:oauth:grant-type:pre-authorized_code']!['pre-authorized_code'];
      const wrong = o.txCode! === '000000' ? '111111' : '000000';
      for (let i = 0; i < 3; i++) await token(code, wrong);
      const e = await error(await token(code, o.txCode!));
      assert.equal(e.error, 'invalid_grant');
    });
  });
});
