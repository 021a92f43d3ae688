// SPDX-License-Identifier: Apache-2.0
import { eq } from 'drizzle-orm';
import type { CentreDeps } from './centre-deps.ts';
import { deliverCustodyReports } from './deliver-custody-reports.ts';
import { recordCentreEvent } from './record-centre-event.ts';
import { stock } from './schema.ts';

/**
 * The daily reconciliation of one centre with the authority: the custody reports still waiting
 * are sent first (so nothing already done counts as a discrepancy), then the centre's whole
 * stock goes over the exchange; the authority's discrepancy report is kept in the centre's log.
 */
export async function reconcileStock(deps: CentreDeps, centre: string): Promise<{ checked: number; discrepancies: Array<{ documentNumber: string; authority: string | null; centre: string | null }> }> {
  await deliverCustodyReports(deps);
  const cards = await deps.db.select({ documentNumber: stock.documentNumber, state: stock.state }).from(stock).where(eq(stock.centre, centre));
  const report = await deps.authority.reconcile(centre, cards);
  await deps.db.transaction((tx) => recordCentreEvent(tx, deps.clock, { type: 'stock.reconciled', subject: centre, actor: 'system', data: { cards: cards.length, ...report } }));
  return report;
}
