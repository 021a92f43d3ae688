// SPDX-License-Identifier: Apache-2.0
import { appendEvent, appendEvents, type Clock, type Database, type LogEvent } from '@tessera/platform';
import { cardEvents } from './schema.ts';

export interface CardChange {
  cardId: string;
  documentNumber: string;
  actor: string;
  type: string;
  fromState?: string;
  toState?: string;
  detail?: Record<string, unknown>;
}

const historyRow = (change: CardChange, at: Date) => ({
  cardId: change.cardId, at, actor: change.actor, type: change.type, fromState: change.fromState ?? null, toState: change.toState ?? null, detail: change.detail ?? {},
});

const logEvent = (change: CardChange, at: Date): LogEvent => ({
  context: 'trust',
  type: `card.${change.type}`,
  subject: change.documentNumber,
  actor: change.actor,
  at,
  data: { ...(change.fromState ? { from: change.fromState } : {}), ...(change.toState ? { to: change.toState } : {}), ...change.detail },
});

/**
 * One change of a card: its own history for the console, and the transparency-log event, in the
 * caller's transaction. The log names the document number, never the holder.
 */
export async function recordCardChange(tx: Database, clock: Clock, change: CardChange): Promise<void> {
  const at = clock.now();
  await tx.insert(cardEvents).values(historyRow(change, at));
  await appendEvent(tx, logEvent(change, at));
}

/** Many cards' changes at once (a production run): one statement for the history, one for the log. */
export async function recordCardChanges(tx: Database, clock: Clock, changes: readonly CardChange[]): Promise<void> {
  if (changes.length === 1) return recordCardChange(tx, clock, changes[0]!);
  const at = clock.now();
  await tx.insert(cardEvents).values(changes.map((change) => historyRow(change, at)));
  await appendEvents(tx, changes.map((change) => logEvent(change, at)));
}

/**
 * The log side of {@link recordCardChanges}, for a caller that writes the history rows in its own
 * statement: the changes' log events, at `at` (the history rows' instant).
 */
export async function logCardChanges(tx: Database, changes: readonly CardChange[], at: Date): Promise<void> {
  if (changes.length === 1) await appendEvent(tx, logEvent(changes[0]!, at));
  else await appendEvents(tx, changes.map((change) => logEvent(change, at)));
}
