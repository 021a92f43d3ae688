// SPDX-License-Identifier: Apache-2.0
import { and, eq } from 'drizzle-orm';
import { findStaffByUsername, type StaffPrincipal } from '@tessera/platform';
import { collectionPeriodOver } from '../domain/collection-deadline.ts';
import { CardNotExpected, CollectionPeriodOpen, WitnessRequired } from '../domain/centre-errors.ts';
import type { CentreDeps } from './centre-deps.ts';
import { centreOfStaff, staffCentre } from './centre-scope.ts';
import { recordCustody } from './record-custody.ts';
import { stock, type StockRow } from './schema.ts';

/**
 * A supervisor returns an uncollected card to the authority or destroys it, once its collection
 * period is over, with a second staff member of the same centre as witness. The witness record
 * (who, and how) joins the centre's log and the custody report; the authority revokes the
 * certificates of cards not collected by their deadline.
 */
export async function disposeUncollected(
  deps: CentreDeps, staff: StaffPrincipal, o: { documentNumber: string; disposition: 'returned' | 'destroyed'; witness: string; method: string },
): Promise<StockRow> {
  const centre = await staffCentre(deps, staff);
  const witness = await findStaffByUsername(deps.db, o.witness.trim());
  // The witness is another person of this centre: never the supervisor themself, never someone of another centre.
  if (!witness || witness.id === staff.id || await centreOfStaff(deps.db, witness.id) !== centre.code) throw new WitnessRequired('The witness must be another staff member of this centre.');
  const documentNumber = o.documentNumber.trim().toUpperCase();
  return deps.db.transaction(async (tx) => {
    const [card] = await tx.select().from(stock).where(and(eq(stock.documentNumber, documentNumber), eq(stock.centre, centre.code))).for('update');
    if (!card) throw new CardNotExpected('No card with this document number was sent to this centre.');
    if (!collectionPeriodOver(card.collectBy, deps.clock.now(), centre.timeZone)) throw new CollectionPeriodOpen(`The holder may collect this card until ${card.collectBy}.`);
    const note = `${o.disposition === 'destroyed' ? 'Destroyed' : 'Returned'} (${o.method}), witnessed by ${witness.displayName} (${witness.username})`;
    return recordCustody(tx, deps, centre, { documentNumber, event: o.disposition, actor: staff.id, note, detail: { witness: witness.username, method: o.method } });
  });
}
