// SPDX-License-Identifier: Apache-2.0
// An X.509 v3 certificate (RFC 5280 §4.1) assembled from parts that are already DER.
import 'reflect-metadata'; // @peculiar/x509 resolves its algorithms through tsyringe, which needs it
import { createHash } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { X509Certificate } from '@peculiar/x509';
import { derElement, derHeader, positiveIntegerBytes } from '../crypto/der-bytes.ts';
import { signEcdsaDer, type EcCurve } from '../crypto/ecdsa-signature.ts';
import { DerInputInvalid, SignerUnsupported } from '../trust-errors.ts';
import type { Signer } from './key-store.ts';

const SEQUENCE = 0x30;
const INTEGER = 0x02;
const BIT_STRING = 0x03;
const EXPLICIT_3 = 0xa3;
/** [0] EXPLICIT Version v3. */
const VERSION_3 = Uint8Array.of(0xa0, 0x03, 0x02, 0x01, 0x02);
/** RFC 5758 §3.2 ecdsa-with-SHA256/384, without parameters. */
const SIGNATURE_ALGORITHMS: Record<string, Uint8Array> = Object.fromEntries(
  [['SHA-256', '1.2.840.10045.4.3.2'], ['SHA-384', '1.2.840.10045.4.3.3']].map(([hash, oid]) => [hash, new Uint8Array(AsnConvert.serialize(new AlgorithmIdentifier({ algorithm: oid! })))]),
);

export interface CertificateParts {
  /** Positive serial, hex. */
  serialHex: string;
  /** DER Name of the issuer (the issuing CA's subject). */
  issuerName: Uint8Array;
  /** DER Name of the subject. */
  subjectName: Uint8Array;
  notBefore: Date;
  notAfter: Date;
  /** DER SubjectPublicKeyInfo, as `exportKey('spki')` gives it. */
  subjectPublicKeyInfo: Uint8Array;
  /** Each extension's DER (an Extension SEQUENCE), in order. */
  extensions: Uint8Array[];
  /** The issuing CA's key-store signer; it signs the TBS with ECDSA and its curve's hash. */
  signer: Signer;
}

/** A signed certificate as bytes, with the fields its issuer chose (validity in whole seconds, as encoded). */
export interface SignedCertificate {
  der: Uint8Array<ArrayBuffer>;
  serialHex: string;
  notBefore: Date;
  notAfter: Date;
}

/**
 * Builds and signs a certificate by concatenating the DER of its parts: the parts that do not
 * change between certificates of one CA and profile (issuer name, extensions) are encoded once
 * by their callers instead of being parsed and re-encoded for every certificate, which is what a
 * generic builder costs (several milliseconds a certificate, against one signature). Nothing is
 * parsed back: a caller that only stores the bytes pays for no X.509 parse.
 */
export async function signCertificate(parts: CertificateParts): Promise<SignedCertificate> {
  const algorithm = SIGNATURE_ALGORITHMS[parts.signer.algorithm.hash];
  if (!algorithm) throw new SignerUnsupported(`No certificate signature algorithm for ECDSA with ${parts.signer.algorithm.hash}.`);
  const notBefore = wholeSeconds(parts.notBefore);
  const notAfter = wholeSeconds(parts.notAfter);
  const tbs = derElement(SEQUENCE,
    VERSION_3,
    derElement(INTEGER, positiveIntegerBytes(BigInt(`0x${parts.serialHex}`))),
    algorithm,
    parts.issuerName,
    derElement(SEQUENCE, timeDer(notBefore), timeDer(notAfter)),
    parts.subjectName,
    parts.subjectPublicKeyInfo,
    derElement(EXPLICIT_3, derElement(SEQUENCE, ...parts.extensions)),
  );
  const signature = await signEcdsaDer(parts.signer, parts.signer.algorithm.namedCurve as EcCurve, tbs);
  return { der: derElement(SEQUENCE, tbs, algorithm, derElement(BIT_STRING, Uint8Array.of(0), signature)), serialHex: parts.serialHex, notBefore, notAfter };
}

/** {@link signCertificate}, parsed for callers that read the certificate back. */
export async function buildCertificate(parts: CertificateParts): Promise<X509Certificate> {
  return new X509Certificate((await signCertificate(parts)).der);
}

const wholeSeconds = (date: Date): Date => new Date(Math.floor(date.getTime() / 1000) * 1000);

/** RFC 5280 §4.1.2.5: UTCTime (YYMMDDHHMMSSZ) through 2049, GeneralizedTime (YYYYMMDDHHMMSSZ) from 2050. */
function timeDer(date: Date): Uint8Array<ArrayBuffer> {
  const year = date.getUTCFullYear();
  if (Number.isNaN(year) || year < 1950 || year > 9999) throw new SignerUnsupported(`A certificate time must be from 1950 to 9999, got ${date.toISOString()}.`);
  const two = (n: number) => String(n).padStart(2, '0');
  const rest = `${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}${two(date.getUTCHours())}${two(date.getUTCMinutes())}${two(date.getUTCSeconds())}Z`;
  const utc = year < 2050;
  return derElement(utc ? 0x17 : 0x18, new TextEncoder().encode(`${utc ? two(year % 100) : String(year)}${rest}`));
}

/** RFC 5280 §4.2.1.2 method (1): SHA-1 of the subjectPublicKey BIT STRING value, as @peculiar/x509 computes it. */
export function keyIdentifierOf(subjectPublicKeyInfo: Uint8Array): string {
  return createHash('sha1').update(subjectPublicKeyBits(subjectPublicKeyInfo)).digest('hex');
}

/** The subjectPublicKey BIT STRING's bits (after its unused-bits octet) inside a DER SubjectPublicKeyInfo. */
function subjectPublicKeyBits(spki: Uint8Array): Uint8Array {
  const outer = derHeader(spki, 0, SEQUENCE);
  const algorithmIdentifier = derHeader(spki, outer.contentStart, SEQUENCE);
  const bits = derHeader(spki, algorithmIdentifier.end, BIT_STRING);
  if (bits.end !== outer.end || outer.end !== spki.length || spki[bits.contentStart] !== 0) throw new DerInputInvalid('The SubjectPublicKeyInfo is not DER.');
  return spki.subarray(bits.contentStart + 1, bits.end);
}
