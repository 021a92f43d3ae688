// SPDX-License-Identifier: Apache-2.0
import 'reflect-metadata'; // @peculiar/x509 resolves its algorithms through tsyringe, which needs it
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { SignedData } from '@peculiar/asn1-cms';
import { MessageImprint, TimeStampReq, TimeStampResp } from '@peculiar/asn1-tsp';
import { ExtendedKeyUsage, ExtendedKeyUsageExtension, X509Certificate, type Extension } from '@peculiar/x509';
import { counterSerials, createTestPki, fixedClock, type TestPki } from './test-pki.ts';
import { createTimeStampAuthority, type TimeStampAuthority } from './time-stamp-authority.ts';
import { OID_SHA256 } from './tsa-oids.ts';
import { verifyTimeStampToken } from './verify-time-stamp.ts';

const POLICY = '1.3.6.1.4.1.57264.3.1';
const log = new TextEncoder().encode('2026-03-04 exchange log\n');
let pki: TestPki;
let tsa: TimeStampAuthority;

before(async () => {
  pki = await createTestPki();
  tsa = createTimeStampAuthority({ signer: pki.signer, policy: POLICY, clock: { now: () => new Date() }, serialNumbers: counterSerials() });
});

function request(data: Uint8Array, options: { certReq?: boolean; nonce?: bigint } = {}): Uint8Array {
  return new Uint8Array(AsnConvert.serialize(new TimeStampReq({
    messageImprint: new MessageImprint({
      hashAlgorithm: new AlgorithmIdentifier({ algorithm: OID_SHA256 }),
      hashedMessage: new OctetString(new Uint8Array(createHash('sha256').update(data).digest())),
    }),
    certReq: options.certReq ?? true,
    ...(options.nonce === undefined ? {} : { nonce: new Uint8Array(Buffer.from(options.nonce.toString(16).padStart(16, '0'), 'hex')).buffer }),
  })));
}

/** Re-encodes a granted response after letting `change` edit its SignedData. */
function tamper(responseDer: Uint8Array, change: (signedData: SignedData) => void): Uint8Array {
  const response = AsnConvert.parse(responseDer, TimeStampResp);
  assert.ok(response.timeStampToken);
  const signedData = AsnConvert.parse(response.timeStampToken.content, SignedData);
  change(signedData);
  response.timeStampToken.content = AsnConvert.serialize(signedData);
  return new Uint8Array(AsnConvert.serialize(response));
}

test('a fresh token verifies against the root and reports genTime, serial and policy', async () => {
  const before = Date.now();
  const result = await verifyTimeStampToken(await tsa.respond(request(log, { nonce: 0x1234n })), { data: log, trustedCertificates: [pki.root] });
  assert.equal(result.ok, true, result.ok ? '' : result.reason);
  assert.ok(result.ok);
  assert.equal(result.policy, POLICY);
  assert.equal(typeof result.serialNumber, 'bigint');
  assert.equal(result.nonce, 0x1234n);
  assert.ok(Math.abs(result.genTime.getTime() - before) < 5000);
  assert.equal(result.tsaCertificate.subject, pki.tsa.subject);
});

test('the bare TimeStampToken verifies as well as the whole response', async () => {
  const response = AsnConvert.parse(await tsa.respond(request(log)), TimeStampResp);
  assert.ok(response.timeStampToken);
  const token = new Uint8Array(AsnConvert.serialize(response.timeStampToken));
  assert.equal((await verifyTimeStampToken(token, { data: log, trustedCertificates: [pki.root] })).ok, true);
});

test('a digest can stand in for the data', async () => {
  const reply = await tsa.respond(request(log));
  const digest = new Uint8Array(createHash('sha256').update(log).digest());
  assert.equal((await verifyTimeStampToken(reply, { digest, trustedCertificates: [pki.root] })).ok, true);
  const wrong = await verifyTimeStampToken(reply, { digest: new Uint8Array(32), trustedCertificates: [pki.root] });
  assert.equal(wrong.ok, false);
});

test('changed data fails with an imprint mismatch but still reports the token facts', async () => {
  const result = await verifyTimeStampToken(await tsa.respond(request(log)), { data: new TextEncoder().encode('edited log'), trustedCertificates: [pki.root] });
  assert.equal(result.ok, false);
  assert.ok(!result.ok);
  assert.match(result.reason, /does not match the time-stamped message imprint/);
  assert.equal(result.policy, POLICY);
});

test('a token is not trusted under an unrelated root', async () => {
  const other = await createTestPki({ rootName: 'Other Root' });
  const result = await verifyTimeStampToken(await tsa.respond(request(log)), { data: log, trustedCertificates: [other.root] });
  assert.ok(!result.ok);
  assert.match(result.reason, /no valid certificate path/);
});

