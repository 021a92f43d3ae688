// SPDX-License-Identifier: Apache-2.0
// Credential offers by reference (OpenID4VCI 1.0 §4.1.3): the issuer serves each offer at an
// unguessable credential_offer_uri while it is unexpired and unused, and answers other addresses
// with a problem that says why.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { Openid4vciClient, setGlobalConfig } from '@openid4vc/openid4vci';
import { offers } from '../store/schema.ts';
import { createOffer, OFFER_PATH, PRE_AUTHORIZED_GRANT } from '../store/oid4vci/create-offer.ts';
import { hashSecret } from '../store/oid4vci/hash-secret.ts';
import { dpopClient } from '../testing/dpop-client.ts';
import { type Holder, type IssuerFixture } from '../testing/issuer-fixture.ts';
import { withIssuerAndHolder, type IssuerServer } from '../testing/issuer-server.ts';
import { vciWallet } from '../testing/vci-wallet.ts';
import { PUBLIC_WORKER_ID } from '../testing/wallet-constants.ts';


describe('credential offers by reference (credential_offer_uri)', { timeout: 120_000 }, () => {
  let f: IssuerFixture;
  let issuer: IssuerServer;
  let holder: Holder;
  const offer = () => createOffer(issuer.deps, { holder: holder.card.holderCode, documentRef: holder.documentRef, configurationIds: [PUBLIC_WORKER_ID] }, 'desk-1');
  const problem = async (response: Response) => {
    assert.equal(response.headers.get('content-type'), 'application/problem+json; charset=utf-8');
    return (await response.json()) as { status: number; code: string; detail: string };
  };

  before(() => setGlobalConfig({ allowInsecureUrls: true }));
  withIssuerAndHolder({ givenNames: 'Da-eun', surname: 'Yoon' }, (o) => ({ f, issuer, holder } = o));

  it('serves the offer object at its credential_offer_uri as JSON, never cached, and the link and QR code carry only that address', async () => {
    const created = await offer();
    assert.match(created.offerUri, new RegExp(`^${issuer.url}${OFFER_PATH}/[A-Za-z0-9_-]{43}$`));
    assert.equal(created.referenceLink, `openid-credential-offer://?credential_offer_uri=${encodeURIComponent(created.offerUri)}`);
    const served = await fetch(created.offerUri);
    assert.equal(served.status, 200);
    assert.match(served.headers.get('content-type')!, /^application\/json/);
    assert.equal(served.headers.get('cache-control'), 'no-store');
    assert.deepEqual(await served.json(), created.offer);
    // Nothing in the database opens it: the address is stored hashed and the offer sealed under it.
    const reference = created.offerUri.split('/').pop()!;
    const [row] = await f.deps.db.select().from(offers).where(eq(offers.referenceHash, hashSecret(reference)));
    const code = (created.offer.grants as Record<string, { 'pre-authorized_code': string }>)[PRE_AUTHORIZED_GRANT]!['pre-authorized_code'];
    assert.ok(row?.sealedOffer);
    assert.ok(!JSON.stringify(row).includes(code) && !JSON.stringify(row).includes(reference));
  });

  it('an independent OpenID4VCI client resolves the offer by reference to the same offer', async () => {
    const created = await offer();
    const client = new Openid4vciClient({ callbacks: vciWallet().callbacks });
    const resolved = await client.resolveCredentialOffer(created.referenceLink);
    assert.deepEqual(resolved, created.offer);
  });

  it('unknown_reference: an address the issuer never gave out is 404 with a problem saying so', async () => {
    for (const guess of ['x'.repeat(43), 'short', `${'A'.repeat(42)}.`]) {
      const response = await fetch(`${issuer.url}${OFFER_PATH}/${guess}`);
      assert.equal(response.status, 404);
      const body = await problem(response);
      assert.equal(body.code, 'ERR_CREDENTIAL_OFFER_NOT_FOUND');
      assert.match(body.detail, /no credential offer at this address/);
    }
  });

  it('an offer that was used, or that expired, is no longer served: 410 with the reason', async () => {
    const used = await offer();
    const code = (used.offer.grants as Record<string, { 'pre-authorized_code': string }>)[PRE_AUTHORIZED_GRANT]!['pre-authorized_code'];
    assert.equal((await (await dpopClient()).form(`${issuer.url}/token`, { grant_type: PRE_AUTHORIZED_GRANT, 'pre-authorized_code': code, tx_code: used.txCode! })).status, 200);
    const gone = await fetch(used.offerUri);
    assert.equal(gone.status, 410);
    assert.match((await problem(gone)).detail, /already used/);

    const now = f.trust.clock.now();
    f.trust.clock.set(new Date(now.getTime() - (issuer.deps.offerMinutes + 1) * 60_000));
    const late = await offer().finally(() => f.trust.clock.set(now));
    const expired = await fetch(late.offerUri);
    assert.equal(expired.status, 410);
    const body = await problem(expired);
    assert.equal(body.code, 'ERR_CREDENTIAL_OFFER_GONE');
    assert.match(body.detail, /has expired/);
  });
});
