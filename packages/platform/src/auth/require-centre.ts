// SPDX-License-Identifier: Apache-2.0
import { Forbidden } from '../errors/tessera-error.ts';
import type { StaffPrincipal } from './staff-principal.ts';

/**
 * Partner-centre operators see only their own centre's work: throws `Forbidden` when a principal
 * bound to a centre touches another centre's data. Staff not bound to a centre (authority
 * officers, auditors) pass; what they may do is still decided by `requirePermission`.
 */
export function requireCentre(principal: StaffPrincipal, centreId: string): void {
  if (principal.centreId !== null && principal.centreId !== centreId) {
    throw new Forbidden('This belongs to another centre.');
  }
}
