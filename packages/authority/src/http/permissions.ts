// SPDX-License-Identifier: Apache-2.0

/** What the authority's staff may do; roles are granted these in the composition root. */
export const AUTHORITY_PERMISSIONS = {
  readApplications: 'application:read',
  decideApplications: 'application:decide',
  /** Suspend a partner centre or lift its suspension. */
  overseeCentres: 'centre:oversee',
  /** See the partner centres' oversight dashboard: figures, charts and every custody action. */
  readCentres: 'centre:read',
} as const;

/**
 * The authority's roles: officers vet and decide; auditors read (and their reading is logged).
 * Partner centres are organisations of their own (`@tessera/centre`) with their own staff; they
 * reach the authority only through its exchange services.
 */
export const AUTHORITY_ROLES = {
  officer: [AUTHORITY_PERMISSIONS.readApplications, AUTHORITY_PERMISSIONS.decideApplications, AUTHORITY_PERMISSIONS.overseeCentres, AUTHORITY_PERMISSIONS.readCentres],
  auditor: [AUTHORITY_PERMISSIONS.readApplications, AUTHORITY_PERMISSIONS.readCentres],
} as const;
