// SPDX-License-Identifier: Apache-2.0

/** Token Status List values (draft-ietf-oauth-status-list §7.1), two bits per credential. */
export const STATUS = { valid: 0x00, invalid: 0x01, suspended: 0x02 } as const;
export type CredentialStatus = keyof typeof STATUS;
export const STATUS_BITS = 2;

/** What a source document's status means for the credentials derived from it. */
export type DocumentStatus = 'valid' | 'suspended' | 'revoked';

/**
 * The status a derived credential takes when its document changes. Revocation is final: a
 * credential once invalid never becomes valid again, even if the document were reinstated.
 */
export function statusAfterDocumentChange(current: CredentialStatus, document: DocumentStatus): CredentialStatus {
  if (current === 'invalid') return 'invalid';
  return document === 'valid' ? 'valid' : document === 'suspended' ? 'suspended' : 'invalid';
}

/**
 * Position of the n-th credential of a list: n times an odd stride modulo the (power of two)
 * size visits every index once, so neighbours in time are not neighbours in the list and a
 * verifier learns nothing from an index about when or to whom it was issued.
 */
export function scatteredIndex(n: number, size: number): number {
  const stride = 0x9e3779b1 % size | 1;
  return Number((BigInt(n) * BigInt(stride)) % BigInt(size));
}
