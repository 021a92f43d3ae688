// SPDX-License-Identifier: Apache-2.0
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DeviceResponse as Auth0DeviceResponse, Verifier as Auth0Verifier } from '@auth0/mdl';
import { cborDecode, cborEncode, DataItem, DateOnly, IssuerSigned } from '@owf/mdoc';
import { getListFromStatusListJWT } from '@sd-jwt/jwt-status-list';
import { BasicConstraintsExtension, X509Certificate, X509CertificateGenerator } from '@peculiar/x509';
import { eq } from 'drizzle-orm';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { EKU } from '@tessera/trust';
import { openIssuerFixture, type Holder, type IssuerFixture } from '../../testing/issuer-fixture.ts';
import { issuedCredentials } from '../schema.ts';
import { issueCredentials } from './issue-credentials.ts';

const MDL = 'kr.knpa.mobile-driver-licence';
const ID_CARD = 'ee.ppa.id-card';
const PORTRAIT = `data:image/jpeg;base64,${Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]).toString('base64')}`;

const pem = (der: Uint8Array) => `-----BEGIN CERTIFICATE-----\n${Buffer.from(der).toString('base64').match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----`;

/** The MSO's `status.status_list`, read from the signed payload bytes (MobileSecurityObjectBytes, tag 24). */
function statusListOf(issuerSigned: IssuerSigned): Map<string, unknown> {
  const payload = cborDecode(issuerSigned.issuerAuth.payload!, { unwrapTopLevelDataItem: false }) as DataItem<Map<string, unknown>>;
  return (payload.data.get('status') as Map<string, Map<string, unknown>>).get('status_list')!;
}

