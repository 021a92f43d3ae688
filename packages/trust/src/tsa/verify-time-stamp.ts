// SPDX-License-Identifier: Apache-2.0
// Verifies an RFC 3161 time-stamp token (or a whole TimeStampResp) against trusted certificates.
import 'reflect-metadata'; // @peculiar/x509 resolves its algorithms through tsyringe, which needs it
import { AsnConvert, AsnObjectIdentifierConverter, OctetString } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import type { Attribute, SignerInfo } from '@peculiar/asn1-cms';
import { ExtendedKeyUsageExtension, SubjectKeyIdentifierExtension, X509Certificate } from '@peculiar/x509';
import { validateCertificatePath } from '../path/validate-certificate-path.ts';
import { integerBytesToBigInt } from '../crypto/der-bytes.ts';
import { sameBytes } from '../crypto/same-bytes.ts';
import { readTimeStamp } from './read-time-stamp.ts';
import { derToP1363 } from '../crypto/ecdsa-signature.ts';
import { EssCertId, EssCertIdV2, SigningCertificate, SigningCertificateV2 } from './ess-signing-certificate.ts';
import { encodeSignedAttributes } from './signed-attributes.ts';
import {
  DIGEST_NAMES, ECDSA_SIGNATURE_DIGESTS, IMPRINT_DIGESTS, OID_CONTENT_TYPE, OID_CT_TST_INFO, OID_EXTENDED_KEY_USAGE, OID_KP_TIME_STAMPING,
  OID_MESSAGE_DIGEST, OID_SHA1, OID_SHA256, OID_SIGNING_CERTIFICATE, OID_SIGNING_CERTIFICATE_V2, type DigestName,
} from './tsa-oids.ts';

export type CertificateInput = X509Certificate | Uint8Array;

export interface VerifyTimeStampOptions {
  /** The stamped bytes; hashed with the token's imprint algorithm and compared. */
  data?: Uint8Array;
  /** Or the imprint itself, when only the digest was kept. Without data or digest the imprint is not checked. */
  digest?: Uint8Array;
  /** Trust anchors: a root CA, or the TSA certificate itself when it is pinned directly. */
  trustedCertificates: CertificateInput[];
  /** Extra certificates for path building when the token was issued without certReq. */
  untrustedCertificates?: CertificateInput[];
  /** When given, the token must echo this nonce. */
  nonce?: bigint;
}

export interface TimeStampFacts {
  genTime: Date;
  serialNumber: bigint;
  policy: string;
  nonce?: bigint;
}

export type TimeStampVerification =
  | (TimeStampFacts & { ok: true; imprintAlgorithm: DigestName; hashedMessage: Uint8Array; tsaCertificate: X509Certificate })
  | (Partial<TimeStampFacts> & { ok: false; reason: string });

const OID_RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
const OID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';
const RSA_SIGNATURE_DIGESTS: ReadonlyMap<string, DigestName> = new Map([
  ['1.2.840.113549.1.1.11', 'SHA-256'],
  ['1.2.840.113549.1.1.12', 'SHA-384'],
  ['1.2.840.113549.1.1.13', 'SHA-512'],
]);

class VerificationFailure extends Error {}

const fail = (reason: string): never => {
  throw new VerificationFailure(reason);
};

/**
 * Never throws for bad input: every problem is reported as `{ ok: false, reason }`, with whatever
 * facts could be read before the problem was found. `ok: true` means the signature, the ESS
 * certificate binding, the TSA certificate's timeStamping EKU, a path to a trusted certificate
 * (each certificate valid at genTime) and — when data or digest is given — the imprint all hold.
 * Revocation is not checked.
 */
