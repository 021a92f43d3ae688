// SPDX-License-Identifier: Apache-2.0
import 'reflect-metadata'; // @peculiar/x509 resolves its algorithms through tsyringe, which needs it
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Extension, Extensions } from '@peculiar/asn1-x509';
import { SignedData } from '@peculiar/asn1-cms';
import { MessageImprint, PKIStatus, TimeStampReq, TimeStampResp, TSTInfo } from '@peculiar/asn1-tsp';
import { X509Certificate } from '@peculiar/x509';
import { integerBytesToBigInt } from '../crypto/der-bytes.ts';
import { SigningCertificateV2 } from './ess-signing-certificate.ts';
import { failureReasonsOf } from './failure-info.ts';
import { counterSerials, createTestPki, fixedClock, type TestPki } from './test-pki.ts';
import { createTimeStampAuthority, type TimeStampAuthorityOptions } from './time-stamp-authority.ts';
import {
  OID_CONTENT_TYPE, OID_CT_TST_INFO, OID_MESSAGE_DIGEST, OID_SHA1, OID_SHA256, OID_SHA512, OID_SIGNING_CERTIFICATE_V2, OID_SIGNING_TIME,
} from './tsa-oids.ts';

const POLICY = '1.3.6.1.4.1.57264.3.1';
const AT = new Date('2026-03-04T05:06:07.890Z');
let pki: TestPki;

before(async () => {
  pki = await createTestPki();
});

function authority(overrides: Partial<TimeStampAuthorityOptions> = {}) {
  return createTimeStampAuthority({ signer: pki.signer, policy: POLICY, clock: fixedClock(AT), serialNumbers: counterSerials(), ...overrides });
}

function request(fields: Partial<TimeStampReq> & { algorithm?: string; digest?: Uint8Array } = {}): Uint8Array {
  const { algorithm = OID_SHA256, digest = createHash('sha256').update('log').digest(), ...rest } = fields;
  return new Uint8Array(AsnConvert.serialize(new TimeStampReq({
    messageImprint: new MessageImprint({ hashAlgorithm: new AlgorithmIdentifier({ algorithm }), hashedMessage: new OctetString(new Uint8Array(digest)) }),
    ...rest,
  })));
}

function read(responseDer: Uint8Array) {
  const response = AsnConvert.parse(responseDer, TimeStampResp);
  const token = response.timeStampToken;
  const signedData = token ? AsnConvert.parse(token.content, SignedData) : undefined;
  const eContent = signedData?.encapContentInfo.eContent?.single;
  const tstInfo = eContent ? AsnConvert.parse(eContent.buffer, TSTInfo) : undefined;
  const failures = response.status.failInfo ? failureReasonsOf(response.status.failInfo) : [];
  return { response, signedData, tstInfo, failures, status: response.status.status };
}

test('a granted token carries the clock time, policy, imprint, accuracy and ordering false', async () => {
  const digest = createHash('sha256').update('batch 7').digest();
  const { status, tstInfo, signedData } = read(await authority({ accuracy: { seconds: 1, millis: 500 } }).respond(request({ digest })));
  assert.equal(status, PKIStatus.granted);
  assert.ok(tstInfo && signedData);
  assert.equal(tstInfo.genTime.toISOString(), AT.toISOString());
  assert.equal(tstInfo.policy, POLICY);
  assert.equal(tstInfo.messageImprint.hashAlgorithm.algorithm, OID_SHA256);
  assert.deepEqual(Buffer.from(tstInfo.messageImprint.hashedMessage.buffer), digest);
  assert.equal(tstInfo.accuracy?.seconds, 1);
  assert.equal(tstInfo.accuracy?.millis, 500);
  assert.equal(tstInfo.ordering, false);
  assert.equal(signedData.encapContentInfo.eContentType, OID_CT_TST_INFO);
  assert.equal(signedData.version, 3);
});

test('genTime is written as UTC GeneralizedTime with no trailing zeros in the fraction', async () => {
  const der = Buffer.from(await authority({ clock: fixedClock(new Date('2026-03-04T05:06:07.120+02:00')) }).respond(request()));
  // 0x18 is the GeneralizedTime tag; 2026-03-04 03:06:07.12 in UTC
  assert.ok(der.includes(Buffer.concat([Buffer.from([0x18, 18]), Buffer.from('20260304030607.12Z')])));
});

