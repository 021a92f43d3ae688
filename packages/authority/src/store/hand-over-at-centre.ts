// SPDX-License-Identifier: Apache-2.0
import { and, eq, inArray } from 'drizzle-orm';
import { NotFound } from '@tessera/platform';
import type { CardSummary } from '../cards/card-desk.ts';
import { reportedEntryLeaf } from '../domain/oversight/centre-log-entry.ts';
import type { AuthorityDeps } from './authority-deps.ts';
import { recordLogClaim } from './centre-log-claims.ts';
import { CardNotAtCentre, ReportedEntryMismatch } from '../domain/authority-errors.ts';
import { recordChange, type ApplicationChange } from './record-change.ts';
import { applications, cardCustody } from './schema.ts';

/** What recording a handover writes at `at`: the last link of the chain of custody and the application's history (shared with `importCentreCustody`). */
export function handedOverRows(reference: string, card: Pick<CardSummary, 'documentNumber'>, location: string, operator: string, shipmentId: string | null, at: Date) {
  const actor = `${location}:${operator}`;
  return {
    custody: { reference, documentNumber: card.documentNumber, location, event: 'handed_over', actor, at, shipmentId },
    change: (applicationId: string): ApplicationChange => ({ applicationId, actor, type: 'handed_over', detail: { documentNumber: card.documentNumber, centre: location }, at }),
  };
}

/**
 * A centre confirms it has handed the card to its holder: only a card that was sent to that
 * centre, checked in there, and has not left its hands since (missing, damaged, returned,
 * handed over) is activated. The chain of custody and the application's history then record
 * who handed it over. The centre's log entry of the confirmed handover comes with the call and
 * is kept as a claim its next tree heads must prove (`checkLogClaims`).
 */
export async function handOverAtCentre(deps: AuthorityDeps, location: string, reference: string, operator: string, logEntry: string): Promise<CardSummary> {
  if (!deps.cards) throw new NotFound('Cards are not issued by this installation.');
  const expected = { type: 'handover.confirmed', actor: operator, data: { centre: location, reference } };
  // Checked before anything happens: a handover the centre's log does not record is not done.
  if (!reportedEntryLeaf(logEntry, expected)) throw new ReportedEntryMismatch();
  const events = await deps.db.select().from(cardCustody).where(eq(cardCustody.reference, reference));
  const arrived = events.find((e) => e.event === 'arrived');
  if (!arrived || arrived.location !== location || events.some((e) => ['missing', 'damaged', 'returned', 'destroyed'].includes(e.event))) {
    throw new CardNotAtCentre('No card for this reference waits at this centre.');
  }
  const current = (await deps.cards.cardsFor([reference])).get(reference);
  if (!current || current.pickupLocation !== location) throw new CardNotAtCentre('No card for this reference waits at this centre.');
  // An active card whose handover is not yet recorded is one whose recording was interrupted: finish it, never activate twice.
  if (current.state !== 'personalised' && current.state !== 'active') throw new CardNotAtCentre('This card is suspended or revoked and cannot be handed over.');
  const card = current.state === 'active' ? current : await deps.cards.handOver(reference, `${location}:${operator}`);
  await deps.db.transaction(async (tx) => {
    const rows = handedOverRows(reference, card, location, operator, arrived.shipmentId, deps.clock.now());
    await recordLogClaim(tx, deps.clock, { location, action: 'handed_over', reference, entry: logEntry, expected });
    const [row] = await tx.insert(cardCustody).values(rows.custody).onConflictDoNothing().returning();
    if (!row) return;
    const [app] = await tx.select({ id: applications.id }).from(applications).where(and(eq(applications.reference, reference), inArray(applications.status, ['approved'])));
    if (app) await recordChange(tx, deps.clock, rows.change(app.id));
  });
  return card;
}
