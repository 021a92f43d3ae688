// SPDX-License-Identifier: Apache-2.0
import { eq } from 'drizzle-orm';
import { Forbidden, type Database, type StaffPrincipal } from '@tessera/platform';
import { centreByCode, type CentreConfig } from '../domain/centre-config.ts';
import { CentreSuspendedByAuthority } from '../domain/centre-errors.ts';
import { isCentreSuspended } from './apply-suspension-notice.ts';
import type { CentreDeps } from './centre-deps.ts';
import { staffCentres } from './schema.ts';

/** The code of the centre a staff account is bound to, or null when it is bound to none. */
export async function centreOfStaff(db: Database, staffId: string): Promise<string | null> {
  const [row] = await db.select({ centre: staffCentres.centre }).from(staffCentres).where(eq(staffCentres.staffId, staffId));
  return row?.centre ?? null;
}

/**
 * The one centre a staff member works at. Every centre account is bound to exactly one configured
 * centre; an account bound to none, or to a code no centre has, sees nothing (fail closed), and
 * while the authority suspends the centre its staff see nothing either.
 */
export async function staffCentre(deps: Pick<CentreDeps, 'db' | 'centres'>, staff: Pick<StaffPrincipal, 'id'>): Promise<CentreConfig> {
  const centre = centreByCode(deps.centres, await centreOfStaff(deps.db, staff.id));
  if (!centre) throw new Forbidden('This account is not bound to a centre of this organisation.');
  // Checked on every request: a centre the authority suspended serves none of its staff.
  if (await isCentreSuspended(deps.db, centre.code)) throw new CentreSuspendedByAuthority('The authority has suspended this centre.');
  return centre;
}
