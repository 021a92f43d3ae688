// SPDX-License-Identifier: Apache-2.0
import { Forbidden, type StaffPrincipal } from '@tessera/platform';
import { centreByCode, type CentreConfig } from '../domain/centre-config.ts';

/**
 * The one centre a staff member works at. Every centre account is bound to exactly one configured
 * centre; an account bound to none, or to a code no centre has, sees nothing (fail closed).
 */
export function staffCentre(centres: readonly CentreConfig[], staff: StaffPrincipal): CentreConfig {
  const centre = centreByCode(centres, staff.centreId);
  if (!centre) throw new Forbidden('This account is not bound to a centre of this organisation.');
  return centre;
}
