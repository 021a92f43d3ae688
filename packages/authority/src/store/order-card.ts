// SPDX-License-Identifier: Apache-2.0
import { and, eq, isNull } from 'drizzle-orm';
import { enqueueMail, type Locale } from '@tessera/platform';
import { applicantMail } from '../domain/application/applicant-mail.ts';
import type { AuthorityDeps } from './authority-deps.ts';
import { recordChange } from './record-change.ts';
import { applications, pickupLocations } from './schema.ts';

/**
 * Orders the card of an approved application from the card issuer. Called after the approval
 * commits and again by a periodic retry, so a card issuer that is down delays the card but never
 * loses it; the issuer refuses a second card for the same reference. Returns false on failure.
 */
export async function orderCard(deps: AuthorityDeps, applicationId: string): Promise<boolean> {
  if (!deps.cards) return false;
  const [app] = await deps.db.select().from(applications)
    .where(and(eq(applications.id, applicationId), eq(applications.status, 'approved'), isNull(applications.cardDocumentNumber)));
  if (!app) return false;
  let documentNumber: string;
  try {
    ({ documentNumber } = await deps.cards.order({
      reference: app.reference, givenNames: app.givenNames, surname: app.surname, dateOfBirth: app.dateOfBirth,
      sex: app.sex, citizenship: app.citizenship, pickupLocation: app.pickupLocation,
    }, app.decidedBy ?? 'system'));
  } catch {
    return false;
  }
  await deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    await tx.update(applications).set({ cardDocumentNumber: documentNumber, cardOrderedAt: now, updatedAt: now }).where(eq(applications.id, app.id));
    await recordChange(tx, deps.clock, { applicationId: app.id, actor: 'system', type: 'card_ordered', detail: { documentNumber } });
    const [location] = await tx.select({ name: pickupLocations.name }).from(pickupLocations).where(eq(pickupLocations.code, app.pickupLocation));
    await enqueueMail(tx, {
      to: app.email,
      ...applicantMail('card_ordered', app.locale as Locale, { name: app.givenNames, reference: app.reference, location: location?.name ?? app.pickupLocation }),
      locale: app.locale,
      idempotencyKey: `application:${app.id}:card_ordered`,
    }, now);
  });
  return true;
}

/** Orders every card still missing for an approved application; run periodically by the app. */
export async function retryCardOrders(deps: AuthorityDeps): Promise<number> {
  const waiting = await deps.db.select({ id: applications.id }).from(applications)
    .where(and(eq(applications.status, 'approved'), isNull(applications.cardDocumentNumber))).limit(100);
  let ordered = 0;
  for (const { id } of waiting) if (await orderCard(deps, id)) ordered++;
  return ordered;
}
