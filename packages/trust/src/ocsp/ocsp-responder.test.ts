// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { KeyObject, createHash, randomBytes, verify } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { createOcspResponder, type OcspResponderOptions } from './ocsp-responder.ts';
import { certIdFor, ocspRequest, readResponse } from './ocsp-test-requests.ts';
import { buildTestPki, MemoryStatusSource, responderSigner, type TestPki } from './test-pki.ts';
import { p1363ToDer } from '../crypto/ecdsa-signature.ts';
import { decodeGetRequest } from './ocsp-route.ts';

const T0 = new Date('2026-03-01T12:00:00Z');
const MALFORMED = Uint8Array.of(0x30, 0x03, 0x0a, 0x01, 0x01);

let pki: TestPki;
before(async () => {
  pki = await buildTestPki();
});

function manualClock(start = T0) {
  let now = start.getTime();
  return { now: () => new Date(now), advanceMinutes: (minutes: number) => (now += minutes * 60_000) };
}

function setup(overrides: Partial<OcspResponderOptions> = {}) {
  const source = new MemoryStatusSource();
  source.set(pki.issuingKeyHash, pki.leaves.good.serialHex, { kind: 'good' });
  source.set(pki.issuingKeyHash, pki.leaves.revoked.serialHex, { kind: 'revoked', revokedAt: new Date('2026-02-01T08:30:00Z'), reason: 'keyCompromise' });
  source.set(pki.issuingKeyHash, pki.leaves.onHold.serialHex, { kind: 'revoked', revokedAt: new Date('2026-02-02T08:30:00Z'), reason: 'certificateHold' });
  const clock = manualClock();
  const signer = responderSigner(pki.responder, 'SHA-384');
  const responder = createOcspResponder({
    issuers: [{ certificate: pki.issuing.der }],
    responder: { certificate: pki.responder.der, sign: (data) => signer.sign(data), algorithm: 'P-384' },
    source, clock, ...overrides,
  });
  return { source, clock, signer, responder };
}

function single(der: Uint8Array, index = 0) {
  const { basic } = readResponse(der);
  const response = basic?.tbsResponseData.responses[index];
  assert.ok(response, `response ${index} present`);
  return response;
}

