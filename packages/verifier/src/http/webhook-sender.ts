// SPDX-License-Identifier: Apache-2.0
import { createHmac } from 'node:crypto';
import type { Clock } from '@tessera/platform';
import type { ResponseOutcome } from '../store/receive-response.ts';

/**
 * `Tessera-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`: the relying
 * party recomputes it over the raw body with its webhook secret and rejects old timestamps, so
 * a forged or replayed notification is refused on their side.
 */
export function webhookSignature(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
}

export interface WebhookTarget {
  url: string;
  secret: string;
}

/**
 * Tells a relying party's system about an outcome: POSTs the result (the claims asked for, or
 * the refusal code) as JSON, signed, retrying with back-off a few times. Delivery is best
 * effort after the commit: the result stays readable at GET /api/verifier/requests/:id.
 */
export function webhookSender(deps: { clock: Clock; fetch: typeof fetch; onError(error: unknown): void; retryDelaysMs?: number[] }) {
  const delays = deps.retryDelaysMs ?? [1000, 5000, 30000];
  return async (target: WebhookTarget, outcome: ResponseOutcome): Promise<boolean> => {
    const body = JSON.stringify(outcome.status === 'verified'
      ? { type: 'presentation.verified', request_id: outcome.requestId, answers: outcome.answers }
      : { type: 'presentation.refused', request_id: outcome.requestId, refusal: outcome.refusal, message: outcome.message });
    for (let attempt = 0; ; attempt++) {
      try {
        const response = await deps.fetch(target.url, { method: 'POST', headers: { 'content-type': 'application/json', 'tessera-signature': webhookSignature(target.secret, body, deps.clock.now()) }, body, signal: AbortSignal.timeout(10_000) });
        if (response.ok) return true;
        if (attempt >= delays.length) throw new Error(`webhook ${target.url} answered ${response.status}`);
      } catch (error) {
        if (attempt >= delays.length) {
          deps.onError(error);
          return false;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, delays[attempt]));
    }
  };
}
