// SPDX-License-Identifier: Apache-2.0
import { and, eq, ne, or } from 'drizzle-orm';
import { enqueueMail, type Locale, type MailMessage } from '@tessera/platform';
import { nextStatus } from '../domain/application/application-status.ts';
import { applicantMail } from '../domain/application/applicant-mail.ts';
import { runChecks, type ExistingApplication } from '../domain/checks/index.ts';
import type { PaymentEvent } from '../payment/payment-port.ts';
import type { AuthorityDeps } from './authority-deps.ts';
import { recordChange, type ApplicationChange } from './record-change.ts';
import { applications, checkResults, type ApplicationRow } from './schema.ts';
import { checkInputOf } from './submit-application.ts';

/**
 * Applies a verified payment-provider event. Payment received: the application is submitted,
 * the automated checks run and their results are stored, and it goes to the officers' queue.
 * Providers deliver webhooks at least once, so a repeated event changes nothing.
 */
export async function recordPaymentEvent(deps: AuthorityDeps, event: PaymentEvent): Promise<{ applied: boolean }> {
  return deps.db.transaction(async (tx) => {
    const [app] = await tx.select().from(applications).where(eq(applications.paymentId, event.paymentId)).for('update');
    if (!app) return { applied: false };
    const now = deps.clock.now();
    switch (event.type) {
      case 'payment.succeeded': {
        if (app.status !== 'awaiting_payment' || event.amountMinor !== app.feeMinor || event.currency !== app.currency) return { applied: false };
        const others = await tx.select({ nameKey: applications.nameKey, documentKey: applications.documentKey, reference: applications.reference })
          .from(applications)
          .where(and(ne(applications.id, app.id), ne(applications.status, 'withdrawn'), or(eq(applications.nameKey, app.nameKey), eq(applications.documentKey, app.documentKey))));
        const paid = paidApplicationRows(deps, app, others, now);
        await tx.insert(checkResults).values(paid.checkResults);
        await tx.update(applications).set(paid.update).where(eq(applications.id, app.id));
        await recordChange(tx, deps.clock, paid.change);
        await enqueueMail(tx, paid.mail);
        return { applied: true };
      }
      case 'payment.failed':
      case 'payment.cancelled': {
        if (app.status !== 'awaiting_payment' || app.paymentStatus !== 'pending') return { applied: false };
        const paymentStatus = event.type === 'payment.failed' ? 'failed' : 'cancelled';
        await tx.update(applications).set({ paymentStatus, updatedAt: now }).where(eq(applications.id, app.id));
        await recordChange(tx, deps.clock, { applicationId: app.id, actor: 'payment-provider', type: `payment_${paymentStatus}` });
        return { applied: true };
      }
      case 'refund.succeeded': {
        if (app.paymentStatus === 'refunded') return { applied: false };
        await tx.update(applications).set({ paymentStatus: 'refunded', updatedAt: now }).where(eq(applications.id, app.id));
        await recordChange(tx, deps.clock, { applicationId: app.id, actor: 'payment-provider', type: 'refunded', detail: { amountMinor: event.amountMinor } });
        return { applied: true };
      }
    }
    return { applied: false };
  });
}

type PaidApplication = Pick<ApplicationRow, 'id' | 'status' | 'email' | 'givenNames' | 'reference' | 'locale'> & Parameters<typeof checkInputOf>[0];

/**
 * What the fee's payment does to an application: the automated checks run against the other
 * applications with the same name or document (`others`), their results, the move to the
 * officers' queue, its history entry and the applicant's e-mail. For `recordPaymentEvent` and
 * for imports of many applications at once.
 */
export function paidApplicationRows(deps: Pick<AuthorityDeps, 'sanctionsList' | 'publicUrl'>, app: PaidApplication, others: ExistingApplication[], now: Date) {
  const to = nextStatus('awaiting_payment', 'pay');
  const results = runChecks(checkInputOf(app), { existing: others, sanctionsList: deps.sanctionsList(), today: now });
  const flagged = results.some((r) => r.outcome === 'flag');
  return {
    checkResults: results.map((r) => ({ applicationId: app.id, check: r.check, outcome: r.outcome, reasons: r.reasons, checkedAt: now })),
    update: { status: to, paymentStatus: 'succeeded' as const, flagged, submittedAt: now, updatedAt: now },
    change: {
      applicationId: app.id,
      actor: 'payment-provider',
      type: 'submitted',
      fromStatus: app.status,
      toStatus: to,
      detail: { flagged, checks: Object.fromEntries(results.map((r) => [r.check, r.outcome])) },
    } satisfies ApplicationChange,
    mail: {
      to: app.email,
      ...applicantMail('submitted', app.locale as Locale, { name: app.givenNames, reference: app.reference, link: new URL('/applications/status', deps.publicUrl).toString() }),
      locale: app.locale,
      idempotencyKey: `application:${app.id}:submitted`,
    } satisfies MailMessage,
  };
}