export async function verifyTimeStampToken(tokenOrResponseDer: Uint8Array, options: VerifyTimeStampOptions): Promise<TimeStampVerification> {
  let facts: Partial<TimeStampFacts> = {};
  try {
    const reading = readTimeStamp(new Uint8Array(tokenOrResponseDer));
    if (!reading.ok) return fail(reading.reason);
    const { signedData, eContent, tstInfo } = reading;
    if (tstInfo.version !== 1) fail(`unsupported TSTInfo version ${tstInfo.version}`);
    facts = {
      genTime: tstInfo.genTime,
      serialNumber: integerBytesToBigInt(tstInfo.serialNumber),
      policy: tstInfo.policy,
      ...(tstInfo.nonce ? { nonce: integerBytesToBigInt(tstInfo.nonce) } : {}),
    };
    const genTime = tstInfo.genTime;

    // RFC 3161 §2.4.2: the token carries exactly one signature, the TSA's
    const [signerInfo, ...others] = signedData.signerInfos;
    if (!signerInfo || others.length > 0) fail('a time-stamp token must have exactly one signer');
    const signer = signerInfo as SignerInfo;

    const embedded = (signedData.certificates ?? []).flatMap((choice) => (choice.certificate ? [toX509(AsnConvert.serialize(choice.certificate))] : []));
    const trusted = options.trustedCertificates.map(toX509);
    const pool = [...embedded, ...(options.untrustedCertificates ?? []).map(toX509), ...trusted];
    const tsaCertificate = pool.find((certificate) => identifies(signer, certificate)) ?? fail('the TSA certificate is neither in the token nor among the given certificates');

    await checkSignedAttributes(signer, eContent, tsaCertificate);
    await checkSignature(signer, tsaCertificate);
    checkTimeStampingUsage(tsaCertificate);
    checkPath(tsaCertificate, pool, trusted, genTime);

    const imprintDigest = IMPRINT_DIGESTS.get(tstInfo.messageImprint.hashAlgorithm.algorithm)
      ?? fail(`message imprint algorithm ${tstInfo.messageImprint.hashAlgorithm.algorithm} is not accepted`);
    const hashedMessage = new Uint8Array(tstInfo.messageImprint.hashedMessage.buffer);
    if (options.data !== undefined) {
      const actual = new Uint8Array(await crypto.subtle.digest(imprintDigest.name, new Uint8Array(options.data)));
      if (!sameBytes(actual, hashedMessage)) fail('the data does not match the time-stamped message imprint');
    }
    if (options.digest !== undefined && !sameBytes(options.digest, hashedMessage)) fail('the digest does not match the time-stamped message imprint');
    if (options.nonce !== undefined && facts.nonce !== options.nonce) fail('the token does not echo the expected nonce');

    return { ok: true, genTime, serialNumber: facts.serialNumber as bigint, policy: tstInfo.policy, ...(facts.nonce === undefined ? {} : { nonce: facts.nonce }), imprintAlgorithm: imprintDigest.name, hashedMessage, tsaCertificate };
  } catch (error) {
    const reason = error instanceof VerificationFailure ? error.message : `the token could not be read (${error instanceof Error ? error.message : String(error)})`;
    return { ...facts, ok: false, reason };
  }
}

function identifies(signer: SignerInfo, certificate: X509Certificate): boolean {
  const { issuerAndSerialNumber, subjectKeyIdentifier } = signer.sid;
  if (issuerAndSerialNumber) {
    const tbs = AsnConvert.parse(certificate.rawData, Certificate).tbsCertificate;
    return sameBytes(AsnConvert.serialize(tbs.issuer), AsnConvert.serialize(issuerAndSerialNumber.issuer))
      && integerBytesToBigInt(tbs.serialNumber) === integerBytesToBigInt(issuerAndSerialNumber.serialNumber);
  }
  if (subjectKeyIdentifier) {
    const ski = certificate.getExtension(SubjectKeyIdentifierExtension);
    return ski !== null && ski.keyId.toLowerCase() === Buffer.from(subjectKeyIdentifier.buffer).toString('hex');
  }
  return false;
}

