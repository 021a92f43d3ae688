// SPDX-License-Identifier: Apache-2.0
// Object identifiers the time-stamp authority and its verifier speak. Kept in one place so the
// signer and the verifier cannot drift apart on, say, which digest goes with which curve.

export const OID_SHA1 = '1.3.14.3.2.26';
export const OID_SHA256 = '2.16.840.1.101.3.4.2.1';
export const OID_SHA384 = '2.16.840.1.101.3.4.2.2';
export const OID_SHA512 = '2.16.840.1.101.3.4.2.3';

export const OID_ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';
export const OID_ECDSA_WITH_SHA384 = '1.2.840.10045.4.3.3';
export const OID_ECDSA_WITH_SHA512 = '1.2.840.10045.4.3.4';

export const OID_CONTENT_TYPE = '1.2.840.113549.1.9.3';
export const OID_MESSAGE_DIGEST = '1.2.840.113549.1.9.4';
export const OID_SIGNING_TIME = '1.2.840.113549.1.9.5';
export const OID_SIGNING_CERTIFICATE = '1.2.840.113549.1.9.16.2.12';
export const OID_SIGNING_CERTIFICATE_V2 = '1.2.840.113549.1.9.16.2.47';
export const OID_CT_TST_INFO = '1.2.840.113549.1.9.16.1.4';
export const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';

export const OID_EXTENDED_KEY_USAGE = '2.5.29.37';
export const OID_KP_TIME_STAMPING = '1.3.6.1.5.5.7.3.8';

export type DigestName = 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512';

/** Digests a client may ask us to stamp. SHA-1 is deliberately absent: its collisions are practical. */
export const IMPRINT_DIGESTS: ReadonlyMap<string, { name: DigestName; length: number }> = new Map([
  [OID_SHA256, { name: 'SHA-256', length: 32 }],
  [OID_SHA384, { name: 'SHA-384', length: 48 }],
  [OID_SHA512, { name: 'SHA-512', length: 64 }],
]);

export const DIGEST_NAMES: ReadonlyMap<string, DigestName> = new Map([
  [OID_SHA1, 'SHA-1'],
  [OID_SHA256, 'SHA-256'],
  [OID_SHA384, 'SHA-384'],
  [OID_SHA512, 'SHA-512'],
]);

export const ECDSA_SIGNATURE_DIGESTS: ReadonlyMap<string, DigestName> = new Map([
  [OID_ECDSA_WITH_SHA256, 'SHA-256'],
  [OID_ECDSA_WITH_SHA384, 'SHA-384'],
  [OID_ECDSA_WITH_SHA512, 'SHA-512'],
]);
