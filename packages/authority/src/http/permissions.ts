// SPDX-License-Identifier: Apache-2.0

/** What the authority's staff may do; roles are granted these in the composition root. */
export const AUTHORITY_PERMISSIONS = {
  readApplications: 'application:read',
  decideApplications: 'application:decide',
  /** A partner centre's view of the cards to hand over at that centre, and nothing else. */
  centreHandovers: 'centre:handover',
} as const;

/**
 * The authority's roles: officers vet and decide; auditors read (and their reading is logged);
 * a partner centre's operator sees only what its own centre hands over (seed: the partner
 * "verifies identity and hands over", the authority decides).
 */
export const AUTHORITY_ROLES = {
  officer: [AUTHORITY_PERMISSIONS.readApplications, AUTHORITY_PERMISSIONS.decideApplications],
  auditor: [AUTHORITY_PERMISSIONS.readApplications],
  partner_operator: [AUTHORITY_PERMISSIONS.centreHandovers],
} as const;
