// SPDX-License-Identifier: Apache-2.0
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { X509Certificate } from '@peculiar/x509';
import { digest, ES256 } from '@sd-jwt/crypto-nodejs';
import { getListFromStatusListJWT, getStatusListFromJWT } from '@sd-jwt/jwt-status-list';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { decodeProtectedHeader, importX509, compactVerify, type JWK } from 'jose';
import { openIssuerFixture, ISSUER_URL, type Holder, type IssuerFixture } from '../../testing/issuer-fixture.ts';
import { issueCredentials } from './issue-credentials.ts';

/** The relying party's check of x5c: each certificate signed by the next, the last by the Tessera root it trusts. */
async function verifyWithX5c(root: X509Certificate, jws: string): Promise<boolean> {
  const { x5c } = decodeProtectedHeader(jws) as { x5c?: string[] };
  if (!x5c?.length) return false;
  const chain = x5c.map((c) => new X509Certificate(Buffer.from(c, 'base64')));
  for (let i = 0; i < chain.length; i++) {
    if (!(await chain[i]!.verify({ publicKey: chain[i + 1] ?? root, signatureOnly: true }))) return false;
  }
  const key = await importX509(chain[0]!.toString('pem'), 'ES256');
  try {
    await compactVerify(jws, key);
    return true;
  } catch {
    return false;
  }
}

