// SPDX-License-Identifier: Apache-2.0
import { createHmac, randomUUID } from 'node:crypto';
import { and, asc, eq, isNull, lte } from 'drizzle-orm';
import { retryDelayMs, TesseraError, type Clock, type Database } from '@tessera/platform';
import type { CredentialAnswer } from '../domain/dcql/match-vp-token.ts';
import { WebhookSecretMissing, type RefusalCode } from '../domain/verifier-errors.ts';
import { deliveryRounds } from './delivery-rounds.ts';
import { relyingParties, webhookDeliveries } from './schema.ts';

/** The header naming a delivery: the same on every retry, so the receiver acts on it once. */
export const DELIVERY_HEADER = 'tessera-delivery';

/**
 * `Tessera-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`: the relying
 * party recomputes it over the raw body with its webhook secret and rejects old timestamps, so
 * a forged or replayed notification is refused on their side.
 */
export function webhookSignature(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
}

export type WebhookEvent =
  | { status: 'verified'; requestId: string; answers: CredentialAnswer[] }
  | { status: 'refused'; requestId: string; refusal: RefusalCode; message: string };

/**
 * Writes the relying party's notification of an outcome into the outbox, inside the caller's
 * transaction: it exists exactly when the outcome committed. The body carries its delivery id
 * (signed with the rest), so the receiver de-duplicates on it; nothing when no webhook is registered.
 */
export async function queueWebhook(tx: Database, rp: { id: string; webhookUrl: string | null }, event: WebhookEvent, now: Date): Promise<string | null> {
  if (!rp.webhookUrl) return null;
  const id = randomUUID();
  const body = JSON.stringify(event.status === 'verified'
    ? { type: 'presentation.verified', delivery_id: id, request_id: event.requestId, answers: event.answers }
    : { type: 'presentation.refused', delivery_id: id, request_id: event.requestId, refusal: event.refusal, message: event.message });
  await tx.insert(webhookDeliveries).values({ id, relyingPartyId: rp.id, requestId: event.requestId, url: rp.webhookUrl, body, createdAt: now, nextAttemptAt: now });
  return id;
}

/** How long a claimed delivery is left to its sender before another process may try it. */
const CLAIM_LEASE_MS = 60_000;

export interface WebhookDeliveryOptions {
  db: Database;
  clock: Clock;
  fetch: typeof fetch;
  batchSize?: number;
  /** After this many failed attempts a delivery is marked failed (the result stays readable over the API). */
  maxAttempts?: number;
  /** Backoff after the n-th failure; the platform's (30 s doubling to an hour) unless given. */
  retryDelayMs?(attempts: number): number;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * Sends the webhooks that are due, never with a transaction open while the receiver is called:
 * each delivery is claimed in a short transaction (`FOR UPDATE SKIP LOCKED`; the claim counts
 * the attempt and leases it), committed, POSTed signed, and its outcome recorded in another.
 * Any answer but 2xx, or none, is retried with backoff. A process that dies mid-send leaves the
 * delivery to be retried when the lease ends: delivery is at least once, and the delivery id
 * (header and body) lets the receiver drop a repeat.
 */
export async function deliverWebhooks(o: WebhookDeliveryOptions): Promise<{ delivered: number; failed: number }> {
  const maxAttempts = o.maxAttempts ?? 10;
  const backoff = o.retryDelayMs ?? retryDelayMs;
  const report = { delivered: 0, failed: 0 };
  for (let i = 0; i < (o.batchSize ?? 20) && !o.signal?.aborted; i++) {
    const claimed = await o.db.transaction(async (tx) => {
      const now = o.clock.now();
      const [d] = await tx.select().from(webhookDeliveries)
        .where(and(isNull(webhookDeliveries.deliveredAt), isNull(webhookDeliveries.failedAt), lte(webhookDeliveries.nextAttemptAt, now)))
        .orderBy(asc(webhookDeliveries.nextAttemptAt)).limit(1).for('update', { skipLocked: true });
      if (!d) return null;
      // The secret as registered now (a rotated secret signs the retries).
      const [rp] = await tx.select({ secret: relyingParties.webhookSecret }).from(relyingParties).where(eq(relyingParties.id, d.relyingPartyId));
      const attempts = d.attempts + 1;
      await tx.update(webhookDeliveries).set({ attempts, nextAttemptAt: new Date(now.getTime() + CLAIM_LEASE_MS) }).where(eq(webhookDeliveries.id, d.id));
      return { ...d, attempts, secret: rp?.secret ?? null };
    });
    if (!claimed) break;
    let error: string | null = null;
    try {
      if (!claimed.secret) throw new WebhookSecretMissing();
      const response = await o.fetch(claimed.url, {
        method: 'POST', body: claimed.body, redirect: 'error', signal: AbortSignal.timeout(o.timeoutMs ?? 10_000),
        headers: { 'content-type': 'application/json', [DELIVERY_HEADER]: claimed.id, 'tessera-signature': webhookSignature(claimed.secret, claimed.body, o.clock.now()) },
      });
      await response.body?.cancel();
      if (!response.ok) error = `HTTP ${response.status}`;
    } catch (e) {
      // Our own error's code, else the error's class only: a receiver's message may echo anything.
      error = e instanceof TesseraError ? e.code : e instanceof Error ? e.name : 'Error';
    }
    const now = o.clock.now();
    if (error === null) {
      await o.db.update(webhookDeliveries).set({ deliveredAt: now, lastError: null }).where(eq(webhookDeliveries.id, claimed.id));
      report.delivered++;
    } else {
      await o.db.update(webhookDeliveries).set({ lastError: error, nextAttemptAt: new Date(now.getTime() + backoff(claimed.attempts)), ...(claimed.attempts >= maxAttempts ? { failedAt: now } : {}) })
        .where(and(eq(webhookDeliveries.id, claimed.id), isNull(webhookDeliveries.deliveredAt)));
      report.failed++;
    }
  }
  return report;
}

/** Delivers on an interval, and at once when nudged (after an outcome commits); see deliveryRounds. */
export function startWebhookDelivery(o: WebhookDeliveryOptions & { intervalMs?: number; onError(error: unknown): void }): { nudge(): void; stop(): Promise<void> } {
  return deliveryRounds((signal) => deliverWebhooks({ ...o, signal }), o);
}
