// SPDX-License-Identifier: Apache-2.0
import { and, eq, isNull } from 'drizzle-orm';
import { enqueueMail } from '@tessera/platform';
import { applicantMail } from '../domain/application/applicant-mail.ts';
import type { AuthorityDeps } from './authority-deps.ts';
import { recordChange } from './record-change.ts';
import { applications, pickupLocations } from './schema.ts';

/**
 * Orders the card of an approved application from the card issuer. Called after the approval
 * commits and again by a periodic retry, so a card issuer that is down delays the card but never
 * loses it. The issuer's order is idempotent by reference, so a crash between its answer and our
 * record is healed by the retry. Returns whether it ordered one; a failure is thrown, so the
 * periodic retry logs and counts it instead of retrying it silently forever.
 */
export async function orderCard(deps: AuthorityDeps, applicationId: string): Promise<boolean> {
  if (!deps.cards) return false;
  const [app] = await deps.db.select().from(applications)
    .where(and(eq(applications.id, applicationId), eq(applications.status, 'approved'), isNull(applications.cardDocumentNumber)));
  if (!app) return false;
  const { documentNumber } = await deps.cards.order({
    reference: app.reference, givenNames: app.givenNames, surname: app.surname, dateOfBirth: app.dateOfBirth,
    sex: app.sex, citizenship: app.citizenship, pickupLocation: app.pickupLocation,
  }, app.decidedBy ?? 'system');
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    // A concurrent retry may have recorded it already: then this answer (the same card) is not news.
    const recorded = await tx.update(applications).set({ cardDocumentNumber: documentNumber, cardOrderedAt: now, updatedAt: now })
      .where(and(eq(applications.id, app.id), isNull(applications.cardDocumentNumber))).returning({ id: applications.id });
    if (recorded.length === 0) return false;
    await recordChange(tx, deps.clock, { applicationId: app.id, actor: 'system', type: 'card_ordered', detail: { documentNumber } });
    const [location] = await tx.select({ name: pickupLocations.name }).from(pickupLocations).where(eq(pickupLocations.code, app.pickupLocation));
    await enqueueMail(tx, {
      to: app.email,
      ...applicantMail('card_ordered', app.locale, { name: app.givenNames, reference: app.reference, location: location?.name ?? app.pickupLocation }),
      locale: app.locale,
      idempotencyKey: `application:${app.id}:card_ordered`,
    }, now);
    return true;
  });
}

/** Orders every card still missing for an approved application; run periodically by the app. */
export async function retryCardOrders(deps: AuthorityDeps): Promise<number> {
  const waiting = await deps.db.select({ id: applications.id }).from(applications)
    .where(and(eq(applications.status, 'approved'), isNull(applications.cardDocumentNumber))).limit(100);
  let ordered = 0;
  const failures: unknown[] = [];
  for (const { id } of waiting) {
    // One application's refusal must not hold up the others; all failures are reported at the end.
    try {
      if (await orderCard(deps, id)) ordered++;
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length > 0) throw new AggregateError(failures, `${failures.length} card order(s) failed`);
  return ordered;
}
