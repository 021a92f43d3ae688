// SPDX-License-Identifier: Apache-2.0

/** What staff may do with cards; the composition root grants these to roles. */
export const TRUST_PERMISSIONS = {
  readCards: 'card:read',
  manageCards: 'card:manage',
} as const;
