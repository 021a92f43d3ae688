// SPDX-License-Identifier: Apache-2.0
// Test fixture: builds OCSP requests and reads responses in-process, independently of the
// responder's own issuer matching (hashes come from node:crypto over the certificate fields).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  BasicOCSPResponse, CertID, OCSPRequest, OCSPResponse, Request, TBSRequest, id_pkix_ocsp_basic, id_pkix_ocsp_nonce,
} from '@peculiar/asn1-ocsp';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Certificate, Extension } from '@peculiar/asn1-x509';
import type { Issued } from './test-pki.ts';

const HASH_OIDS = { sha1: '1.3.14.3.2.26', sha256: '2.16.840.1.101.3.4.2.1' } as const;

export function certIdFor(issuer: Pick<Issued, 'der'>, leaf: Pick<Issued, 'der'>, hash: 'sha1' | 'sha256' = 'sha1'): CertID {
  const issuerCert = AsnConvert.parse(issuer.der, Certificate);
  const leafCert = AsnConvert.parse(leaf.der, Certificate);
  const h = (data: ArrayBuffer) => new OctetString(createHash(hash).update(new Uint8Array(data)).digest());
  return new CertID({
    hashAlgorithm: new AlgorithmIdentifier({ algorithm: HASH_OIDS[hash], parameters: null }),
    // The leaf's issuer field, i.e. the issuer's subject as the leaf spells it.
    issuerNameHash: h(AsnConvert.serialize(leafCert.tbsCertificate.issuer)),
    issuerKeyHash: h(issuerCert.tbsCertificate.subjectPublicKeyInfo.subjectPublicKey),
    serialNumber: leafCert.tbsCertificate.serialNumber,
  });
}

export function ocspRequest(certIds: CertID[], nonce?: Uint8Array): Uint8Array {
  const requestExtensions = nonce
    ? [new Extension({ extnID: id_pkix_ocsp_nonce, extnValue: new OctetString(AsnConvert.serialize(new OctetString(nonce))) })]
    : undefined;
  const request = new OCSPRequest({
    tbsRequest: new TBSRequest({ requestList: certIds.map((reqCert) => new Request({ reqCert })), requestExtensions }),
  });
  return new Uint8Array(AsnConvert.serialize(request));
}

export interface ReadResponse {
  status: number;
  basic?: BasicOCSPResponse;
  /** The exact signed bytes, sliced from the response rather than re-encoded. */
  tbs?: Uint8Array;
}

export function readResponse(der: Uint8Array): ReadResponse {
  const response = AsnConvert.parse(der, OCSPResponse);
  if (!response.responseBytes) return { status: response.responseStatus };
  if (response.responseBytes.responseType !== id_pkix_ocsp_basic) assert.fail('not a basic OCSP response');
  const basic = AsnConvert.parse(response.responseBytes.response, BasicOCSPResponse);
  return { status: response.responseStatus, basic, tbs: new Uint8Array(basic.tbsResponseDataRaw!) };
}