function singleValue(attributes: Attribute[], type: string): ArrayBuffer | undefined {
  const matching = attributes.filter((attribute) => attribute.attrType === type);
  if (matching.length === 0) return undefined;
  const [attribute] = matching;
  if (matching.length > 1 || attribute?.attrValues.length !== 1) fail(`signed attribute ${type} must occur once with one value`);
  return attribute?.attrValues[0];
}

/**
 * Without signed attributes the signature would cover the TSTInfo alone and could not bind the
 * signing certificate, which RFC 3161 §2.4.1 (via ESS) requires; so they are mandatory here.
 */
async function checkSignedAttributes(signer: SignerInfo, eContent: Uint8Array, tsaCertificate: X509Certificate): Promise<void> {
  const attributes = signer.signedAttrs ?? fail('the token has no signed attributes');
  const contentType = singleValue(attributes, OID_CONTENT_TYPE) ?? fail('the content-type attribute is missing');
  if (!sameBytes(contentType, AsnObjectIdentifierConverter.toASN(OID_CT_TST_INFO).toBER(false))) fail('the content-type attribute is not id-ct-TSTInfo');

  const digestName = DIGEST_NAMES.get(signer.digestAlgorithm.algorithm);
  if (!digestName || digestName === 'SHA-1') fail(`digest algorithm ${signer.digestAlgorithm.algorithm} is not accepted`);
  const messageDigest = singleValue(attributes, OID_MESSAGE_DIGEST) ?? fail('the message-digest attribute is missing');
  const expected = new Uint8Array(await crypto.subtle.digest(digestName as DigestName, new Uint8Array(eContent)));
  if (!sameBytes(parseOr(messageDigest, OctetString, 'the message-digest attribute is malformed').buffer, expected)) {
    fail('the message-digest attribute does not match the TSTInfo');
  }

  const v2 = singleValue(attributes, OID_SIGNING_CERTIFICATE_V2);
  const v1 = singleValue(attributes, OID_SIGNING_CERTIFICATE);
  let certId: EssCertIdV2 | EssCertId | undefined;
  let hash: DigestName = 'SHA-1';
  if (v2) {
    const first = parseOr(v2, SigningCertificateV2, 'the signing-certificate-v2 attribute is malformed').certs[0];
    certId = first;
    const algorithm = first?.hashAlgorithm?.algorithm ?? OID_SHA256;
    hash = DIGEST_NAMES.get(algorithm) ?? fail(`signing-certificate-v2 hash ${algorithm} is not supported`);
  } else if (v1) {
    certId = parseOr(v1, SigningCertificate, 'the signing-certificate attribute is malformed').certs[0];
    hash = DIGEST_NAMES.get(OID_SHA1) as DigestName;
  } else {
    fail('the ESS signing-certificate attribute is missing');
  }
  // the first ESSCertID names the signing certificate (RFC 5035 §3)
  if (!certId) fail('the ESS signing-certificate attribute lists no certificate');
  const { certHash, issuerSerial } = certId as EssCertIdV2 | EssCertId;
  const actual = new Uint8Array(await crypto.subtle.digest(hash, tsaCertificate.rawData));
  if (!sameBytes(certHash.buffer, actual)) fail('the ESS signing-certificate attribute names a different certificate');
  if (issuerSerial) {
    const tbs = AsnConvert.parse(tsaCertificate.rawData, Certificate).tbsCertificate;
    const issuerMatches = issuerSerial.issuer.some((name) => name.directoryName && sameBytes(AsnConvert.serialize(name.directoryName), AsnConvert.serialize(tbs.issuer)));
    if (!issuerMatches || integerBytesToBigInt(issuerSerial.serialNumber) !== integerBytesToBigInt(tbs.serialNumber)) {
      fail('the ESS signing-certificate issuer and serial do not match the TSA certificate');
    }
  }
}

