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
}

/** Backoff after the n-th failure: 30 s, 1 min, 2 min … capped at one hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(30_000 * 2 ** (attempts - 1), 3_600_000);
}

/**
 * Sends the messages that are due. Each is claimed with `FOR UPDATE SKIP LOCKED`, so several
 * processes can deliver side by side without sending anything twice.
 */
export async function deliverPendingMail(o: DeliveryOptions): Promise<{ sent: number; failed: number }> {
  const maxAttempts = o.maxAttempts ?? 8;
  let sent = 0;
  let failed = 0;
  for (let i = 0; i < (o.batchSize ?? 20); i++) {
    const outcome = await o.db.transaction(async (tx) => {
      const now = o.clock.now();
      const [message] = await tx.select().from(outbox)
        .where(and(isNull(outbox.sentAt), isNull(outbox.failedAt), lte(outbox.nextAttemptAt, now)))
        .orderBy(asc(outbox.nextAttemptAt)).limit(1).for('update', { skipLocked: true });
      if (!message) return 'idle' as const;
      try {
        await o.transport.send({ to: message.to, subject: message.subject, text: message.text, ...(message.html ? { html: message.html } : {}) });
        // Once sent, the body is the recipient's alone: it may hold a private link (the status
        // token), so the outbox keeps only that the message went, not what it said.
        await tx.update(outbox).set({ sentAt: now, attempts: message.attempts + 1, lastError: null, text: '', html: null }).where(eq(outbox.id, message.id));
        return 'sent' as const;
      } catch (error) {
        const attempts = message.attempts + 1;
        const giveUp = attempts >= maxAttempts;
        await tx.update(outbox).set({
          attempts,
          lastError: describe(error),
          nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts)),
          ...(giveUp ? { failedAt: now } : {}),
        }).where(eq(outbox.id, message.id));
        return 'failed' as const;
      }
    });
    if (outcome === 'idle') break;
    if (outcome === 'sent') sent++;
    else failed++;
  }
  return { sent, failed };
}

/** Delivers on an interval until the returned function is called. */
export function startMailDelivery(o: DeliveryOptions & { intervalMs?: number; onError?: (error: unknown) => void }): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    deliverPendingMail(o).catch((error: unknown) => o.onError?.(error)).finally(() => {
      running = false;
    });
  }, o.intervalMs ?? 2000);
  timer.unref();
  return () => clearInterval(timer);
}

/** An SMTP reply code and error class, never the message text (it may echo addresses). */
function describe(error: unknown): string {
  const e = error as { responseCode?: number; code?: string; name?: string };
  return [e.name ?? 'Error', e.code, e.responseCode].filter(Boolean).join(' ');
}
