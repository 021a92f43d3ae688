// SPDX-License-Identifier: Apache-2.0
import 'reflect-metadata';
import { createHash, randomBytes } from 'node:crypto';
import {
  BasicOCSPResponse, CertID, OCSPRequest, OCSPResponse, Request, TBSRequest, id_kp_OCSPSigning, id_pkix_ocsp_basic, id_pkix_ocsp_nonce,
} from '@peculiar/asn1-ocsp';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Certificate, Extension } from '@peculiar/asn1-x509';
import { AuthorityInfoAccessExtension, ExtendedKeyUsageExtension, X509Certificate } from '@peculiar/x509';
import { derToP1363 } from '../crypto/ecdsa-signature.ts';
import { OcspCheckFailed } from '../trust-errors.ts';
import type { RevocationReason } from './certificate-status.ts';
import { REVOCATION_REASON_CODES } from './certificate-status.ts';
import { sameBytes } from './issuer-identity.ts';

export interface OcspCheck {
  status: 'good' | 'revoked' | 'unknown';
  reason?: RevocationReason;
  revokedAt?: Date;
  thisUpdate: Date;
  nextUpdate?: Date;
}

const SHA1 = '1.3.14.3.2.26';
const ECDSA_HASH: Record<string, 'SHA-256' | 'SHA-384' | 'SHA-512'> = {
  '1.2.840.10045.4.3.2': 'SHA-256', '1.2.840.10045.4.3.3': 'SHA-384', '1.2.840.10045.4.3.4': 'SHA-512',
};
/** Clock skew tolerated between relying party and responder. */
const SKEW_MS = 5 * 60_000;

/**
 * A relying party's OCSP check (RFC 6960), as a bank or the citizen portal does before trusting
 * a card certificate: asks the responder named in the certificate's AIA with a fresh nonce, and
 * trusts the answer only if it is signed by the issuer itself or by a responder the issuer
 * certified for OCSP signing, echoes the nonce, names this certificate and is current.
 */
export async function checkOcsp(certificate: X509Certificate, issuer: X509Certificate, o: { fetch: typeof fetch; now: Date; url?: string }): Promise<OcspCheck> {
  const url = o.url ?? ocspUrlOf(certificate);
  if (!url) throw new OcspCheckFailed('The certificate names no OCSP responder.');
  const leaf = AsnConvert.parse(certificate.rawData, Certificate);
  return ask(url, AsnConvert.serialize(leaf.tbsCertificate.issuer), leaf.tbsCertificate.serialNumber, issuer, o);
}

/**
 * The same check for a certificate known only by its serial, under an issuer the caller trusts
 * (a credential issuer follows the ID cards it derived credentials from by their serials). The
 * CertID's issuer name is the issuer's subject, as in every certificate it signs.
 */
export async function checkOcspSerial(serialHex: string, issuer: X509Certificate, o: { fetch: typeof fetch; now: Date; url: string }): Promise<OcspCheck> {
  const ca = AsnConvert.parse(issuer.rawData, Certificate);
  const hex = serialHex.length % 2 === 0 ? serialHex : `0${serialHex}`;
  const bytes = Buffer.from(hex, 'hex');
  // DER INTEGER: a leading zero keeps a serial with its high bit set positive.
  const serial = bytes.length > 0 && (bytes[0]! & 0x80) !== 0 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes;
  return ask(o.url, AsnConvert.serialize(ca.tbsCertificate.subject), new Uint8Array(serial).buffer, issuer, o);
}

async function ask(url: string, issuerName: ArrayBuffer, serialNumber: ArrayBuffer, issuer: X509Certificate, o: { fetch: typeof fetch; now: Date }): Promise<OcspCheck> {
  const nonce = new Uint8Array(randomBytes(16));
  const ca = AsnConvert.parse(issuer.rawData, Certificate);
  const sha1 = (data: ArrayBuffer) => new OctetString(createHash('sha1').update(new Uint8Array(data)).digest());
  const certId = new CertID({
    hashAlgorithm: new AlgorithmIdentifier({ algorithm: SHA1, parameters: null }),
    issuerNameHash: sha1(issuerName),
    issuerKeyHash: sha1(ca.tbsCertificate.subjectPublicKeyInfo.subjectPublicKey),
    serialNumber,
  });
  const request = new OCSPRequest({
    tbsRequest: new TBSRequest({
      requestList: [new Request({ reqCert: certId })],
      requestExtensions: [new Extension({ extnID: id_pkix_ocsp_nonce, extnValue: new OctetString(AsnConvert.serialize(new OctetString(nonce))) })],
    }),
  });
  let body: Uint8Array;
  try {
    const response = await o.fetch(url, { method: 'POST', headers: { 'content-type': 'application/ocsp-request' }, body: new Uint8Array(AsnConvert.serialize(request)), signal: AbortSignal.timeout(10_000) });
    if (!response.ok) throw new OcspCheckFailed(`The OCSP responder answered HTTP ${response.status}.`);
    body = new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    if (error instanceof OcspCheckFailed) throw error;
    throw new OcspCheckFailed('The OCSP responder could not be reached.', { cause: error });
  }
  return readAnswer(body, certId, nonce, issuer, o.now);
}

