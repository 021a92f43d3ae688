// SPDX-License-Identifier: Apache-2.0
import { and, eq } from 'drizzle-orm';
import type { AuthorityDeps } from './authority-deps.ts';
import { recordChange } from './record-change.ts';
import { applications } from './schema.ts';

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
      await recordChange(tx, deps.clock, { applicationId: app.id, actor: 'system', type: 'refund_requested', detail: { refundId: refund.refundId } });
    });
    return true;
  } catch {
    return false;
  }
}

/** Retries every refund still pending; run periodically by the app. */
export async function retryPendingRefunds(deps: AuthorityDeps): Promise<number> {
  const pending = await deps.db.select({ id: applications.id }).from(applications).where(eq(applications.paymentStatus, 'refund_pending'));
  let sent = 0;
  for (const { id } of pending) if (await issueRefund(deps, id)) sent++;
  return sent;
}