test('serial numbers come from the configured source and differ per token', async () => {
  const tsa = authority();
  const first = read(await tsa.respond(request())).tstInfo;
  const second = read(await tsa.respond(request())).tstInfo;
  assert.ok(first && second);
  assert.equal(integerBytesToBigInt(first.serialNumber), 1n);
  assert.equal(integerBytesToBigInt(second.serialNumber), 2n);

  const big = (1n << 159n) + 12345n;
  const large = read(await authority({ serialNumbers: async () => big }).respond(request())).tstInfo;
  assert.equal(large && integerBytesToBigInt(large.serialNumber), big);
});

test('the nonce is echoed byte for byte and omitted when not asked for', async () => {
  const nonce = new Uint8Array([0x00, 0x9a, 0x11, 0x22, 0x33]).buffer;
  const echoed = read(await authority().respond(request({ nonce }))).tstInfo;
  assert.deepEqual(Buffer.from(echoed?.nonce ?? new ArrayBuffer(0)), Buffer.from(nonce));
  const none = read(await authority().respond(request())).tstInfo;
  assert.equal(none?.nonce, undefined);
});

test('certificates are included only when certReq is set', async () => {
  const without = read(await authority().respond(request())).signedData;
  assert.equal(without?.certificates, undefined);
  const withCerts = read(await authority().respond(request({ certReq: true }))).signedData;
  const included = Array.from(withCerts?.certificates ?? [], (choice) => new X509Certificate(AsnConvert.serialize(choice.certificate)));
  assert.deepEqual(included.map((certificate) => certificate.subject), [pki.tsa.subject, pki.root.subject]);
});

test('signed attributes hold content-type, message-digest, signing-time and ESS signing-certificate-v2 of the TSA cert', async () => {
  const { signedData } = read(await authority().respond(request()));
  const signer = signedData?.signerInfos[0];
  assert.ok(signer?.signedAttrs);
  const types = signer.signedAttrs.map((attribute) => attribute.attrType);
  assert.deepEqual([...types].sort(), [OID_CONTENT_TYPE, OID_MESSAGE_DIGEST, OID_SIGNING_TIME, OID_SIGNING_CERTIFICATE_V2].sort());
  const ess = signer.signedAttrs.find((attribute) => attribute.attrType === OID_SIGNING_CERTIFICATE_V2)?.attrValues[0];
  assert.ok(ess);
  const certId = AsnConvert.parse(ess, SigningCertificateV2).certs[0];
  assert.equal(certId?.hashAlgorithm, undefined, 'SHA-256 is the DEFAULT and must not be encoded');
  assert.deepEqual(Buffer.from(certId?.certHash.buffer ?? new ArrayBuffer(0)), createHash('sha256').update(new Uint8Array(pki.tsa.rawData)).digest());
  // DER SET OF order: each encoded attribute sorts after the one before
  const encoded = signer.signedAttrs.map((attribute) => Buffer.from(AsnConvert.serialize(attribute)));
  for (let i = 1; i < encoded.length; i += 1) assert.ok(Buffer.compare(encoded[i - 1] as Buffer, encoded[i] as Buffer) < 0);
});

test('imprints other than SHA-256/384/512 are rejected with badAlg', async () => {
  const sha1 = read(await authority().respond(request({ algorithm: OID_SHA1, digest: createHash('sha1').update('x').digest() })));
  assert.equal(sha1.status, PKIStatus.rejection);
  assert.deepEqual(sha1.failures, ['badAlg']);
  assert.equal(sha1.response.timeStampToken, undefined);
  const sha512 = read(await authority().respond(request({ algorithm: OID_SHA512, digest: createHash('sha512').update('x').digest() })));
  assert.equal(sha512.status, PKIStatus.granted);
});

test('an imprint of the wrong length for its algorithm is badDataFormat', async () => {
  const { status, failures } = read(await authority().respond(request({ digest: new Uint8Array(20) })));
  assert.equal(status, PKIStatus.rejection);
  assert.deepEqual(failures, ['badDataFormat']);
});

test('a foreign policy is unacceptedPolicy, our own policy is granted', async () => {
  assert.deepEqual(read(await authority().respond(request({ reqPolicy: '1.2.3.4' }))).failures, ['unacceptedPolicy']);
  assert.equal(read(await authority().respond(request({ reqPolicy: POLICY }))).status, PKIStatus.granted);
});

