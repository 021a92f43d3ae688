// SPDX-License-Identifier: Apache-2.0
import { eq } from 'drizzle-orm';
import { Forbidden, NotFound, requireCentre, type StaffPrincipal } from '@tessera/platform';
import type { CardSummary } from '../cards/card-desk.ts';
import type { AuthorityDeps } from './authority-deps.ts';
import { recordChange } from './record-change.ts';
import { applications } from './schema.ts';

/**
 * The partner centre confirms it has handed the card to its holder, after checking them against
 * the passport they applied with. Only the centre the card was sent to may do it; the card
 * issuer then activates the card, and the application's history records who handed it over.
 */
export async function handOverCard(deps: AuthorityDeps, reference: string, staff: StaffPrincipal): Promise<CardSummary> {
  const desk = deps.centreCards ?? deps.cards;
  if (!desk) throw new NotFound('Cards are not issued by this installation.');
  const [app] = await deps.db.select({ id: applications.id, pickupLocation: applications.pickupLocation, status: applications.status }).from(applications).where(eq(applications.reference, reference));
  if (!app || app.status !== 'approved') throw new NotFound('No approved application with this reference.');
  if (!staff.centreId) throw new Forbidden('This account is not bound to a partner centre.');
  requireCentre(staff, app.pickupLocation);
  const card = await desk.handOver(reference, staff.id);
  await deps.db.transaction((tx) => recordChange(tx, deps.clock, { applicationId: app.id, actor: staff.id, type: 'handed_over', detail: { documentNumber: card.documentNumber, centre: staff.centreId } }));
  return card;
}
