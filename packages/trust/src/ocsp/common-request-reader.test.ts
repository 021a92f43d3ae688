// SPDX-License-Identifier: Apache-2.0
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CertID, OCSPRequest, Request, Signature, TBSRequest, id_pkix_ocsp_nonce } from '@peculiar/asn1-ocsp';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Extension, GeneralName } from '@peculiar/asn1-x509';
import { readCommonRequest } from './common-request-reader.ts';
import { parseFully } from './ocsp-responder.ts';

const SHA1 = '1.3.14.3.2.26';
const SHA256 = '2.16.840.1.101.3.4.2.1';

function certId(o: { hash: string; withNull: boolean; nameHash: Uint8Array; keyHash: Uint8Array; serial: Uint8Array }): CertID {
  return new CertID({
    hashAlgorithm: new AlgorithmIdentifier({ algorithm: o.hash, ...(o.withNull ? { parameters: null } : {}) }),
    issuerNameHash: new OctetString(o.nameHash), issuerKeyHash: new OctetString(o.keyHash), serialNumber: o.serial.slice().buffer,
  });
}

function request(certIds: CertID[], o: { nonce?: Uint8Array; otherExtension?: boolean; critical?: boolean } = {}): OCSPRequest {
  const extensions = [
    ...(o.otherExtension ? [new Extension({ extnID: '1.3.6.1.5.5.7.48.1.4', extnValue: new OctetString(Uint8Array.of(0x30, 0)) })] : []),
    ...(o.nonce ? [new Extension({ extnID: id_pkix_ocsp_nonce, critical: o.critical ?? false, extnValue: new OctetString(AsnConvert.serialize(new OctetString(o.nonce))) })] : []),
  ];
  return new OCSPRequest({ tbsRequest: new TBSRequest({ requestList: certIds.map((reqCert) => new Request({ reqCert })), ...(extensions.length ? { requestExtensions: extensions } : {}) }) });
}

const der = (value: object) => new Uint8Array(AsnConvert.serialize(value));

/** The common reader's result in comparable form: every CertID and the nonce as bytes, fields re-encoded. */
function comparable(read: ReturnType<typeof parseFully>) {
  if (!read) return read;
  return {
    certIds: read.certIds.map((r) => ({ der: Buffer.from(r.der).toString('hex'), reencoded: Buffer.from(der(r.certId)).toString('hex'), algorithm: r.certId.hashAlgorithm.algorithm })),
    nonce: read.nonce ? { der: Buffer.from(read.nonce.der).toString('hex'), value: Buffer.from(read.nonce.extension.extnValue.buffer).toString('hex'), id: read.nonce.extension.extnID } : undefined,
  };
}

const bytes = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max });
const arbitraryCertId = fc.record({
  hash: fc.constantFrom(SHA1, SHA256), withNull: fc.boolean(), nameHash: bytes(20, 32), keyHash: bytes(20, 32),
  // DER INTEGER content: minimal (no redundant leading octet), any sign
  serial: bytes(1, 20).filter((s) => s.length === 1 || !((s[0] === 0 && s[1]! < 0x80) || (s[0] === 0xff && s[1]! >= 0x80))),
});

test('the common reader reads every common request exactly as the full parser does (property)', () => {
  fc.assert(fc.property(fc.array(arbitraryCertId, { minLength: 1, maxLength: 5 }), fc.option(bytes(1, 32), { nil: undefined }), fc.boolean(), (ids, nonce, otherExtension) => {
    const encoded = der(request(ids.map(certId), { ...(nonce ? { nonce } : {}), otherExtension }));
    const common = readCommonRequest(encoded);
    assert.ok(common, 'a common request is read by the common reader');
    assert.deepEqual(comparable(common), comparable(parseFully(encoded)));
    for (const r of common.certIds) assert.deepEqual(der(r.certId), r.der, 'the CertID objects encode to the bytes sent');
  }), { numRuns: 300 });
});

test('requests of another shape are left to the full parser, which still reads or refuses them', () => {
  const id = certId({ hash: SHA1, withNull: true, nameHash: new Uint8Array(20).fill(1), keyHash: new Uint8Array(20).fill(2), serial: Uint8Array.of(0x12, 0x34) });
  const signed = request([id]);
  signed.optionalSignature = new Signature({ signatureAlgorithm: new AlgorithmIdentifier({ algorithm: '1.2.840.10045.4.3.2' }), signature: new Uint8Array(8).buffer });
  const named = request([id]);
  named.tbsRequest.requestorName = new GeneralName({ dNSName: 'client.example' });
  const perRequestExtension = request([id]);
  perRequestExtension.tbsRequest.requestList[0]!.singleRequestExtensions = [new Extension({ extnID: '1.2.3.4', extnValue: new OctetString(Uint8Array.of(1)) })];
  const critical = request([id], { nonce: new Uint8Array(16).fill(9), critical: true });
  const otherParameters = certId({ hash: SHA1, withNull: false, nameHash: new Uint8Array(20), keyHash: new Uint8Array(20), serial: Uint8Array.of(1) });
  otherParameters.hashAlgorithm.parameters = Uint8Array.of(0x04, 0x00).buffer;
  for (const [name, value] of Object.entries({ signed, named, perRequestExtension, critical, otherParameters: request([otherParameters]) })) {
    const encoded = der(value);
    assert.equal(readCommonRequest(encoded), undefined, `${name}: not the common shape`);
    assert.ok(parseFully(encoded), `${name}: the full parser still reads it`);
  }
  const plain = der(request([id]));
  // a long-form length where the short form fits (BER, not DER), trailing bytes, a truncated request
  const ber = Uint8Array.from([0x30, 0x81, plain[1]!, ...plain.subarray(2)]);
  assert.equal(readCommonRequest(ber), undefined);
  assert.equal(readCommonRequest(Uint8Array.from([...plain, 0])), undefined);
  assert.equal(readCommonRequest(plain.subarray(0, plain.length - 1)), undefined);
  assert.equal(readCommonRequest(new Uint8Array(0)), undefined);
});