test('without certReq the TSA certificate must be supplied by the caller', async () => {
  const reply = await tsa.respond(request(log, { certReq: false }));
  const missing = await verifyTimeStampToken(reply, { data: log, trustedCertificates: [pki.root] });
  assert.ok(!missing.ok);
  assert.match(missing.reason, /TSA certificate is neither in the token/);
  assert.equal((await verifyTimeStampToken(reply, { data: log, trustedCertificates: [pki.root], untrustedCertificates: [pki.tsa] })).ok, true);
  // pinning the TSA certificate itself is enough too
  assert.equal((await verifyTimeStampToken(reply, { data: log, trustedCertificates: [pki.tsa] })).ok, true);
});

test('a tampered TSTInfo breaks the message digest and a tampered signature breaks the signature', async () => {
  const reply = await tsa.respond(request(log));
  const changedContent = tamper(reply, (signedData) => {
    const content = new Uint8Array(signedData.encapContentInfo.eContent?.single?.buffer ?? new ArrayBuffer(0));
    content[content.length - 1] = (content[content.length - 1] ?? 0) ^ 0x01;
    signedData.encapContentInfo.eContent = Object.assign(signedData.encapContentInfo.eContent ?? {}, { single: new OctetString(content) });
  });
  const content = await verifyTimeStampToken(changedContent, { trustedCertificates: [pki.root] });
  assert.ok(!content.ok);
  assert.match(content.reason, /message-digest attribute does not match/);

  const changedSignature = tamper(reply, (signedData) => {
    const signer = signedData.signerInfos[0];
    assert.ok(signer);
    const bytes = new Uint8Array(signer.signature.buffer);
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0x01;
    signer.signature = new OctetString(bytes);
  });
  const signature = await verifyTimeStampToken(changedSignature, { trustedCertificates: [pki.root] });
  assert.ok(!signature.ok);
  assert.match(signature.reason, /signature does not verify/);
});

test('a token signed under a certificate without the timeStamping EKU is refused', async () => {
  const noEku = await createTestPki({ tsaUsages: ['1.3.6.1.5.5.7.3.1'] });
  // The authority itself refuses such a certificate, so hide the EKU from it to mint the token
  // anyway: the verifier must reach its own verdict from the certificate bytes.
  const goodEku = new ExtendedKeyUsageExtension([ExtendedKeyUsage.timeStamping], true);
  class Disguised extends X509Certificate {
    override getExtension<T extends Extension>(type: string | (new (raw: BufferSource) => T)): T | null {
      return (type as unknown) === ExtendedKeyUsageExtension ? (goodEku as unknown as T) : super.getExtension(type as string);
    }
  }
  const disguised = new Disguised(noEku.tsa.rawData);
  const minting = createTimeStampAuthority({ signer: { ...noEku.signer, certificate: disguised }, policy: POLICY, clock: { now: () => new Date() }, serialNumbers: counterSerials() });
  const result = await verifyTimeStampToken(await minting.respond(request(log)), { data: log, trustedCertificates: [noEku.root] });
  assert.ok(!result.ok);
  assert.match(result.reason, /not a time-stamping certificate/);
});

test('a genTime outside the TSA certificate validity fails even though the signature is good', async () => {
  const longAgo = createTimeStampAuthority({ signer: pki.signer, policy: POLICY, clock: fixedClock(new Date('2001-01-01T00:00:00Z')), serialNumbers: counterSerials() });
  const result = await verifyTimeStampToken(await longAgo.respond(request(log)), { data: log, trustedCertificates: [pki.root] });
  assert.ok(!result.ok);
  assert.match(result.reason, /was not valid at 2001-01-01/);
});

test('an expected nonce must be echoed', async () => {
  const reply = await tsa.respond(request(log, { nonce: 42n }));
  assert.equal((await verifyTimeStampToken(reply, { data: log, trustedCertificates: [pki.root], nonce: 42n })).ok, true);
  const other = await verifyTimeStampToken(reply, { data: log, trustedCertificates: [pki.root], nonce: 43n });
  assert.ok(!other.ok);
  assert.match(other.reason, /nonce/);
});

test('rejections and garbage are reported, not thrown', async () => {
  const rejected = await verifyTimeStampToken(await tsa.respond(new Uint8Array([9, 9, 9])), { trustedCertificates: [pki.root] });
  assert.ok(!rejected.ok);
  assert.match(rejected.reason, /rejected the request .*badDataFormat/);
  for (const input of [new Uint8Array(0), new Uint8Array([0x30, 0x00]), new TextEncoder().encode('garbage')]) {
    const result = await verifyTimeStampToken(input, { trustedCertificates: [pki.root] });
    assert.equal(result.ok, false);
  }
});

test('a P-384 token verifies', async () => {
  const pki384 = await createTestPki({ curve: 'P-384' });
  const tsa384 = createTimeStampAuthority({ signer: pki384.signer, policy: POLICY, clock: { now: () => new Date() }, serialNumbers: counterSerials() });
  const result = await verifyTimeStampToken(await tsa384.respond(request(log)), { data: log, trustedCertificates: [pki384.root] });
  assert.equal(result.ok, true, result.ok ? '' : result.reason);
});
