// SPDX-License-Identifier: Apache-2.0
/** Why an issuer administrator suspends one credential (a code, so the public log carries no free text). */
export const CREDENTIAL_HOLD_REASONS = ['holder-request', 'device-lost', 'under-investigation', 'data-under-review'] as const;
/** Why an issuer administrator revokes one credential. Revocation is final. */
export const CREDENTIAL_REVOCATION_REASONS = ['holder-request', 'device-lost', 'data-incorrect', 'issued-in-error', 'entitlement-ended', 'fraud'] as const;

export type CredentialHoldReason = (typeof CREDENTIAL_HOLD_REASONS)[number];
export type CredentialRevocationReason = (typeof CREDENTIAL_REVOCATION_REASONS)[number];

/** An administrator's change of one issued credential. */
export type CredentialChange =
  | { action: 'suspend'; reason: CredentialHoldReason }
  | { action: 'resume' }
  | { action: 'revoke'; reason: CredentialRevocationReason };

export const isHoldReason = (r: unknown): r is CredentialHoldReason => (CREDENTIAL_HOLD_REASONS as readonly unknown[]).includes(r);
export const isRevocationReason = (r: unknown): r is CredentialRevocationReason => (CREDENTIAL_REVOCATION_REASONS as readonly unknown[]).includes(r);

