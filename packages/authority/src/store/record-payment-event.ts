// SPDX-License-Identifier: Apache-2.0
import { and, eq, ne, or } from 'drizzle-orm';
import { appendEvent, enqueueMail, type Database, type MailMessage } from '@tessera/platform';
import { nextStatus } from '../domain/application/application-status.ts';
import { applicantMail } from '../domain/application/applicant-mail.ts';
import { runChecks, type ExistingApplication } from '../domain/checks/index.ts';
import type { PaymentEvent } from '../payment/payment-port.ts';
import type { AuthorityDeps } from './authority-deps.ts';
import { recordChange, type ApplicationChange } from './record-change.ts';
import { applications, checkResults, payments, type ApplicationRow } from './schema.ts';

type PaymentRow = typeof payments.$inferSelect;
import { checkInputOf } from './submit-application.ts';

/**
 * Applies a verified payment-provider event. Payment received: the application is submitted,
 * the automated checks run and their results are stored, and it goes to the officers' queue.
 * Providers deliver webhooks at least once, so a repeated event changes nothing. Every payment
 * taken is kept: one that is not the fee of an application awaiting it (a second payment, a late
 * one, a wrong amount, one we never opened) is recorded as due back and refunded by the retry job.
 */
export async function recordPaymentEvent(deps: AuthorityDeps, event: PaymentEvent): Promise<{ applied: boolean }> {
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const [payment] = await tx.select().from(payments).where(eq(payments.paymentId, event.paymentId)).for('update');
    if (!payment) {
      // Money we never asked for is still money taken: keep it on record and give it back.
      if (event.type !== 'payment.succeeded') return { applied: false };
      await tx.insert(payments).values({ paymentId: event.paymentId, applicationId: null, amountMinor: event.amountMinor, currency: event.currency, status: 'refund_pending', refundReason: 'unmatched', createdAt: now, updatedAt: now });
      await appendEvent(tx, { context: 'authority', type: 'payment.unmatched', subject: event.paymentId, actor: 'payment-provider', at: now, data: { amountMinor: event.amountMinor, currency: event.currency } });
      return { applied: true };
    }
    const [app] = payment.applicationId ? await tx.select().from(applications).where(eq(applications.id, payment.applicationId)).for('update') : [];
    if (!app) return settlePaymentOnly(tx, payment, event, now);
    const current = app.paymentId === payment.paymentId;
    switch (event.type) {
      case 'payment.succeeded': {
        if (payment.status !== 'pending' && payment.status !== 'failed' && payment.status !== 'cancelled') return { applied: false };
        const alreadyPaid = app.submittedAt !== null || app.paymentStatus === 'succeeded';
        const refundReason = alreadyPaid ? 'duplicate'
          : app.status !== 'awaiting_payment' ? 'late'
          : event.amountMinor !== app.feeMinor || event.currency !== app.currency ? 'amount_mismatch'
          : null;
        if (refundReason) {
          // Taken, but not this application's fee (any more): recorded and due back, never dropped.
          await tx.update(payments).set({ status: 'refund_pending', refundReason, amountMinor: event.amountMinor, currency: event.currency, updatedAt: now }).where(eq(payments.paymentId, payment.paymentId));
          await recordChange(tx, deps.clock, { applicationId: app.id, actor: 'payment-provider', type: 'payment_refund_due', detail: { paymentId: payment.paymentId, reason: refundReason } });
          return { applied: true };
        }
        await tx.update(payments).set({ status: 'succeeded', updatedAt: now }).where(eq(payments.paymentId, payment.paymentId));
        const others = await tx.select({ nameKey: applications.nameKey, documentKey: applications.documentKey, reference: applications.reference })
          .from(applications)
          .where(and(ne(applications.id, app.id), ne(applications.status, 'withdrawn'), or(eq(applications.nameKey, app.nameKey), eq(applications.documentKey, app.documentKey))));
        const paid = paidApplicationRows(deps, app, others, now);
        await tx.insert(checkResults).values(paid.checkResults);
        // The fee is the payment that was taken, even if a later one was started meanwhile.
        await tx.update(applications).set({ ...paid.update, paymentId: payment.paymentId }).where(eq(applications.id, app.id));
        await recordChange(tx, deps.clock, paid.change);
        await enqueueMail(tx, paid.mail, now);
        return { applied: true };
      }
      case 'payment.failed':
      case 'payment.cancelled': {
        if (payment.status !== 'pending') return { applied: false };
        const paymentStatus = event.type === 'payment.failed' ? 'failed' : 'cancelled';
        await tx.update(payments).set({ status: paymentStatus, updatedAt: now }).where(eq(payments.paymentId, payment.paymentId));
        if (current && app.status === 'awaiting_payment' && app.paymentStatus === 'pending') {
          await tx.update(applications).set({ paymentStatus, updatedAt: now }).where(eq(applications.id, app.id));
        }
        await recordChange(tx, deps.clock, { applicationId: app.id, actor: 'payment-provider', type: `payment_${paymentStatus}`, detail: { paymentId: payment.paymentId } });
        return { applied: true };
      }
      case 'refund.succeeded': {
        if (payment.status === 'refunded') return { applied: false };
        await tx.update(payments).set({ status: 'refunded', updatedAt: now }).where(eq(payments.paymentId, payment.paymentId));
        if (current) await tx.update(applications).set({ paymentStatus: 'refunded', updatedAt: now }).where(eq(applications.id, app.id));
        await recordChange(tx, deps.clock, { applicationId: app.id, actor: 'payment-provider', type: 'refunded', detail: { paymentId: payment.paymentId, amountMinor: event.amountMinor } });
        return { applied: true };
      }
    }
    return { applied: false };
  });
}

/** An event about a payment that belongs to no application (an unmatched one): only its refund can follow. */
async function settlePaymentOnly(tx: Database, payment: PaymentRow, event: PaymentEvent, now: Date): Promise<{ applied: boolean }> {
  if (event.type !== 'refund.succeeded' || payment.status === 'refunded') return { applied: false };
  await tx.update(payments).set({ status: 'refunded', updatedAt: now }).where(eq(payments.paymentId, payment.paymentId));
  await appendEvent(tx, { context: 'authority', type: 'payment.refunded', subject: payment.paymentId, actor: 'payment-provider', at: now, data: { amountMinor: event.amountMinor } });
  return { applied: true };
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
      ...applicantMail('submitted', app.locale, { name: app.givenNames, reference: app.reference, link: new URL('/applications/status', deps.publicUrl).toString() }),
      locale: app.locale,
      idempotencyKey: `application:${app.id}:submitted`,
    } satisfies MailMessage,
  };
}
