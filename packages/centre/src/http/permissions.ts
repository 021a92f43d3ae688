// SPDX-License-Identifier: Apache-2.0

/** What the centre's staff may do. */
export const CENTRE_PERMISSIONS = {
  /** See the centre's stock and check shipments in. */
  stock: 'centre:stock',
  /** Perform the guided handover inside an open appointment. */
  handover: 'centre:handover',
  /** Returns and destruction of uncollected cards (as witness), reconciliation. */
  supervise: 'centre:supervise',
} as const;

/**
 * The centre's roles: operators receive cards and hand them over; supervisors also witness
 * returns and destruction and run the reconciliation. Every account is bound to one centre.
 */
export const CENTRE_ROLES = {
  operator: [CENTRE_PERMISSIONS.stock, CENTRE_PERMISSIONS.handover],
  supervisor: [CENTRE_PERMISSIONS.stock, CENTRE_PERMISSIONS.handover, CENTRE_PERMISSIONS.supervise],
} as const;
