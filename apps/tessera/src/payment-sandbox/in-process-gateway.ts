// SPDX-License-Identifier: Apache-2.0
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { PaymentEvent, PaymentGateway, PaymentRequest } from '@tessera/authority';
import type { Clock, Database } from '@tessera/platform';
import { completePayment, createPayment, recordPaidPayments, refundPayment } from './sandbox-payments.ts';
import { webhooks } from './schema.ts';

export interface InProcessSandbox extends PaymentGateway {
  /** Pays with the succeeding test card, as the payer on the hosted page would, and delivers the webhook. */
  payAsApplicant(redirectUrl: string): Promise<void>;
  /** Hands every queued webhook to the merchant, as the provider does after the merchant's call returned. */
  deliverWebhooks(): Promise<void>;
  /** Payments made and their webhooks delivered, in bulk: the merchant records them itself (`importApplications`). */
  recordPaidFees(requests: PaymentRequest[]): Promise<string[]>;
}

/**
 * The sandbox provider reached by function call inside the caller's transaction instead of over
 * HTTP: for loading the demo world in one transaction. The provider's books get the same rows as
 * through its API, and each webhook it queues is handed to `receive` (the merchant's webhook
 * handler) at once and marked delivered, so nothing is sent again after the commit.
 */
export function inProcessSandbox(o: { db: Database; clock: Clock; publicUrl: string; receive: (event: PaymentEvent) => Promise<unknown> }): InProcessSandbox {
  const deliver = async () => {
    const due = await o.db.select().from(webhooks).where(isNull(webhooks.deliveredAt)).orderBy(asc(webhooks.id));
    for (const w of due) {
      await o.receive(JSON.parse(w.body) as PaymentEvent);
      await o.db.update(webhooks).set({ attempts: w.attempts + 1, deliveredAt: o.clock.now() }).where(and(eq(webhooks.id, w.id), isNull(webhooks.deliveredAt)));
    }
  };
  return {
    async createPayment({ idempotencyKey, ...request }) {
      const payment = await createPayment(o.db, o.clock, idempotencyKey, request);
      return { paymentId: payment.id, redirectUrl: new URL(`/pay/${payment.id}`, o.publicUrl).toString() };
    },
    async refund({ idempotencyKey, paymentId, amountMinor, reason }) {
      // Its webhook waits for deliverWebhooks(): a provider answers the call before the event arrives.
      return refundPayment(o.db, o.clock, idempotencyKey, paymentId, { amountMinor, reason });
    },
    async payAsApplicant(redirectUrl) {
      await completePayment(o.db, o.clock, new URL(redirectUrl).pathname.split('/').pop()!, { cardNumber: '4242 4242 4242 4242' });
      await deliver();
    },
    deliverWebhooks: deliver,
    recordPaidFees: (requests) => recordPaidPayments(o.db, o.clock, requests),
  };
}
