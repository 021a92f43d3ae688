// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Jwk } from '@openid4vc/oauth2';
import { Openid4vciClient, setGlobalConfig } from '@openid4vc/openid4vci';
import { IssuerSigned } from '@owf/mdoc';
import { type JWK } from 'jose';
import { openIssuerFixture, type Holder, type IssuerFixture } from '../testing/issuer-fixture.ts';
import { openIssuerServer } from '../testing/issuer-server.ts';
import { vciWallet } from '../testing/vci-wallet.ts';
import { createOffer } from '../store/oid4vci/create-offer.ts';

const MDL = 'kr.knpa.mobile-driver-licence.mdoc';

describe('mdoc issuance through the OpenID4VCI endpoints, driven by an independent client library', { timeout: 120_000 }, () => {
  let f: IssuerFixture;
  let issuer: Awaited<ReturnType<typeof openIssuerServer>>;
  let holder: Holder;
  const { callbacks, newKey: newJwk } = vciWallet();
  const newKey = async () => ({ publicJwk: await newJwk() });

  before(async () => {
    setGlobalConfig({ allowInsecureUrls: true });
    f = await openIssuerFixture();
    issuer = await openIssuerServer(f);
    holder = await f.newHolder();
  });
  after(async () => {
    await issuer?.close();
    await f?.close();
  });

  it('publishes an mso_mdoc configuration for the driving licences and ID cards, with COSE algorithms and namespace claim paths', async () => {
    const metadata = await (await fetch(`${issuer.url}/.well-known/openid-credential-issuer`)).json() as { credential_configurations_supported: Record<string, Record<string, unknown>> };
    const mdl = metadata.credential_configurations_supported[MDL]!;
    assert.equal(mdl.format, 'mso_mdoc');
    assert.equal(mdl.doctype, 'org.iso.18013.5.1.mDL');
    assert.deepEqual(mdl.credential_signing_alg_values_supported, [-7]);
    assert.deepEqual(mdl.cryptographic_binding_methods_supported, ['cose_key']);
    const paths = (mdl.credential_metadata as { claims: Array<{ path: string[] }> }).claims.map((c) => c.path);
    assert.ok(paths.some((p) => p[0] === 'org.iso.18013.5.1' && p[1] === 'driving_privileges'));
    assert.equal(metadata.credential_configurations_supported['ee.ppa.id-card.mdoc']?.doctype, 'ee.politsei.idcard.1');
    const mdocTypes = [...f.types.values()].filter((t) => t.formats.includes('mso_mdoc')).length;
    assert.equal(Object.values(metadata.credential_configurations_supported).filter((c) => c.format === 'mso_mdoc').length, mdocTypes);
  });

  it('issues a mobile driving licence mdoc by the pre-authorized code flow with tx_code, DPoP and jwt key proofs, each copy bound to its proof key', async () => {
    const created = await createOffer(issuer.deps, { holder: holder.card.holderCode, documentRef: holder.documentRef, configurationIds: [MDL] }, 'desk-1');
    const client = new Openid4vciClient({ callbacks });
    const offer = await client.resolveCredentialOffer(created.link);
    const issuerMetadata = await client.resolveIssuerMetadata(offer.credential_issuer);
    const dpopKey = await newKey();
    const { accessTokenResponse, dpop } = await client.retrievePreAuthorizedCodeAccessTokenFromOffer({
      credentialOffer: offer, issuerMetadata, txCode: created.txCode!, dpop: { signer: { method: 'jwk', alg: 'ES256', publicJwk: dpopKey.publicJwk as Jwk } },
    });
    const { c_nonce } = await client.requestNonce({ issuerMetadata });
    const wallet = [await newKey(), await newKey()];
    const proofs = await Promise.all(wallet.map(async (k) => (await client.createCredentialRequestJwtProof({
      issuerMetadata, credentialConfigurationId: MDL, nonce: c_nonce, signer: { method: 'jwk', alg: 'ES256', publicJwk: k.publicJwk as Jwk },
    })).jwt));
    const response = await client.retrieveCredentials({ issuerMetadata, accessToken: accessTokenResponse.access_token, credentialConfigurationId: MDL, proofs: { jwt: proofs }, dpop: dpop! });
    const body = response.credentialResponse as { credentials: Array<{ credential: string }> };
    assert.equal(body.credentials.length, 2);
    body.credentials.forEach(({ credential }, i) => {
      const issuerSigned = IssuerSigned.fromEncodedForOid4Vci(credential);
      const mso = issuerSigned.issuerAuth.mobileSecurityObject;
      assert.equal(mso.docType, 'org.iso.18013.5.1.mDL');
      const key: JWK = wallet[i]!.publicJwk;
      assert.equal(mso.deviceKeyInfo.deviceKey.jwk.x, key.x);
      assert.equal(issuerSigned.getIssuerNamespace('org.iso.18013.5.1')!.find((item) => item.elementIdentifier === 'family_name')?.elementValue, 'Maasikas');
    });
  });
});