describe('issuing ISO/IEC 18013-5 mdocs', { timeout: 120_000 }, () => {
  let f: IssuerFixture;
  let holder: Holder;
  let wallet: { publicJwk: JWK; privateJwk: JWK };
  before(async () => {
    f = await openIssuerFixture();
    holder = await f.newHolder();
    const pair = await generateKeyPair('ES256', { extractable: true });
    wallet = { publicJwk: await exportJWK(pair.publicKey), privateJwk: await exportJWK(pair.privateKey) };
  });
  after(async () => { await f?.close(); });

  const issue = async (typeId: string, claims?: Record<string, unknown>) => {
    const type = f.types.get(typeId)!;
    const base = await f.deps.claims.claims(type, holder.card.holderCode);
    return issueCredentials(f.deps, { type, format: 'mso_mdoc', holder: holder.card.holderCode, documentRef: holder.documentRef, keys: [wallet.publicJwk], claims: { ...base, ...claims } });
  };

  it('issues a mobile driving licence whose MSO is signed by a document signer certificate of the services CA, bound to the wallet key', async () => {
    const { credentials: [credential], ids: [id] } = await issue(MDL, { portrait: PORTRAIT, driving_privileges: ['B', 'C1'] });
    const issuerSigned = IssuerSigned.fromEncodedForOid4Vci(credential!);
    const mso = issuerSigned.issuerAuth.mobileSecurityObject;
    assert.equal(mso.docType, 'org.iso.18013.5.1.mDL');
    assert.equal(mso.digestAlgorithm, 'SHA-256');
    assert.deepEqual(mso.deviceKeyInfo.deviceKey.jwk.x, wallet.publicJwk.x);
    assert.deepEqual(mso.deviceKeyInfo.deviceKey.jwk.y, wallet.publicJwk.y);
    // x5chain: the document signer, then the services CA; the signer carries the ISO DS EKU only.
    const [leaf, ca] = issuerSigned.issuerAuth.certificateChain.map((der) => new X509Certificate(new Uint8Array(der)));
    assert.ok(await leaf!.verify({ publicKey: ca!, signatureOnly: true }));
    assert.ok(await ca!.verify({ publicKey: new X509Certificate(f.trust.hierarchy.root.der), signatureOnly: true }));
    assert.deepEqual([...(leaf!.getExtension('2.5.29.37') as unknown as { usages: string[] }).usages], [EKU.mdocDocumentSigner]);
    assert.notEqual(leaf!.serialNumber, f.identity.certificate.serialNumber, 'mdocs have their own signing key');
    const items = issuerSigned.getIssuerNamespace('org.iso.18013.5.1')!;
    const values = new Map(items.map((i) => [i.elementIdentifier, i.elementValue]));
    assert.equal(values.get('given_name'), 'Mari');
    assert.ok(values.get('birth_date') instanceof DateOnly);
    assert.equal(String(values.get('birth_date')), '1990-05-17');
    assert.deepEqual(values.get('portrait'), new Uint8Array(Buffer.from(PORTRAIT.split(',')[1]!, 'base64')));
    assert.deepEqual(values.get('driving_privileges'), [new Map([['vehicle_category_code', 'B']]), new Map([['vehicle_category_code', 'C1']])]);
    // The status entry named in the MSO is the one recorded for this credential.
    const status = statusListOf(issuerSigned);
    const [record] = await f.deps.db.select().from(issuedCredentials).where(eq(issuedCredentials.id, id!));
    assert.equal(status.get('uri'), f.deps.statusLists.uri(record!.statusList));
    assert.equal(status.get('idx'), record!.statusIndex);
  });

  it('gives every data element its own 32 random bytes and a digest in the MSO that matches it', async () => {
    const { credentials: [a] } = await issue(MDL);
    const { credentials: [b] } = await issue(MDL);
    const salts = new Set<string>();
    for (const credential of [a!, b!]) {
      const issuerSigned = IssuerSigned.fromEncodedForOid4Vci(credential);
      const mso = issuerSigned.issuerAuth.mobileSecurityObject;
      const items = issuerSigned.getIssuerNamespace('org.iso.18013.5.1')!;
      assert.equal(new Set(items.map((i) => i.digestId)).size, items.length, 'digest IDs are unique');
      for (const item of items) {
        assert.equal(item.random.length, 32);
        salts.add(Buffer.from(item.random).toString('hex'));
        const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array(item.encode({ asDataItem: true }))));
        assert.deepEqual(mso.valueDigests.getDigestForNamespace('org.iso.18013.5.1', item.digestId), digest);
      }
      assert.equal(mso.valueDigests.getDigestIdsForNamespace('org.iso.18013.5.1').length, items.length, 'no digest without an item');
    }
    const count = IssuerSigned.fromEncodedForOid4Vci(a!).getIssuerNamespace('org.iso.18013.5.1')!.length * 2;
    assert.equal(salts.size, count, 'no salt is reused within or across credentials');
  });

  it('puts the validity of the type into the MSO: signed and valid from issuance, valid until the type’s days later', async () => {
    const now = f.trust.clock.now();
    const { credentials: [credential] } = await issue(MDL);
    const { validityInfo } = IssuerSigned.fromEncodedForOid4Vci(credential!).issuerAuth.mobileSecurityObject;
    const second = Math.floor(now.getTime() / 1000) * 1000;
    assert.equal(validityInfo.signed.getTime(), second);
    assert.equal(validityInfo.validFrom.getTime(), second);
    assert.equal(validityInfo.validUntil.getTime(), Math.floor((now.getTime() + f.types.get(MDL)!.validityDays * 86_400_000) / 1000) * 1000);
  });

  it('issues the Estonian ID card as an mdoc of its own doctype and namespace', async () => {
    const { credentials: [credential] } = await issue(ID_CARD);
    const issuerSigned = IssuerSigned.fromEncodedForOid4Vci(credential!);
    assert.equal(issuerSigned.issuerAuth.mobileSecurityObject.docType, 'ee.politsei.idcard.1');
    const values = new Map(issuerSigned.getIssuerNamespace('ee.politsei.idcard.1')!.map((i) => [i.elementIdentifier, i.elementValue]));
    assert.equal(values.get('personal_identifier'), holder.card.holderCode);
    assert.equal(values.get('family_name'), 'Maasikas');
  });

  it('an independent mdoc library (@auth0/mdl) verifies the issuer signature, the chain to the Tessera root, every digest and the device key binding', async () => {
    const { credentials: [credential] } = await issue(MDL, { portrait: PORTRAIT, driving_privileges: ['B'] });
    // Wrap our IssuerSigned, bytes untouched, as the document of an mdoc for @auth0/mdl.
    const issuerSigned = cborDecode(Buffer.from(credential!, 'base64url'));
    const mdoc = cborEncode(new Map<string, unknown>([['version', '1.0'], ['documents', [new Map<string, unknown>([['docType', 'org.iso.18013.5.1.mDL'], ['issuerSigned', issuerSigned]])]], ['status', 0]]));
    const transcript = cborEncode(DataItem.fromData([null, null, ['OpenID4VPHandover', new Uint8Array(32).fill(7)]]));
    const field = (name: string) => ({ path: [`$['org.iso.18013.5.1']['${name}']`], intent_to_retain: false });
    const response = await Auth0DeviceResponse.from(mdoc)
      .usingPresentationDefinition({ id: 'mdl', input_descriptors: [{ id: 'org.iso.18013.5.1.mDL', format: { mso_mdoc: { alg: ['ES256'] } }, constraints: { limit_disclosure: 'required', fields: [field('given_name'), field('driving_privileges'), field('portrait')] } }] })
      .usingSessionTranscriptBytes(Buffer.from(transcript))
      .authenticateWithSignature(wallet.privateJwk as never, 'ES256')
      .sign();
    const root = pem(f.trust.hierarchy.root.der);
    const failed: string[] = [];
    await new Auth0Verifier([root]).verify(response.encode(), { encodedSessionTranscript: transcript, onCheck: (check) => { if (check.status === 'FAILED') failed.push(check.check); } });
    assert.deepEqual(failed, []);
    // The same library refuses it under a root that is not ours.
    const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
    const stranger = await X509CertificateGenerator.createSelfSigned({ name: 'CN=Another Root, C=EE', keys, signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' }, notBefore: new Date(Date.now() - 60_000), notAfter: new Date(Date.now() + 86_400_000), extensions: [new BasicConstraintsExtension(true, undefined, true)] });
    await assert.rejects(new Auth0Verifier([stranger.toString('pem')]).verify(response.encode(), { encodedSessionTranscript: transcript }));
  });

  it('follows the card: revoking the ID card revokes the mdoc’s status list entry', async () => {
    const second = await f.newHolder({ givenNames: 'Jaan', surname: 'Tamm' });
    const type = f.types.get(MDL)!;
    const { credentials: [credential] } = await issueCredentials(f.deps, { type, format: 'mso_mdoc', holder: second.card.holderCode, documentRef: second.documentRef, keys: [wallet.publicJwk] });
    const entry = statusListOf(IssuerSigned.fromEncodedForOid4Vci(credential!));
    const list = Number(String(entry.get('uri')).split('/').pop());
    const statusOf = async () => getListFromStatusListJWT(await f.deps.statusLists.token(list)).getStatus(Number(entry.get('idx')));
    assert.equal(await statusOf(), 0);
    assert.ok(await f.changeCard(second, { action: 'revoke', reason: 'lost' }) >= 1);
    assert.equal(await statusOf(), 1);
  });
});
