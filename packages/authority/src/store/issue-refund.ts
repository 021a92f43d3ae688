// SPDX-License-Identifier: Apache-2.0
import { and, eq } from 'drizzle-orm';
import { appendEvent } from '@tessera/platform';
import type { AuthorityDeps } from './authority-deps.ts';
import { recordChange } from './record-change.ts';
import { applications, payments } from './schema.ts';

/**
 * Asks the provider to refund the state fee of a rejected or withdrawn application. The request
 * is idempotent per application, so calling it again after a failure is safe; the refund is
 * recorded as done when the provider's signed `refund.succeeded` webhook arrives.
 * Returns false when the provider could not be reached (the refund stays pending for a retry).
 */
export async function issueRefund(deps: AuthorityDeps, applicationId: string): Promise<boolean> {
  const [app] = await deps.db.select().from(applications)
    .where(and(eq(applications.id, applicationId), eq(applications.paymentStatus, 'refund_pending')));
  if (!app || !app.paymentId) return false;
  try {
    const refund = await deps.payments.refund({
      paymentId: app.paymentId,
      amountMinor: app.feeMinor,
      reason: app.status === 'withdrawn' ? 'withdrawn' : 'rejected',
      idempotencyKey: `refund:${app.id}`,
    });
    await deps.db.transaction(async (tx) => {
      await tx.update(applications).set({ paymentStatus: 'refund_requested', updatedAt: deps.clock.now() }).where(eq(applications.id, app.id));
      await tx.update(payments).set({ status: 'refund_requested', updatedAt: deps.clock.now() }).where(eq(payments.paymentId, app.paymentId!));
      await recordChange(tx, deps.clock, { applicationId: app.id, actor: 'system', type: 'refund_requested', detail: { refundId: refund.refundId } });
    });
    return true;
  } catch {
    return false;
  }
}

/**
 * Gives back a payment that was taken but is no application's fee (a second or late payment, a
 * wrong amount, one we never opened). Idempotent per payment; false when the provider could not
 * be reached, so the retry job tries again.
 */
export async function refundPayment(deps: AuthorityDeps, paymentId: string): Promise<boolean> {
  const [payment] = await deps.db.select().from(payments).where(and(eq(payments.paymentId, paymentId), eq(payments.status, 'refund_pending')));
  if (!payment) return false;
  let refundId: string;
  try {
    ({ refundId } = await deps.payments.refund({ paymentId, amountMinor: payment.amountMinor, reason: payment.refundReason ?? 'duplicate', idempotencyKey: `refund:payment:${paymentId}` }));
  } catch {
    return false;
  }
  await deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    await tx.update(payments).set({ status: 'refund_requested', updatedAt: now }).where(eq(payments.paymentId, paymentId));
    const detail = { paymentId, refundId, reason: payment.refundReason };
    if (payment.applicationId) await recordChange(tx, deps.clock, { applicationId: payment.applicationId, actor: 'system', type: 'payment_refund_requested', detail });
    else await appendEvent(tx, { context: 'authority', type: 'payment.refund_requested', subject: paymentId, actor: 'system', at: now, data: detail });
  });
  return true;
}

/** Retries every refund still pending, of applications and of payments due back; run periodically by the app. */
export async function retryPendingRefunds(deps: AuthorityDeps): Promise<number> {
  const pending = await deps.db.select({ id: applications.id }).from(applications).where(eq(applications.paymentStatus, 'refund_pending'));
  let sent = 0;
  for (const { id } of pending) if (await issueRefund(deps, id)) sent++;
  const due = await deps.db.select({ paymentId: payments.paymentId }).from(payments).where(eq(payments.status, 'refund_pending'));
  for (const { paymentId } of due) if (await refundPayment(deps, paymentId)) sent++;
  return sent;
}
