// SPDX-License-Identifier: Apache-2.0
import { createHmac, timingSafeEqual } from 'node:crypto';
import { PaymentWebhookRejected } from '../domain/authority-errors.ts';

/** What the authority asks of a payment provider; the provider itself is outside the state's systems. */
/** A hosted payment as the merchant opens it. */
export interface PaymentRequest {
  reference: string;
  amountMinor: number;
  currency: string;
  description: string;
  returnUrl: string;
  webhookUrl: string;
  idempotencyKey: string;
}

/**
 * Why the authority gives a fee back, as a code the provider keeps with the refund: the
 * application was withdrawn or rejected, or the payment was a duplicate, late, matched no
 * application or had the wrong amount.
 */
export const REFUND_REASONS = ['withdrawn', 'rejected', 'duplicate', 'late', 'unmatched', 'amount_mismatch'] as const;
export type RefundReason = (typeof REFUND_REASONS)[number];

export interface PaymentGateway {
  /** Opens a hosted payment; the applicant is sent to `redirectUrl` and comes back to `returnUrl`. */
  createPayment(request: PaymentRequest): Promise<{ paymentId: string; redirectUrl: string }>;
  refund(request: { paymentId: string; amountMinor: number; reason: RefundReason; idempotencyKey: string }): Promise<{ refundId: string; status: 'pending' | 'succeeded' }>;
}

export const PAYMENT_EVENT_TYPES = ['payment.succeeded', 'payment.failed', 'payment.cancelled', 'refund.succeeded'] as const;

/** A provider event, trusted only after its signature is verified. */
export interface PaymentEvent {
  type: (typeof PAYMENT_EVENT_TYPES)[number];
  paymentId: string;
  reference: string;
  amountMinor: number;
  currency: string;
}

/**
 * The signature header, in the scheme hosted-payment providers use (Stripe's
 * `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`): the timestamp bounds replay, the
 * HMAC covers the exact bytes sent.
 */
export function signPaymentWebhook(rawBody: string, secret: string, now: Date): string {
  const t = Math.floor(now.getTime() / 1000);
  return `t=${t},v1=${hmac(secret, `${t}.${rawBody}`)}`;
}

export function verifyPaymentWebhook(o: { rawBody: string; signatureHeader: string; secret: string; now: Date; toleranceSeconds: number }): PaymentEvent {
  const parts = new Map(o.signatureHeader.split(',').map((p) => p.trim().split('=', 2) as [string, string]));
  const t = Number(parts.get('t'));
  const given = parts.get('v1') ?? '';
  if (!Number.isInteger(t) || !/^[0-9a-f]{64}$/.test(given)) throw new PaymentWebhookRejected('The Tessera-Pay-Signature header is missing or malformed.');
  if (Math.abs(o.now.getTime() / 1000 - t) > o.toleranceSeconds) throw new PaymentWebhookRejected('The webhook timestamp is outside the allowed window.');
  const expected = Buffer.from(hmac(o.secret, `${t}.${o.rawBody}`), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(given, 'hex'))) throw new PaymentWebhookRejected('The webhook signature does not match.');
  return parseEvent(o.rawBody);
}

function parseEvent(rawBody: string): PaymentEvent {
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch {
    throw new PaymentWebhookRejected('The webhook body is not JSON.');
  }
  const e = body as Partial<PaymentEvent>;
  const valid = typeof e === 'object' && e !== null
    && PAYMENT_EVENT_TYPES.includes(e.type as PaymentEvent['type'])
    && typeof e.paymentId === 'string' && typeof e.reference === 'string'
    && Number.isSafeInteger(e.amountMinor) && typeof e.currency === 'string';
  if (!valid) throw new PaymentWebhookRejected('The webhook body is not a payment event.');
  return { type: e.type!, paymentId: e.paymentId!, reference: e.reference!, amountMinor: e.amountMinor!, currency: e.currency! };
}

const hmac = (secret: string, data: string) => createHmac('sha256', secret).update(data).digest('hex');