describe('OCSP responder', () => {
  it('answers good, revoked with reason, and on hold for several CertIDs in one request, in request order', async () => {
    const { responder } = setup();
    const ids = [pki.leaves.revoked, pki.leaves.good, pki.leaves.onHold].map((leaf) => certIdFor(pki.issuing, leaf));
    const der = await responder.respond(ocspRequest(ids));
    const { status, basic } = readResponse(der);
    assert.equal(status, 0);
    const responses = basic!.tbsResponseData.responses;
    assert.equal(responses.length, 3);
    responses.forEach((response, i) => assert.deepEqual(AsnConvert.serialize(response.certID), AsnConvert.serialize(ids[i]!)));
    assert.equal(responses[0]!.certStatus.revoked?.revocationReason?.reason, 1);
    assert.deepEqual(responses[0]!.certStatus.revoked?.revocationTime, new Date('2026-02-01T08:30:00Z'));
    assert.equal(responses[1]!.certStatus.good, null);
    assert.equal(responses[1]!.certStatus.revoked, undefined);
    assert.equal(responses[2]!.certStatus.revoked?.revocationReason?.reason, 6);
  });

  it('never lets a good answer outlive the certificate: nextUpdate is capped at its notAfter', async () => {
    const { responder, source } = setup();
    const notAfter = new Date(T0.getTime() + 5 * 60_000);
    source.set(pki.issuingKeyHash, pki.leaves.good.serialHex, { kind: 'good', notAfter });
    const ids = [pki.leaves.good, pki.leaves.revoked].map((leaf) => certIdFor(pki.issuing, leaf));
    const der = await responder.respond(ocspRequest(ids));
    assert.deepEqual(single(der, 0).nextUpdate, notAfter);
    assert.deepEqual(single(der, 1).nextUpdate, new Date(T0.getTime() + 15 * 60_000), 'a revoked answer keeps the full validity');
  });

  it('matches CertIDs hashed with SHA-256 and echoes them unchanged', async () => {
    const { responder } = setup();
    const id = certIdFor(pki.issuing, pki.leaves.revoked, 'sha256');
    const response = single(await responder.respond(ocspRequest([id])));
    assert.equal(response.certID.hashAlgorithm.algorithm, '2.16.840.1.101.3.4.2.1');
    assert.ok(response.certStatus.revoked);
  });

  it('answers unknown for a CertID of an issuer it does not serve, without asking the source', async () => {
    const { responder, source } = setup();
    const response = single(await responder.respond(ocspRequest([certIdFor(pki.otherIssuing, pki.otherLeaf)])));
    assert.equal(response.certStatus.unknown, null);
    assert.equal(response.certStatus.good, undefined);
    assert.equal(source.lookups, 0);
  });

  it('answers unknown for a serial the source does not know', async () => {
    const { responder } = setup();
    const id = certIdFor(pki.issuing, pki.leaves.good);
    id.serialNumber = Uint8Array.of(0x7f, 0x7f).buffer; // never issued
    assert.equal(single(await responder.respond(ocspRequest([id]))).certStatus.unknown, null);
  });

  it('answers malformedRequest, never throws, for bytes that are not a usable OCSP request', async () => {
    const { responder } = setup();
    const good = ocspRequest([certIdFor(pki.issuing, pki.leaves.good)]);
    const withTrailingByte = new Uint8Array([...good, 0x00]);
    const emptyList = Uint8Array.of(0x30, 0x04, 0x30, 0x02, 0x30, 0x00);
    const oversizeNonce = ocspRequest([certIdFor(pki.issuing, pki.leaves.good)], randomBytes(33));
    for (const bad of [new Uint8Array(0), Uint8Array.of(0x01, 0x02, 0x03), good.subarray(0, good.length - 3), withTrailingByte, emptyList, oversizeNonce]) {
      assert.deepEqual(await responder.respond(bad), MALFORMED);
    }
  });

  it('answers internalError when the status source fails, and reports the failure', async () => {
    const failures: unknown[] = [];
    const { responder, source } = setup({ onError: (error) => failures.push(error) });
    source.status = async () => {
      throw new Error('register offline');
    };
    const der = await responder.respond(ocspRequest([certIdFor(pki.issuing, pki.leaves.good)]));
    assert.deepEqual(der, Uint8Array.of(0x30, 0x03, 0x0a, 0x01, 0x02));
    assert.equal(failures.length, 1);
  });

  it('signs tbsResponseData with ecdsa-with-SHA384 (DER signature) and identifies the responder by key hash', async () => {
    const { responder } = setup();
    const { basic, tbs } = readResponse(await responder.respond(ocspRequest([certIdFor(pki.issuing, pki.leaves.good)])));
    assert.equal(basic!.signatureAlgorithm.algorithm, '1.2.840.10045.4.3.3');
    const key = KeyObject.from(pki.responder.keys.publicKey);
    assert.ok(verify('sha384', tbs!, { key, dsaEncoding: 'der' }, new Uint8Array(basic!.signature)));
    const responderCert = AsnConvert.parse(pki.responder.der, Certificate);
    const keyHash = createHash('sha1').update(new Uint8Array(responderCert.tbsCertificate.subjectPublicKeyInfo.subjectPublicKey)).digest();
    assert.deepEqual(new Uint8Array(basic!.tbsResponseData.responderID.byKey!.buffer), new Uint8Array(keyHash));
    assert.equal(basic!.certs?.length, 1);
    assert.deepEqual(new Uint8Array(AsnConvert.serialize(basic!.certs![0]!)), pki.responder.der);
  });

  it('signs with ecdsa-with-SHA256 for a P-256 responder key', async () => {
    const signer = responderSigner(pki.responderP256, 'SHA-256');
    const { responder } = setup({ responder: { certificate: pki.responderP256.der, sign: (data) => signer.sign(data), algorithm: 'P-256' } });
    const { basic, tbs } = readResponse(await responder.respond(ocspRequest([certIdFor(pki.issuing, pki.leaves.good)])));
    assert.equal(basic!.signatureAlgorithm.algorithm, '1.2.840.10045.4.3.2');
    assert.ok(verify('sha256', tbs!, { key: KeyObject.from(pki.responderP256.keys.publicKey), dsaEncoding: 'der' }, new Uint8Array(basic!.signature)));
  });

  it('sets producedAt and thisUpdate to now (whole seconds) and nextUpdate one validity period later', async () => {
    const clock = manualClock(new Date('2026-03-01T12:00:00.789Z'));
    const { responder } = setup({ clock, validityMinutes: 10 });
    const { basic } = readResponse(await responder.respond(ocspRequest([certIdFor(pki.issuing, pki.leaves.good)])));
    assert.deepEqual(basic!.tbsResponseData.producedAt, T0);
    assert.deepEqual(basic!.tbsResponseData.responses[0]!.thisUpdate, T0);
    assert.deepEqual(basic!.tbsResponseData.responses[0]!.nextUpdate, new Date('2026-03-01T12:10:00Z'));
  });

  it('defaults to a 15-minute validity and reports max-age from the responder clock', async () => {
    const { responder, clock } = setup();
    const request = ocspRequest([certIdFor(pki.issuing, pki.leaves.good)]);
    const first = await responder.answer(request);
    assert.deepEqual(first.nextUpdate, new Date('2026-03-01T12:15:00Z'));
    assert.equal(first.maxAgeSeconds, 900);
    clock.advanceMinutes(5);
    assert.equal((await responder.answer(request)).maxAgeSeconds, 600);
  });

  it('reuses the pre-produced response for requests without nonce until half the validity has passed', async () => {
    const { responder, signer, clock } = setup();
    const request = ocspRequest([certIdFor(pki.issuing, pki.leaves.good)]);
    const first = await responder.respond(request);
    clock.advanceMinutes(7);
    assert.deepEqual(await responder.respond(request), first);
    assert.equal(signer.calls, 1);
    clock.advanceMinutes(1); // 8 min > 7.5 = half of 15
    const renewed = await responder.respond(request);
    assert.notDeepEqual(renewed, first);
    assert.equal(signer.calls, 2);
    assert.deepEqual(readResponse(renewed).basic!.tbsResponseData.producedAt, new Date('2026-03-01T12:08:00Z'));
  });

  it('signs every nonce request fresh and echoes the nonce', async () => {
    const { responder, signer } = setup();
    const id = certIdFor(pki.issuing, pki.leaves.good);
    await responder.respond(ocspRequest([id]));
    const nonce = randomBytes(16);
    const { basic } = readResponse(await responder.respond(ocspRequest([id], nonce)));
    const echoed = basic!.tbsResponseData.responseExtensions?.find((extension) => extension.extnID === '1.3.6.1.5.5.7.48.1.2');
    assert.ok(echoed);
    assert.deepEqual(new Uint8Array(echoed.extnValue.buffer), new Uint8Array([0x04, 0x10, ...nonce]));
    await responder.respond(ocspRequest([id], nonce));
    assert.equal(signer.calls, 3);
  });

  it('shows a changed status at once after invalidate(serial), while other pre-produced answers stay', async () => {
    const { responder, source, signer } = setup();
    const goodRequest = ocspRequest([certIdFor(pki.issuing, pki.leaves.good)]);
    const holdRequest = ocspRequest([certIdFor(pki.issuing, pki.leaves.onHold)]);
    await responder.respond(goodRequest);
    const hold = await responder.respond(holdRequest);
    source.set(pki.issuingKeyHash, pki.leaves.good.serialHex, { kind: 'revoked', revokedAt: T0, reason: 'superseded' });
    assert.ok(single(await responder.respond(goodRequest)).certStatus.good === null, 'still cached before invalidate');
    responder.invalidate(pki.leaves.good.serialHex.toUpperCase());
    assert.equal(single(await responder.respond(goodRequest)).certStatus.revoked?.revocationReason?.reason, 4);
    assert.deepEqual(await responder.respond(holdRequest), hold);
    assert.equal(signer.calls, 3);
    responder.invalidate();
    await responder.respond(holdRequest);
    assert.equal(signer.calls, 4);
  });

  it('drops pre-produced answers when the source reports a change, and stops listening after close()', async () => {
    const { responder, source } = setup();
    const request = ocspRequest([certIdFor(pki.issuing, pki.leaves.onHold)]);
    await responder.respond(request);
    // Suspension lifted (reactivated in person): the hold disappears.
    source.set(pki.issuingKeyHash, pki.leaves.onHold.serialHex, { kind: 'good' }, true);
    assert.equal(single(await responder.respond(request)).certStatus.good, null);
    responder.close();
    source.set(pki.issuingKeyHash, pki.leaves.onHold.serialHex, { kind: 'revoked', revokedAt: T0, reason: 'keyCompromise' }, true);
    assert.equal(single(await responder.respond(request)).certStatus.good, null);
  });

  it('pre-produces responses so the first SHA-1 request for a serial needs no signature', async () => {
    const { responder, signer, source } = setup();
    await responder.preProduce([
      { issuerKeyHash: pki.issuingKeyHash, serialHex: pki.leaves.good.serialHex },
      { issuerKeyHash: pki.issuingKeyHash, serialHex: pki.leaves.onHold.serialHex },
    ]);
    assert.equal(signer.calls, 2);
    const lookups = source.lookups;
    const response = single(await responder.respond(ocspRequest([certIdFor(pki.issuing, pki.leaves.onHold)])));
    assert.equal(response.certStatus.revoked?.revocationReason?.reason, 6);
    assert.equal(signer.calls, 2);
    assert.equal(source.lookups, lookups);
    await assert.rejects(responder.preProduce([{ issuerKeyHash: new Uint8Array(20), serialHex: '01' }]), { code: 'ERR_OCSP_ISSUER_UNKNOWN' });
  });

  it('refuses a responder certificate without id-kp-OCSPSigning or with a key of another curve', () => {
    assert.throws(() => setup({ responder: { certificate: pki.leaves.good.der, sign: async () => new Uint8Array(96), algorithm: 'P-384' } }), { code: 'ERR_OCSP_RESPONDER_NOT_FOR_OCSP' });
    assert.throws(() => setup({ responder: { certificate: pki.responder.der, sign: async () => new Uint8Array(64), algorithm: 'P-256' } }), { code: 'ERR_OCSP_RESPONDER_KEY_MISMATCH' });
    assert.throws(() => setup({ issuers: [{ certificate: pki.otherIssuing.der }] }), { code: 'ERR_OCSP_RESPONDER_NOT_ISSUED' });
  });
});

