// SPDX-License-Identifier: Apache-2.0
import { and, eq, ne, or } from 'drizzle-orm';
import { enqueueMail, type Locale } from '@tessera/platform';
import { nextStatus } from '../domain/application/application-status.ts';
import { applicantMail } from '../domain/application/applicant-mail.ts';
import { runChecks } from '../domain/checks/index.ts';
import type { PaymentEvent } from '../payment/payment-port.ts';
import type { AuthorityDeps } from './authority-deps.ts';
import { recordChange } from './record-change.ts';
import { applications, checkResults } from './schema.ts';
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
        const to = nextStatus('awaiting_payment', 'pay');
        const others = await tx.select({ nameKey: applications.nameKey, documentKey: applications.documentKey, reference: applications.reference })
          .from(applications)
          .where(and(ne(applications.id, app.id), ne(applications.status, 'withdrawn'), or(eq(applications.nameKey, app.nameKey), eq(applications.documentKey, app.documentKey))));
        const results = runChecks(checkInputOf(app), {
          existing: others.map((o) => ({ nameKey: o.nameKey, documentKey: o.documentKey, reference: o.reference })),
          sanctionsList: deps.sanctionsList(),
          today: now,
        });
        const flagged = results.some((r) => r.outcome === 'flag');
        await tx.insert(checkResults).values(results.map((r) => ({ applicationId: app.id, check: r.check, outcome: r.outcome, reasons: r.reasons, checkedAt: now })));
        await tx.update(applications).set({ status: to, paymentStatus: 'succeeded', flagged, submittedAt: now, updatedAt: now }).where(eq(applications.id, app.id));
        await recordChange(tx, deps.clock, {
          applicationId: app.id,
          actor: 'payment-provider',
          type: 'submitted',
          fromStatus: app.status,
          toStatus: to,
          detail: { flagged, checks: Object.fromEntries(results.map((r) => [r.check, r.outcome])) },
        });
        await enqueueMail(tx, {
          to: app.email,
          ...applicantMail('submitted', app.locale as Locale, { name: app.givenNames, reference: app.reference, link: new URL('/applications/status', deps.publicUrl).toString() }),
          locale: app.locale,
          idempotencyKey: `application:${app.id}:submitted`,
        }, now);
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
