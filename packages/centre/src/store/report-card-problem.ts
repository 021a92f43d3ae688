// SPDX-License-Identifier: Apache-2.0
import type { StaffPrincipal } from '@tessera/platform';
import type { CentreDeps } from './centre-deps.ts';
import { staffCentre } from './centre-scope.ts';
import { recordCustody } from './record-custody.ts';
import type { StockRow } from './schema.ts';

/** A card of a shipment did not arrive, or arrived damaged: reported to the authority, never handed over. */
export async function reportCardProblem(deps: CentreDeps, staff: StaffPrincipal, o: { documentNumber: string; problem: 'missing' | 'damaged'; note: string }): Promise<StockRow> {
  const centre = await staffCentre(deps, staff);
  return deps.db.transaction((tx) => recordCustody(tx, deps, centre, { documentNumber: o.documentNumber.trim().toUpperCase(), event: o.problem, actor: staff.id, note: o.note }));
}