async function readAnswer(der: Uint8Array, certId: CertID, nonce: Uint8Array, issuer: X509Certificate, now: Date): Promise<OcspCheck> {
  let basic: BasicOCSPResponse;
  try {
    const response = AsnConvert.parse(der, OCSPResponse);
    if (response.responseStatus !== 0 || !response.responseBytes) throw new OcspCheckFailed(`The OCSP responder refused the request (status ${response.responseStatus}).`);
    if (response.responseBytes.responseType !== id_pkix_ocsp_basic) throw new OcspCheckFailed('Not a basic OCSP response.');
    basic = AsnConvert.parse(response.responseBytes.response, BasicOCSPResponse);
  } catch (error) {
    if (error instanceof OcspCheckFailed) throw error;
    throw new OcspCheckFailed('The OCSP response is malformed.', { cause: error });
  }
  const signerKey = await responderKey(basic, issuer);
  const hash = ECDSA_HASH[basic.signatureAlgorithm.algorithm];
  if (!hash) throw new OcspCheckFailed('The OCSP response uses an unsupported signature algorithm.');
  const curve = (signerKey.algorithm as EcKeyAlgorithm).namedCurve;
  const valid = await crypto.subtle.verify({ name: 'ECDSA', hash }, signerKey, derToP1363(curve, new Uint8Array(basic.signature)), new Uint8Array(basic.tbsResponseDataRaw!));
  if (!valid) throw new OcspCheckFailed('The OCSP response signature does not verify.');

  const data = basic.tbsResponseData;
  const echoed = data.responseExtensions?.find((e) => e.extnID === id_pkix_ocsp_nonce);
  if (!echoed || !sameBytes(new Uint8Array(AsnConvert.parse(echoed.extnValue.buffer, OctetString).buffer), nonce)) {
    throw new OcspCheckFailed('The OCSP response does not echo our nonce (a replayed answer?).');
  }
  const wanted = new Uint8Array(AsnConvert.serialize(certId));
  const single = data.responses.find((r) => sameBytes(new Uint8Array(AsnConvert.serialize(r.certID)), wanted));
  if (!single) throw new OcspCheckFailed('The OCSP response does not answer for this certificate.');
  if (single.thisUpdate.getTime() > now.getTime() + SKEW_MS) throw new OcspCheckFailed('The OCSP response is from the future.');
  if (single.nextUpdate && single.nextUpdate.getTime() < now.getTime() - SKEW_MS) throw new OcspCheckFailed('The OCSP response is out of date.');
  const base = { thisUpdate: single.thisUpdate, ...(single.nextUpdate ? { nextUpdate: single.nextUpdate } : {}) };
  const status = single.certStatus;
  if (status.good !== undefined) return { status: 'good', ...base };
  if (status.revoked) {
    const code = status.revoked.revocationReason?.reason;
    const reason = (Object.entries(REVOCATION_REASON_CODES).find(([, c]) => c === code)?.[0] ?? 'unspecified') as RevocationReason;
    return { status: 'revoked', reason, revokedAt: status.revoked.revocationTime, ...base };
  }
  return { status: 'unknown', ...base };
}

/** The key allowed to sign answers about the issuer's certificates (RFC 6960 §4.2.2.2). */
async function responderKey(basic: BasicOCSPResponse, issuer: X509Certificate): Promise<CryptoKey> {
  for (const cert of basic.certs ?? []) {
    const responder = new X509Certificate(AsnConvert.serialize(cert));
    const eku = responder.getExtension(ExtendedKeyUsageExtension);
    if (!eku?.usages.includes(id_kp_OCSPSigning)) continue;
    if (!(await responder.verify({ publicKey: issuer.publicKey, signatureOnly: true }))) continue;
    return responder.publicKey.export();
  }
  // No delegated responder: the issuer may sign its own answers.
  return issuer.publicKey.export();
}

export function ocspUrlOf(certificate: X509Certificate): string | undefined {
  const aia = certificate.getExtension(AuthorityInfoAccessExtension);
  return aia?.ocsp.find((n) => n.type === 'url')?.value;
}
