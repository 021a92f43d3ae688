// SPDX-License-Identifier: Apache-2.0
import { and, asc, eq, isNull, lte } from 'drizzle-orm';
import { signPaymentWebhook } from '@tessera/authority';
import type { Clock, Database } from '@tessera/platform';
import { webhooks } from './schema.ts';

export interface WebhookDeliveryOptions {
  db: Database;
  clock: Clock;
  secret: string;
  fetch: typeof fetch;
}

const MAX_ATTEMPTS = 12;

/**
 * Sends due webhooks, each signed over its exact bytes; a failure is retried with exponential
 * backoff (30 s, 1 min, 2 min … capped at 1 h), as providers do. Returns how many were delivered.
 */
export async function deliverWebhooks(o: WebhookDeliveryOptions): Promise<number> {
  const due = await o.db.select().from(webhooks)
    .where(and(isNull(webhooks.deliveredAt), lte(webhooks.nextAttemptAt, o.clock.now()), lte(webhooks.attempts, MAX_ATTEMPTS - 1)))
    .orderBy(asc(webhooks.id)).limit(50);
  let delivered = 0;
  for (const w of due) {
    let error: string | null = null;
    try {
      const response = await o.fetch(w.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'tessera-pay-signature': signPaymentWebhook(w.body, o.secret, o.clock.now()) },
        body: w.body,
        signal: AbortSignal.timeout(10_000),
      });
      if (!response.ok) error = `HTTP ${response.status}`;
    } catch (e) {
      error = (e as Error).message;
    }
    const now = o.clock.now();
    const attempts = w.attempts + 1;
    await o.db.update(webhooks).set(error === null
      ? { attempts, deliveredAt: now, lastError: null }
      : { attempts, lastError: error.slice(0, 500), nextAttemptAt: new Date(now.getTime() + Math.min(3_600_000, 30_000 * 2 ** (attempts - 1))) })
      .where(eq(webhooks.id, w.id));
    if (error === null) delivered++;
  }
  return delivered;
}
