// SPDX-License-Identifier: Apache-2.0
import { eq } from 'drizzle-orm';
import { InvalidTransition, NotFound } from '@tessera/platform';
import type { AuthorityDeps } from './authority-deps.ts';
import { recordChange } from './record-change.ts';
import { applications, payments, type ApplicationRow } from './schema.ts';
import type { PaymentRequest } from '../payment/payment-port.ts';
import { hashToken } from './submit-application.ts';

/**
 * Opens a payment for the state fee at the provider and returns where to send the applicant.
 * The provider is called outside any transaction; a retry after a failure gets a new payment
 * because the key includes the application's last change.
 */
export async function startPayment(deps: AuthorityDeps, statusToken: string): Promise<{ redirectUrl: string }> {
  const [app] = await deps.db.select().from(applications).where(eq(applications.statusTokenHash, hashToken(statusToken)));
  if (!app) throw new NotFound('No application was found for this link.');
  if (app.status !== 'awaiting_payment' || app.paymentStatus === 'succeeded') throw new InvalidTransition('application', app.status, 'pay for');
  const payment = await deps.payments.createPayment(paymentRequestFor(deps, app));
  await deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    // An earlier payment still pending stays on record: if it is taken after all, it is refunded.
    await tx.insert(payments).values({ paymentId: payment.paymentId, applicationId: app.id, amountMinor: app.feeMinor, currency: app.currency, status: 'pending', createdAt: now, updatedAt: now })
      .onConflictDoNothing();
    await tx.update(applications).set({ paymentId: payment.paymentId, paymentStatus: 'pending', updatedAt: now }).where(eq(applications.id, app.id));
    await recordChange(tx, deps.clock, { applicationId: app.id, actor: 'applicant', type: 'payment_started', detail: { paymentId: payment.paymentId } });
  });
  return { redirectUrl: payment.redirectUrl };
}

/**
 * The payment of an application's state fee as the provider is asked to open it. The provider
 * never sees the private token: it sends the applicant back to a page that finds the status
 * link in the applicant's own browser (see the portal's payment return).
 */
export function paymentRequestFor(deps: Pick<AuthorityDeps, 'publicUrl' | 'webhookUrl'>, app: Pick<ApplicationRow, 'id' | 'reference' | 'feeMinor' | 'currency' | 'updatedAt'>): PaymentRequest {
  return {
    reference: app.reference,
    amountMinor: app.feeMinor,
    currency: app.currency,
    description: `e-Residency state fee, application ${app.reference}`,
    returnUrl: new URL('/applications/payment-return', deps.publicUrl).toString(),
    webhookUrl: deps.webhookUrl,
    idempotencyKey: `application:${app.id}:${app.updatedAt.getTime()}`,
  };
}