test('a request version other than 1 is badRequest and any extension is unacceptedExtension', async () => {
  assert.deepEqual(read(await authority().respond(request({ version: 2 as TimeStampReq['version'] }))).failures, ['badRequest']);
  const extensions = new Extensions([new Extension({ extnID: '1.2.3.4.5', critical: false, extnValue: new OctetString(new Uint8Array([5, 0])) })]);
  assert.deepEqual(read(await authority().respond(request({ extensions }))).failures, ['unacceptedExtension']);
});

test('malformed input of every kind becomes a badDataFormat rejection, never a throw', async () => {
  const valid = request();
  const inputs = [
    new Uint8Array(0),
    new Uint8Array([0x30]),
    new TextEncoder().encode('GET / HTTP/1.1'),
    valid.subarray(0, valid.length - 3),
    Uint8Array.from([...valid, 0x00]),
    new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]),
    new Uint8Array(AsnConvert.serialize(new OctetString(new Uint8Array(8)))),
  ];
  for (const input of inputs) {
    const { status, failures, response } = read(await authority().respond(input));
    assert.equal(status, PKIStatus.rejection, Buffer.from(input).toString('hex'));
    assert.deepEqual(failures, ['badDataFormat']);
    assert.equal(response.timeStampToken, undefined);
  }
});

test('failInfo uses the RFC 3161 bit numbers (badDataFormat is bit 5)', async () => {
  const der = Buffer.from(await authority().respond(new Uint8Array([1, 2, 3])));
  // BIT STRING, 2 octets: 2 unused bits, 0b00000100 = bit 5 counting from the first octet's high bit
  assert.ok(der.includes(Buffer.from([0x03, 0x02, 0x02, 0x04])));
});

test('a signer or serial-number failure is reported to onError and answered with systemFailure', async () => {
  const errors: unknown[] = [];
  const failing = authority({ signer: { ...pki.signer, sign: async () => { throw new Error('HSM offline'); } }, onError: (error) => errors.push(error) });
  assert.deepEqual(read(await failing.respond(request())).failures, ['systemFailure']);
  assert.match(String(errors[0]), /HSM offline/);

  const der = authority({ signer: { ...pki.signer, sign: async () => new Uint8Array(71) }, onError: (error) => errors.push(error) });
  assert.deepEqual(read(await der.respond(request())).failures, ['systemFailure']);
  assert.match(String(errors[1]), /IEEE P1363/);

  assert.deepEqual(read(await authority({ serialNumbers: () => 0n }).respond(request())).failures, ['systemFailure']);
  assert.deepEqual(read(await authority({ serialNumbers: () => 1n << 160n }).respond(request())).failures, ['systemFailure']);
});

test('a broken clock yields timeNotAvailable', async () => {
  const throwing = authority({ clock: { now: () => { throw new Error('no NTP'); } } });
  assert.deepEqual(read(await throwing.respond(request())).failures, ['timeNotAvailable']);
  assert.deepEqual(read(await authority({ clock: fixedClock(new Date(Number.NaN)) }).respond(request())).failures, ['timeNotAvailable']);
});

test('the authority refuses a certificate that is not a time-stamping certificate or does not fit the signer', async () => {
  const tlsLike = await createTestPki({ tsaUsages: ['1.3.6.1.5.5.7.3.1'] });
  assert.throws(() => authority({ signer: tlsLike.signer }), { code: 'ERR_TSA_CERTIFICATE_USAGE' });
  assert.throws(() => authority({ signer: { ...pki.signer, algorithm: 'P-384' } }), { code: 'ERR_TSA_KEY_MISMATCH' });
  assert.throws(() => authority({ policy: 'not-an-oid' }), { code: 'ERR_TSA_POLICY_INVALID' });
  assert.throws(() => authority({ accuracy: { millis: 1000 } }), { code: 'ERR_TSA_ACCURACY_INVALID' });
});

test('the certificate may be given as DER', async () => {
  const tsa = authority({ signer: { ...pki.signer, certificate: new Uint8Array(pki.tsa.rawData) } });
  assert.equal(read(await tsa.respond(request())).status, PKIStatus.granted);
});
