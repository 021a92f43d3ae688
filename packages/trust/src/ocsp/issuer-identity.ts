// SPDX-License-Identifier: Apache-2.0
import { createHash } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';

/** CertID hash algorithms we can match: SHA-1 is what openssl and most clients send. */
export const CERT_ID_HASHES: Readonly<Record<string, 'sha1' | 'sha256' | 'sha384' | 'sha512'>> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

export const SHA1_OID = '1.3.14.3.2.26';

/** An issuing CA as CertIDs name it: hashes of its subject DN and of its public key. */
export interface IssuerIdentity {
  certificate: Certificate;
  /** SHA-1 of the subjectPublicKey BIT STRING value: the key the status source is asked with. */
  sha1KeyHash: Uint8Array;
  /** DER of the subject Name, which is the issuer Name in the certificates it issues. */
  subjectDer: Uint8Array;
  /** Name and key hashes per CertID hash OID, precomputed so a request costs no hashing. */
  hashes: ReadonlyMap<string, { nameHash: Uint8Array; keyHash: Uint8Array }>;
}

export function issuerIdentity(der: Uint8Array): IssuerIdentity {
  const certificate = AsnConvert.parse(der, Certificate);
  const subjectDer = new Uint8Array(AsnConvert.serialize(certificate.tbsCertificate.subject));
  // RFC 6960 §4.1.1: the key hash covers the BIT STRING value without tag, length and unused-bits octet.
  const keyBits = new Uint8Array(certificate.tbsCertificate.subjectPublicKeyInfo.subjectPublicKey);
  const hashes = new Map<string, { nameHash: Uint8Array; keyHash: Uint8Array }>();
  for (const [oid, name] of Object.entries(CERT_ID_HASHES)) {
    hashes.set(oid, { nameHash: digest(name, subjectDer), keyHash: digest(name, keyBits) });
  }
  return { certificate, sha1KeyHash: digest('sha1', keyBits), subjectDer, hashes };
}

export function digest(algorithm: string, data: Uint8Array): Uint8Array {
  return new Uint8Array(createHash(algorithm).update(data).digest());
}

export { sameBytes } from '../crypto/same-bytes.ts';

export function toHex(bytes: Uint8Array | ArrayBuffer): string {
  return Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)).toString('hex');
}
