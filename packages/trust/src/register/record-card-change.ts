// SPDX-License-Identifier: Apache-2.0
import { appendEvent, type Clock, type Database } from '@tessera/platform';
import { cardEvents } from './schema.ts';

/**
 * One change of a card: its own history for the console, and the transparency-log event, in the
 * caller's transaction. The log names the document number, never the holder.
 */
export async function recordCardChange(
  tx: Database,
  clock: Clock,
  change: { cardId: string; documentNumber: string; actor: string; type: string; fromState?: string; toState?: string; detail?: Record<string, unknown> },
): Promise<void> {
  const at = clock.now();
  await tx.insert(cardEvents).values({
    cardId: change.cardId, at, actor: change.actor, type: change.type, fromState: change.fromState ?? null, toState: change.toState ?? null, detail: change.detail ?? {},
  });
  await appendEvent(tx, {
    context: 'trust',
    type: `card.${change.type}`,
    subject: change.documentNumber,
    actor: change.actor,
    at,
    data: { ...(change.fromState ? { from: change.fromState } : {}), ...(change.toState ? { to: change.toState } : {}), ...change.detail },
  });
}