describe('issuing SD-JWT VCs', { timeout: 120_000 }, () => {
  let f: IssuerFixture;
  let holder: Holder;
  let wallet: { privateJwk: JWK; publicJwk: JWK };
  let root: X509Certificate;
  let verifier: SDJwtVcInstance;
  before(async () => {
    f = await openIssuerFixture();
    holder = await f.newHolder();
    const keys = await ES256.generateKeyPair();
    wallet = { privateJwk: keys.privateKey as JWK, publicJwk: keys.publicKey as JWK };
    root = new X509Certificate(f.trust.hierarchy.root.der);
    // The OpenWallet Foundation verifier: issuer signature via x5c up to our root, status list fetched and checked.
    verifier = new SDJwtVcInstance({
      hasher: digest,
      verifier: async (data, signature) => verifyWithX5c(root, `${data}.${signature}`),
      kbVerifier: await ES256.getVerifier(wallet.publicJwk),
      statusListFetcher: async (uri) => {
        assert.ok(uri.startsWith(`${ISSUER_URL}/status-lists/`));
        const token = await f.deps.statusLists.token(Number(uri.split('/').pop()));
        assert.ok(await verifyWithX5c(root, token), 'the status list token is signed by the issuer');
        return token;
      },
    });
  });
  after(async () => { await f?.close(); });

  const issue = (typeId: string, keys = [wallet.publicJwk]) => issueCredentials(f.deps, { type: f.types.get(typeId)!, format: 'dc+sd-jwt', holder: holder.card.holderCode, documentRef: holder.documentRef, keys });

  it('issues a public-worker ID the independent @sd-jwt verifier accepts, with every marked claim disclosable', async () => {
    const { credentials: [credential] } = await issue('kr.mois.public-worker-id');
    const header = decodeProtectedHeader(credential!.split('~')[0]!);
    assert.equal(header.typ, 'dc+sd-jwt');
    assert.equal((header.x5c as string[]).length, 2);
    const { payload } = await verifier.verify(credential!);
    assert.equal(payload.vct, `${ISSUER_URL}/types/kr.mois.public-worker-id`);
    assert.equal(payload.iss, ISSUER_URL);
    assert.deepEqual((payload.cnf as { jwk: JWK }).jwk, wallet.publicJwk);
    assert.equal(payload.given_name, 'Mari');
    const type = f.types.get('kr.mois.public-worker-id')!;
    const disclosable = type.claims.filter((c) => c.disclosable && c.name in payload).map((c) => c.name).sort();
    assert.deepEqual((await verifier.presentableKeys(credential!)).sort(), disclosable);
    assert.ok(!disclosable.includes('issue_date'), 'issue_date is a plain claim');
  });

  it('lets the holder disclose only some claims with key binding, and the verifier sees only those', async () => {
    const { credentials: [credential] } = await issue('kr.mois.public-worker-id');
    const holderSdJwt = new SDJwtVcInstance({ hasher: digest, kbSigner: await ES256.getSigner(wallet.privateJwk), kbSignAlg: 'ES256' });
    const presentation = await holderSdJwt.present(credential!, { given_name: true, position: true }, { kb: { payload: { aud: 'https://bank.example', nonce: 'n-1', iat: Math.floor(Date.now() / 1000) } } });
    const { payload, kb } = await verifier.verify(presentation, { keyBindingNonce: 'n-1', requiredClaimKeys: ['given_name'] } as never);
    assert.equal(payload.given_name, 'Mari');
    assert.equal(payload.family_name, undefined);
    assert.equal(payload.birth_date, undefined);
    assert.equal(kb?.payload.aud, 'https://bank.example');
  });

  it('issues a batch of copies with distinct status entries and one notification id', async () => {
    const other = await ES256.generateKeyPair();
    const batch = await issue('kr.mois.public-worker-id', [wallet.publicJwk, other.publicKey as JWK, wallet.publicJwk]);
    assert.equal(batch.credentials.length, 3);
    const entries = await Promise.all(batch.credentials.map(async (c) => (await verifier.verify(c)).payload.status!.status_list));
    assert.equal(new Set(entries.map((e) => `${e.uri}#${e.idx}`)).size, 3);
    const second = (await verifier.verify(batch.credentials[1]!)).payload;
    assert.deepEqual((second.cnf as { jwk: JWK }).jwk, other.publicKey);
  });

  it('makes a credential follow its card: suspended, resumed, then revoked for good', async () => {
    const { credentials: [credential] } = await issue('kr.knpa.mobile-driver-licence');
    const { idx, uri } = (await verifier.verify(credential!)).payload.status!.status_list;
    const statusNow = async () => {
      const token = await f.deps.statusLists.token(Number(uri.split('/').pop()));
      assert.equal(getStatusListFromJWT(`${token.split('.')[0]}.${Buffer.from(JSON.stringify({ status: { status_list: { idx, uri } } })).toString('base64url')}.x`).idx, idx);
      return getListFromStatusListJWT(token).getStatus(idx);
    };
    assert.equal(await statusNow(), 0);
    assert.ok((await f.changeCard(holder, { action: 'suspend' })) >= 1);
    assert.equal(await statusNow(), 2);
    await assert.rejects(verifier.verify(credential!));
    await f.changeCard(holder, { action: 'resume' });
    assert.equal(await statusNow(), 0);
    await verifier.verify(credential!);
    await f.changeCard(holder, { action: 'revoke', reason: 'lost' });
    assert.equal(await statusNow(), 1);
    await assert.rejects(verifier.verify(credential!));
  });

  it('refuses to issue a card-derived credential from a revoked card, and to issue from agency data that misses a mandatory claim', async () => {
    await assert.rejects(issue('kr.mois.public-worker-id'), { code: 'ERR_SOURCE_DOCUMENT_NOT_VALID' });
    const fresh = await f.newHolder({ givenNames: 'Jaan', surname: 'Tamm' });
    await assert.rejects(issueCredentials(f.deps, { type: f.types.get('kr.snu.student-id')!, format: 'dc+sd-jwt', holder: fresh.card.holderCode, documentRef: fresh.documentRef, keys: [wallet.publicJwk], claims: { given_name: 'Jaan' } }),
      (e: { code: string; extensions: { errors: Array<{ code: string }> } }) => e.code === 'ERR_AGENCY_CLAIMS_INVALID' && e.extensions.errors.some((i) => i.code === 'missing_claim'));
    await assert.rejects(issueCredentials(f.deps, { type: f.types.get('kr.mois.public-worker-id')!, format: 'dc+sd-jwt', holder: fresh.card.holderCode, documentRef: null, keys: [wallet.publicJwk] }), { code: 'ERR_SOURCE_DOCUMENT_NOT_VALID' });
  });
});
