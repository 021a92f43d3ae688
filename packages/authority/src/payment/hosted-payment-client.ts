// SPDX-License-Identifier: Apache-2.0
import { PaymentProviderUnavailable } from '../domain/authority-errors.ts';
import type { PaymentGateway } from './payment-port.ts';

export interface HostedPaymentOptions {
  /** The provider's API root, e.g. https://pay.example/. */
  baseUrl: string;
  apiKey: string;
  fetch: typeof fetch;
  timeoutMs?: number;
}

/**
 * Client of a hosted payment page provider's REST API (the shape Stripe, Adyen and EveryPay
 * share): create a payment, send the payer to its page, learn the outcome from a signed
 * webhook. Every call carries an Idempotency-Key so a retry never charges or refunds twice.
 */
export function hostedPaymentGateway(o: HostedPaymentOptions): PaymentGateway {
  const call = async <T>(path: string, idempotencyKey: string, body: unknown): Promise<T> => {
    let response: Response;
    try {
      response = await o.fetch(new URL(path, o.baseUrl), {
        method: 'POST',
        headers: { authorization: `Bearer ${o.apiKey}`, 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(o.timeoutMs ?? 10_000),
      });
    } catch (cause) {
      throw new PaymentProviderUnavailable('The payment provider could not be reached.', { cause });
    }
    if (!response.ok) throw new PaymentProviderUnavailable(`The payment provider answered ${response.status}.`);
    return (await response.json()) as T;
  };
  return {
    createPayment: ({ idempotencyKey, ...payment }) => call('/v1/payments', idempotencyKey, payment),
    refund: ({ idempotencyKey, paymentId, ...refund }) => call(`/v1/payments/${encodeURIComponent(paymentId)}/refunds`, idempotencyKey, refund),
  };
}
