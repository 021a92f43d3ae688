// SPDX-License-Identifier: Apache-2.0
import { randomInt, randomUUID } from 'node:crypto';
import { and, asc, eq, lt } from 'drizzle-orm';
import { enqueueMail, isLocale, isUniqueViolation } from '@tessera/platform';
import { ApplicationExists, ConsentRequired, OfferNotEligible, OfferNotFound } from '../benefits-errors.ts';
import { applicationMail } from '../domain/proactive/offer-mail.ts';
import { recordBenefitEvent, type BenefitsDeps } from './benefits-deps.ts';
import { applications, offers, people } from './schema.ts';

/**
 * One-step application from an offer: the application is prefilled from the offer (programme,
 * beneficiary, period, the amount the rules found) and recorded with its log event; it is sent
 * to the agency over the exchange after the commit (`sendPendingApplications`).
 */
export async function applyForOffer(deps: Pick<BenefitsDeps, 'db' | 'clock'> & Partial<Pick<BenefitsDeps, 'programmes' | 'certificates'>>, o: { subject: string; offerId: string }): Promise<{ id: string; reference: string; status: 'awaiting-certificate' | 'pending' }> {
  try {
    return await deps.db.transaction(async (tx) => {
      const [person] = await tx.select().from(people).where(eq(people.subject, o.subject)).for('update');
      if (!person?.tier) throw new ConsentRequired('Opt in to proactive benefits before applying.');
      const [offer] = await tx.select().from(offers).where(and(eq(offers.id, o.offerId), eq(offers.personId, person.id)));
      if (!offer) throw new OfferNotFound('There is no such offer for you.');
      if (offer.status !== 'eligible') throw new OfferNotEligible('This programme is not (or not yet) found eligible for you.');
      const now = deps.clock.now();
      const application = {
        id: randomUUID(),
        reference: `BA-${now.getUTCFullYear()}-${String(randomInt(0, 1_000_000)).padStart(6, '0')}`,
        personId: person.id, offerId: offer.id, programme: offer.programme, beneficiary: offer.beneficiary,
        prefilled: { period: offer.period, amount: offer.amount, explanation: offer.explanation },
        // A programme whose agency asks for the household register waits for it from the wallet, when the service has a verifier.
        status: deps.certificates && deps.programmes?.find((p) => p.id === offer.programme)?.evidence?.includes('household-register') ? 'awaiting-certificate' as const : 'pending' as const,
        createdAt: now,
      };
      await tx.insert(applications).values(application);
      await recordBenefitEvent(tx, deps.clock, { type: 'application.submitted', subject: application.id, actor: 'person', data: { programme: offer.programme, person: person.id, status: application.status } });
      return { id: application.id, reference: application.reference, status: application.status };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ApplicationExists('You have already applied for this.');
    throw error;
  }
}

/**
 * Sends recorded applications to the agencies over the exchange, one at a time: claim under a
 * row lock, commit, send, then record the agency's reference with the confirmation mail. A
 * failed send stays pending and is retried on the next run.
 */
export async function sendPendingApplications(deps: BenefitsDeps, o: { max?: number } = {}): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  const skip = new Set<string>();
  for (let n = 0; n < (o.max ?? 50); n++) {
    const claimed = await deps.db.transaction(async (tx) => {
      const rows = await tx.select().from(applications)
        .where(and(eq(applications.status, 'pending'), lt(applications.attempts, 20))).orderBy(asc(applications.createdAt)).limit(skip.size + 1).for('update', { skipLocked: true });
      const a = rows.find((r) => !skip.has(r.id));
      if (!a) return null;
      await tx.update(applications).set({ attempts: a.attempts + 1 }).where(eq(applications.id, a.id));
      const [person] = await tx.select({ subject: people.subject }).from(people).where(eq(people.id, a.personId));
      return { a, subject: person!.subject };
    });
    if (!claimed) break;
    const { a, subject } = claimed;
    let agencyReference: string;
    try {
      const prefilled = { ...(a.prefilled as Record<string, unknown>), ...(a.certificate ? { householdRegisterCertificate: a.certificate } : {}) };
      ({ agencyReference } = await deps.intake.submit({ reference: a.reference, programme: a.programme, applicant: subject, beneficiary: a.beneficiary, prefilled }));
    } catch {
      failed++;
      skip.add(a.id);
      continue;
    }
    await deps.db.transaction(async (tx) => {
      const [person] = await tx.select().from(people).where(eq(people.id, a.personId));
      await tx.update(applications).set({ status: 'sent', agencyReference, sentAt: deps.clock.now() }).where(and(eq(applications.id, a.id), eq(applications.status, 'pending')));
      await recordBenefitEvent(tx, deps.clock, { type: 'application.sent', subject: a.id, actor: 'benefits', data: { programme: a.programme } });
      const programme = deps.programmes.find((p) => p.id === a.programme);
      if (person?.email && programme) {
        const locale = isLocale(person.locale) ? person.locale : 'en';
        await enqueueMail(tx, { to: person.email, ...applicationMail(locale, { reference: a.reference, programme, agencyReference }), locale, idempotencyKey: `benefits:application:${a.id}:sent` }, deps.clock.now());
      }
    });
    sent++;
  }
  return { sent, failed };
}
