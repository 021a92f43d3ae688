// SPDX-License-Identifier: Apache-2.0
import { and, eq, inArray } from 'drizzle-orm';
import { NotFound } from '@tessera/platform';
import type { CardSummary } from '../cards/card-desk.ts';
import type { AuthorityDeps } from './authority-deps.ts';
import { CardNotAtCentre } from './centre-errors.ts';
import { recordChange } from './record-change.ts';
import { applications, cardCustody } from './schema.ts';

/**
 * A centre confirms it has handed the card to its holder: only a card that was sent to that
 * centre, checked in there, and has not left its hands since (missing, damaged, returned,
 * handed over) is activated. The chain of custody and the application's history then record
 * who handed it over.
 */
export async function handOverAtCentre(deps: AuthorityDeps, location: string, reference: string, operator: string): Promise<CardSummary> {
  if (!deps.cards) throw new NotFound('Cards are not issued by this installation.');
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
    const [row] = await tx.insert(cardCustody).values({ reference, documentNumber: card.documentNumber, location, event: 'handed_over', actor: `${location}:${operator}`, at: deps.clock.now(), shipmentId: arrived.shipmentId }).onConflictDoNothing().returning();
    if (!row) return;
    const [app] = await tx.select({ id: applications.id }).from(applications).where(and(eq(applications.reference, reference), inArray(applications.status, ['approved'])));
    if (app) await recordChange(tx, deps.clock, { applicationId: app.id, actor: `${location}:${operator}`, type: 'handed_over', detail: { documentNumber: card.documentNumber, centre: location } });
  });
  return card;
}
