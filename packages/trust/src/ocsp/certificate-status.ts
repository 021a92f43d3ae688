// SPDX-License-Identifier: Apache-2.0

import { RevocationReason as CRL_REASON_CODES } from '../ca/crl.ts';

/** RFC 5280 §5.3.1 CRLReason names (value 7 is unused there, so it has no name here). */
export type RevocationReason = keyof typeof CRL_REASON_CODES;

/** RFC 5280 CRLReason ENUMERATED values, the wire form of {@link RevocationReason}; one table for CRLs and OCSP. */
export const REVOCATION_REASON_CODES: Readonly<Record<RevocationReason, number>> = CRL_REASON_CODES;

export type CertificateStatus =
  /** `notAfter`, when the source knows it, caps the answer's nextUpdate: no cached "good" outlives the certificate. */
  | { kind: 'good'; notAfter?: Date }
  | { kind: 'revoked'; revokedAt: Date; reason: RevocationReason }
  | { kind: 'unknown' };

/**
 * The port the OCSP responder asks for a certificate's status; the CA's register implements it.
 *
 * Contract the responder cannot check itself (it sees only issuer and serial, never the
 * certificate): a certificate past its notAfter is NOT 'good'. The Estonian service answered
 * "good" for expired, never-revoked certificates and every relying party had to check expiry
 * on its own; a source for Tessera answers 'unknown' for those (or keeps answering 'revoked'
 * for revoked ones), and 'unknown' for serials the issuer never issued.
 */
export interface CertificateStatusSource {
  /**
   * @param issuerKeyHash SHA-1 of the issuer's subjectPublicKey BIT STRING value (the
   *   RFC 6960 issuerKeyHash with SHA-1), whatever hash the client put in its CertID.
   * @param serialNumberHex the serial in the form of {@link normalizeSerialHex}.
   */
  status(issuerKeyHash: Uint8Array, serialNumberHex: string): Promise<CertificateStatus>;
  /**
   * Optional change feed: the responder subscribes so a revocation or suspension is not hidden
   * behind a pre-produced "good" answer for up to half its validity. Returns an unsubscribe.
   */
  onChange?(listener: (serialNumberHex: string) => void): () => void;
}

/**
 * One spelling per serial so the source, the cache and invalidate() agree: lowercase hex,
 * without the DER sign-padding zero byte or other leading zeros ("00ab" and "AB" → "ab").
 */
export function normalizeSerialHex(hex: string): string {
  const trimmed = hex.trim().toLowerCase().replace(/^0x/, '').replace(/^0+/, '');
  return trimmed === '' ? '0' : trimmed;
}
