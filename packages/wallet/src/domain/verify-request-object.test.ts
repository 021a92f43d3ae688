// SPDX-License-Identifier: Apache-2.0
// The wallet shows a relying party's name only from a request signed by a certificate the
// Tessera PKI issued to that relying party, with client_id bound to it (x509_hash).
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { X509CertificateGenerator } from '@peculiar/x509';
import { createPresentationRequest, requestObject } from '@tessera/verifier';
import { openVerifierFixture, BANK, type VerifierFixture } from '@tessera/verifier/testing';
import { loadTrustAnchors, type TrustAnchors } from '@tessera/trust';
import { verifyRequestObject } from './verify-request-object.ts';

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

describe('verifyRequestObject', { timeout: 120_000 }, () => {
  let f: VerifierFixture;
  let anchors: TrustAnchors;
  let jwt: string;
  let clientId: string;
  before(async () => {
    f = await openVerifierFixture();
    anchors = await loadTrustAnchors(f.deps.db);
    const created = await createPresentationRequest(f.deps, { relyingPartyId: BANK.id, dcqlQuery: { credentials: [{ id: 'pwid', format: 'dc+sd-jwt', meta: { vct_values: [BANK.claims[0]!.vct] }, claims: [{ path: ['given_name'] }] }] } }, 'clerk-1');
    clientId = created.clientId;
    jwt = await requestObject(f.deps, created.id);
  });
  after(async () => f?.close());

  it('accepts the relying party’s signed request and names the certified signer', async () => {
    const verified = await verifyRequestObject(jwt, clientId, anchors, f.deps.clock.now());
    assert.match(verified.signer, /O=Hana Bank/);
    assert.equal((verified.payload.verifier_info as Array<{ data: { name: { en: string } } }>)[0]!.data.name.en, 'Hana Bank');
  });

  it('refuses a link whose client_id is not the signer’s, a changed payload, and an expired request', async () => {
    await assert.rejects(verifyRequestObject(jwt, 'x509_hash:AAAA', anchors, f.deps.clock.now()), { code: 'ERR_REQUEST_NOT_TRUSTED' });
    const [h, p, s] = jwt.split('.') as [string, string, string];
    const changed = `${h}.${b64({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), verifier_info: [{ format: 'tessera_registration', data: { name: { en: 'Friendly Bank' } } }] })}.${s}`;
    await assert.rejects(verifyRequestObject(changed, clientId, anchors, f.deps.clock.now()), { code: 'ERR_REQUEST_NOT_TRUSTED', message: /signature/ });
    await assert.rejects(verifyRequestObject(jwt, clientId, anchors, new Date(f.deps.clock.now().getTime() + 3_600_000)), { code: 'ERR_REQUEST_NOT_TRUSTED', message: /expired/ });
  });

  it('refuses a request signed with a self-made certificate that names the bank', async () => {
    const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']) as CryptoKeyPair;
    const now = f.deps.clock.now();
    const fake = await X509CertificateGenerator.createSelfSigned({ serialNumber: '02', name: 'C=KR, O=Hana Bank, CN=Hana Bank (relying party)', notBefore: new Date(now.getTime() - 60_000), notAfter: new Date(now.getTime() + 86_400_000), keys, signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' } });
    const der = Buffer.from(fake.rawData);
    const fakeClientId = `x509_hash:${Buffer.from(await crypto.subtle.digest('SHA-256', der)).toString('base64url')}`;
    const input = `${b64({ alg: 'ES256', typ: 'oauth-authz-req+jwt', x5c: [der.toString('base64')] })}.${b64({ ...JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()), client_id: fakeClientId })}`;
    const forged = `${input}.${Buffer.from(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, keys.privateKey, new TextEncoder().encode(input))).toString('base64url')}`;
    await assert.rejects(verifyRequestObject(forged, fakeClientId, anchors, now), { code: 'ERR_REQUEST_NOT_TRUSTED', message: /certified relying party/ });
  });
});