describe('p1363ToDer', () => {
  it('strips leading zeros and pads a set top bit so both integers are minimal positive DER', () => {
    const r = new Uint8Array(32).fill(0x80);
    const s = new Uint8Array(32);
    s[31] = 0x05;
    assert.deepEqual(p1363ToDer('P-256', new Uint8Array([...r, ...s])), new Uint8Array([0x30, 0x26, 0x02, 0x21, 0x00, ...r, 0x02, 0x01, 0x05]));
    assert.throws(() => p1363ToDer('P-256', new Uint8Array(70)), { code: 'ERR_SIGNATURE_MALFORMED' });
  });
});

describe('decodeGetRequest', () => {
  it('accepts percent-encoded base64, literal base64 and base64url for the same bytes', () => {
    const der = Uint8Array.of(0xfb, 0xff, 0xbf, 0x30); // base64 "+/+/MA==" uses every special character
    for (const form of ['%2B%2F%2B%2FMA%3D%3D', '+/+/MA==', '-_-_MA', '%2b/+%2FMA%3d%3D', ' / /MA==']) {
      assert.deepEqual(decodeGetRequest(form), der, form);
    }
  });

  it('rejects text that is not base64', () => {
    for (const form of ['', '%E0%A4%A', 'abc$', 'A']) assert.equal(decodeGetRequest(form), undefined, form);
  });
});
