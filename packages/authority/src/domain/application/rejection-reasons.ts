// SPDX-License-Identifier: Apache-2.0

/** Grounds an officer may choose when refusing an application; free text adds the particulars. */
export const REJECTION_REASONS = [
  'identity_not_established',
  'document_invalid',
  'sanctions_or_security',
  'purpose_not_legitimate',
  'false_information',
  'duplicate_application',
  'photo_unusable',
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];