async function checkSignature(signer: SignerInfo, certificate: X509Certificate): Promise<void> {
  const signed = encodeSignedAttributes(signer.signedAttrs ?? fail('the token has no signed attributes'));
  const signatureOid = signer.signatureAlgorithm.algorithm;
  const keyAlgorithm = certificate.publicKey.algorithm as EcKeyAlgorithm;
  const signature = new Uint8Array(signer.signature.buffer);
  let valid: boolean;
  if (keyAlgorithm.name === 'ECDSA') {
    // some producers name the key algorithm instead of ecdsa-with-SHAx and leave the hash to digestAlgorithm
    const hash = ECDSA_SIGNATURE_DIGESTS.get(signatureOid) ?? (signatureOid === OID_EC_PUBLIC_KEY ? DIGEST_NAMES.get(signer.digestAlgorithm.algorithm) : undefined)
      ?? fail(`signature algorithm ${signatureOid} does not fit an ECDSA key`);
    const key = await certificate.publicKey.export({ name: 'ECDSA', namedCurve: keyAlgorithm.namedCurve }, ['verify']);
    valid = await crypto.subtle.verify({ name: 'ECDSA', hash }, key, derToP1363(keyAlgorithm.namedCurve, signature), signed);
  } else if (keyAlgorithm.name === 'RSASSA-PKCS1-v1_5') {
    const hash = RSA_SIGNATURE_DIGESTS.get(signatureOid) ?? (signatureOid === OID_RSA_ENCRYPTION ? DIGEST_NAMES.get(signer.digestAlgorithm.algorithm) : undefined)
      ?? fail(`signature algorithm ${signatureOid} does not fit an RSA key`);
    const key = await certificate.publicKey.export({ name: 'RSASSA-PKCS1-v1_5', hash } as RsaHashedImportParams, ['verify']);
    valid = await crypto.subtle.verify('RSASSA-PKCS1-v1_5', key, signature, signed);
  } else {
    return fail(`TSA key algorithm ${keyAlgorithm.name} is not supported`);
  }
  if (!valid) fail('the token signature does not verify');
}

/** RFC 3161 §2.3: a TSA certificate has one critical EKU extension holding only id-kp-timeStamping. */
function checkTimeStampingUsage(certificate: X509Certificate): void {
  const eku = certificate.getExtension(ExtendedKeyUsageExtension);
  if (!eku || certificate.getExtensions(OID_EXTENDED_KEY_USAGE).length !== 1 || !eku.critical || eku.usages.length !== 1 || eku.usages[0] !== OID_KP_TIME_STAMPING) {
    fail('the signing certificate is not a time-stamping certificate (critical EKU id-kp-timeStamping only)');
  }
}

/**
 * Validity is judged at genTime, not now: a log stamped years ago must still verify after the TSA
 * certificate expired, which is the point of time-stamping it. The trusted certificates may be a
 * root or the TSA certificate itself, pinned.
 */
function checkPath(leaf: X509Certificate, pool: X509Certificate[], trusted: X509Certificate[], at: Date): void {
  if (!validAt(leaf, at)) fail(`the TSA certificate was not valid at ${at.toISOString()}`);
  const path = validateCertificatePath(leaf, { roots: trusted, intermediates: pool }, { at, leafMayBeAnchor: true });
  if (!path.ok) fail(`no valid certificate path from the TSA certificate to a trusted certificate at the time of stamping (${path.reason})`);
}

const validAt = (certificate: X509Certificate, at: Date) => certificate.notBefore <= at && at <= certificate.notAfter;

function toX509(input: CertificateInput | ArrayBuffer): X509Certificate {
  return input instanceof X509Certificate ? input : new X509Certificate(new Uint8Array(input));
}

function parseOr<T>(bytes: ArrayBuffer | Uint8Array, type: new () => T, reason: string): T {
  try {
    return AsnConvert.parse(bytes, type);
  } catch {
    return fail(reason);
  }
}
