// SPDX-License-Identifier: Apache-2.0
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { enqueueMails } from '@tessera/platform';
import { applicantMail } from '../domain/application/applicant-mail.ts';
import type { AuthorityDeps } from './authority-deps.ts';
import { recordChanges } from './record-change.ts';
import { applications, pickupLocations } from './schema.ts';

/**
 * Orders the card of an approved application from the card issuer. Called after the approval
 * commits and again by a periodic retry, so a card issuer that is down delays the card but never
 * loses it. Returns whether it ordered one; a failure is thrown, so the periodic retry logs and
 * counts it instead of retrying it silently forever.
 */
export async function orderCard(deps: AuthorityDeps, applicationId: string): Promise<boolean> {
  return (await orderCards(deps, [applicationId])) === 1;
}

/**
 * Orders the cards of many approved applications at once: the issuer personalises each
 * deciding officer's as one run, and their records, history and mails commit in one transaction.
 * The issuer's order is idempotent by reference, so a crash between its answer and our record is
 * healed by a retry. Applications not approved, or whose card is recorded already, are passed
 * over. Returns how many it recorded.
 */
export async function orderCards(deps: AuthorityDeps, applicationIds: readonly string[]): Promise<number> {
  if (!deps.cards || applicationIds.length === 0) return 0;
  const waiting = await deps.db.select().from(applications)
    .where(and(inArray(applications.id, [...applicationIds]), eq(applications.status, 'approved'), isNull(applications.cardDocumentNumber)));
  const byOfficer = Map.groupBy(waiting, (app) => app.decidedBy ?? 'system');
  const numbers = new Map<string, string>();
  for (const [actor, apps] of byOfficer) {
    const answers = await deps.cards.order(apps.map((app) => ({
      reference: app.reference, givenNames: app.givenNames, surname: app.surname, dateOfBirth: app.dateOfBirth,
      sex: app.sex, citizenship: app.citizenship, pickupLocation: app.pickupLocation,
    })), actor);
    for (const answer of answers) numbers.set(answer.reference, answer.documentNumber);
  }
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const recorded = [];
    for (const app of waiting) {
      const documentNumber = numbers.get(app.reference)!;
      // A concurrent retry may have recorded it already: then this answer (the same card) is not news.
      const updated = await tx.update(applications).set({ cardDocumentNumber: documentNumber, cardOrderedAt: now, updatedAt: now })
        .where(and(eq(applications.id, app.id), isNull(applications.cardDocumentNumber))).returning({ id: applications.id });
      if (updated.length > 0) recorded.push({ app, documentNumber });
    }
    if (recorded.length === 0) return 0;
    await recordChanges(tx, deps.clock, recorded.map(({ app, documentNumber }) => ({ applicationId: app.id, actor: 'system', type: 'card_ordered', detail: { documentNumber } })));
    const codes = [...new Set(recorded.map(({ app }) => app.pickupLocation))];
    const names = new Map((await tx.select({ code: pickupLocations.code, name: pickupLocations.name }).from(pickupLocations).where(inArray(pickupLocations.code, codes))).map((l) => [l.code, l.name]));
    await enqueueMails(tx, recorded.map(({ app }) => ({
      to: app.email,
      ...applicantMail('card_ordered', app.locale, { name: app.givenNames, reference: app.reference, location: names.get(app.pickupLocation) ?? app.pickupLocation }),
      locale: app.locale,
      idempotencyKey: `application:${app.id}:card_ordered`,
    })), now);
    return recorded.length;
  });
}

/**
 * Orders every card still missing for an approved application; run periodically by the app. All
 * of them as one order first; when the issuer refuses it, one by one, so that one application's
 * refusal does not hold up the others. The failures are reported at the end.
 */
export async function retryCardOrders(deps: AuthorityDeps): Promise<number> {
  const waiting = (await deps.db.select({ id: applications.id }).from(applications)
    .where(and(eq(applications.status, 'approved'), isNull(applications.cardDocumentNumber))).limit(100)).map((w) => w.id);
  try {
    return await orderCards(deps, waiting);
  } catch {
    // Which of them the issuer refuses is found by ordering them one by one below.
  }
  let ordered = 0;
  const failures: unknown[] = [];
  for (const id of waiting) {
    try {
      if (await orderCard(deps, id)) ordered++;
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length > 0) throw new AggregateError(failures, `${failures.length} card order(s) failed`);
  return ordered;
}
