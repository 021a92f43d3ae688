// SPDX-License-Identifier: Apache-2.0
import { and, eq } from 'drizzle-orm';
import { appendEvent, logEntryText, type Database } from '@tessera/platform';
import type { CentreConfig } from '../domain/centre-config.ts';
import { CardAlreadyReceived, CardNotExpected, CardNotInStock } from '../domain/centre-errors.ts';
import { STATE_AFTER, STATE_BEFORE, type CustodyEvent } from '../domain/stock-state.ts';
import type { CentreDeps } from './centre-deps.ts';
import { centreEvent } from './record-centre-event.ts';
import { custodyReports, stock, type StockRow } from './schema.ts';

/**
 * One custody change of a card of `centre`, inside the caller's transaction: the stock row moves
 * on, the event joins the centre's log and the report to the authority waits in the outbox. A
 * card of another centre is "not expected" here, exactly like an unknown number.
 */
export async function recordCustody(
  tx: Database, deps: Pick<CentreDeps, 'clock'>, centre: CentreConfig,
  o: { documentNumber: string; event: CustodyEvent; actor: string; note?: string; detail?: Record<string, unknown>; extra?: Partial<StockRow> },
): Promise<StockRow> {
  const [card] = await tx.select().from(stock).where(and(eq(stock.documentNumber, o.documentNumber), eq(stock.centre, centre.code))).for('update');
  if (!card) throw new CardNotExpected('No card with this document number was sent to this centre.');
  if (card.state !== STATE_BEFORE[o.event]) {
    if (STATE_BEFORE[o.event] === 'in_transit') throw new CardAlreadyReceived('This card was already checked in.');
    throw new CardNotInStock('This card is not in stock.');
  }
  const rows = custodyRows(card, centre.code, o, deps.clock.now());
  const [updated] = await tx.update(stock).set(rows.stock).where(eq(stock.id, card.id)).returning();
  await tx.insert(custodyReports).values(rows.report);
  await appendEvent(tx, rows.event);
  return updated!;
}

/** What one custody change writes at `at`: the card's new state, the report waiting in the outbox and the log event (shared with `importCards`). */
export function custodyRows(
  card: Pick<StockRow, 'reference' | 'documentNumber'>, centre: string,
  o: { event: CustodyEvent; actor: string; note?: string; detail?: Record<string, unknown>; extra?: Partial<StockRow> }, at: Date,
) {
  const event = centreEvent(at, { type: `card.${o.event}`, subject: card.documentNumber, actor: o.actor, data: { centre, reference: card.reference } });
  return {
    stock: { state: STATE_AFTER[o.event], stateAt: at, ...(o.note ? { note: o.note } : {}), ...o.extra },
    // The report carries the log entry it stands for: the authority asks the log to prove it.
    report: { centre, reference: card.reference, documentNumber: card.documentNumber, event: o.event, actor: o.actor, at, detail: { ...o.detail, ...(o.note ? { note: o.note } : {}), logEntry: logEntryText(event) } },
    event,
  };
}
