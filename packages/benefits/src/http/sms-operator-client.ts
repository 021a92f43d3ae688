// SPDX-License-Identifier: Apache-2.0
import { NotificationUndeliverable, NotificationDeliveryFailed } from '../benefits-errors.ts';
import type { SmsOperator } from '../store/notification-ports.ts';

/**
 * The SMS operator's HTTP intake: `POST <url>` with `{ to, text, reference }` as JSON, a bearer
 * token, and `Idempotency-Key: <reference>` so a retried request sends one SMS. 2xx is sent; a
 * 4xx other than 408 and 429 is a refusal for good (a number that cannot receive SMS); anything
 * else, or no answer within the timeout, is retried later.
 */
export function smsOperatorClient(o: { url: string; token: string; timeoutMs?: number; fetch?: typeof fetch }): SmsOperator {
  const send = o.fetch ?? fetch;
  return {
    async send(m) {
      const response = await send(o.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${o.token}`, 'idempotency-key': m.reference },
        body: JSON.stringify({ to: m.to, text: m.text, reference: m.reference }),
        signal: AbortSignal.timeout(o.timeoutMs ?? 10_000),
      });
      await response.body?.cancel();
      if (response.ok) return;
      if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) throw new NotificationUndeliverable(`The SMS operator refused the message (${response.status}).`);
      throw new NotificationDeliveryFailed('SMS operator', response.status);
    },
  };
}
