// SPDX-License-Identifier: Apache-2.0
import { and, asc, eq, isNull, lte } from 'drizzle-orm';
import type { Database } from '../storage/database.ts';
import type { Clock } from '../time/clock.ts';
import { outbox } from './schema.ts';

export interface MailTransport {
  send(message: { to: string; subject: string; text: string; html?: string }): Promise<void>;
}

export interface DeliveryOptions {
  db: Database;
  transport: MailTransport;
  clock: Clock;
  batchSize?: number;
  /** After this many failed attempts a message is marked failed and left for an operator. */
  maxAttempts?: number;
  /** Ends a round after the message in hand: a stopping process does not start another send. */
  signal?: AbortSignal;
}

/** Backoff after the n-th failure: 30 s, 1 min, 2 min … capped at one hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(30_000 * 2 ** (attempts - 1), 3_600_000);
}

/** How long a claimed message is left to its sender before another process may try it. */
export const CLAIM_LEASE_MS = 5 * 60_000;

/**
 * Sends the messages that are due, with no transaction open while SMTP talks: each message is
 * claimed in a short transaction (`FOR UPDATE SKIP LOCKED`, so several processes never take the
 * same one; the claim counts the attempt and pushes its next attempt out by a lease), committed,
 * sent, and its outcome recorded in another short transaction. A process that dies mid-send
 * leaves the message to be retried when the lease ends: delivery is at least once.
 */
export async function deliverPendingMail(o: DeliveryOptions): Promise<{ sent: number; failed: number }> {
  const maxAttempts = o.maxAttempts ?? 8;
  let sent = 0;
  let failed = 0;
  for (let i = 0; i < (o.batchSize ?? 20) && !o.signal?.aborted; i++) {
    const message = await claimNext(o.db, o.clock.now());
    if (!message) break;
    try {
      await o.transport.send({ to: message.to, subject: message.subject, text: message.text, ...(message.html ? { html: message.html } : {}) });
    } catch (error) {
      const now = o.clock.now();
      const giveUp = message.attempts >= maxAttempts;
      await o.db.update(outbox).set({
        lastError: describe(error),
        nextAttemptAt: new Date(now.getTime() + retryDelayMs(message.attempts)),
        ...(giveUp ? { failedAt: now } : {}),
      }).where(and(eq(outbox.id, message.id), isNull(outbox.sentAt)));
      failed++;
      continue;
    }
    // Once sent, the body is the recipient's alone: it may hold a private link (the status
    // token), so the outbox keeps only that the message went, not what it said.
    await o.db.update(outbox).set({ sentAt: o.clock.now(), lastError: null, text: '', html: null }).where(eq(outbox.id, message.id));
    sent++;
  }
  return { sent, failed };
}

/** Takes the next due message for this process; returns it with the attempt it is on. */
async function claimNext(db: Database, now: Date) {
  return db.transaction(async (tx) => {
    const [message] = await tx.select().from(outbox)
      .where(and(isNull(outbox.sentAt), isNull(outbox.failedAt), lte(outbox.nextAttemptAt, now)))
      .orderBy(asc(outbox.nextAttemptAt)).limit(1).for('update', { skipLocked: true });
    if (!message) return null;
    const attempts = message.attempts + 1;
    await tx.update(outbox).set({ attempts, nextAttemptAt: new Date(now.getTime() + CLAIM_LEASE_MS) }).where(eq(outbox.id, message.id));
    return { ...message, attempts };
  });
}

/** Delivers on an interval until the returned function is called. */
export function startMailDelivery(o: DeliveryOptions & { intervalMs?: number; onError?: (error: unknown) => void }): () => Promise<void> {
  let running: Promise<void> | null = null;
  const stopping = new AbortController();
  const timer = setInterval(() => {
    running ??= deliverPendingMail({ ...o, signal: stopping.signal }).then(() => undefined, (error: unknown) => o.onError?.(error)).finally(() => {
      running = null;
    });
  }, o.intervalMs ?? 2000);
  timer.unref();
  // Stopping waits for the message in hand, so storage closed next is not pulled from under it.
  return async () => {
    clearInterval(timer);
    stopping.abort();
    await running;
  };
}

/** An SMTP reply code and error class, never the message text (it may echo addresses). */
function describe(error: unknown): string {
  const e = error as { responseCode?: number; code?: string; name?: string };
  return [e.name ?? 'Error', e.code, e.responseCode].filter(Boolean).join(' ');
}
