// SPDX-License-Identifier: Apache-2.0
import type { Database } from '../storage/database.ts';
import { outbox } from './schema.ts';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  locale: string;
  /** A retried step enqueues the same mail once: e.g. `application:<id>:approved`. */
  idempotencyKey?: string;
  /** Held until then (the recipient's quiet hours); sent at once when absent. */
  notBefore?: Date;
}

/**
 * Puts a message in the outbox inside the caller's transaction; it is sent only if the change
 * commits. A second message with the same idempotency key is ignored.
 */
export async function enqueueMail(db: Database, message: MailMessage, now: Date): Promise<void> {
  await enqueueMails(db, [message], now);
}

/** Rows per INSERT: bounds one statement's parameters (eight a message). */
const CHUNK = 1000;

/**
 * Many messages in the caller's transaction with one INSERT per thousand: for batch steps that
 * tell many people at once (an import). Same rules as `enqueueMail`.
 */
export async function enqueueMails(db: Database, messages: readonly MailMessage[], now: Date): Promise<void> {
  for (let start = 0; start < messages.length; start += CHUNK) {
    await db.insert(outbox).values(messages.slice(start, start + CHUNK).map((message) => ({
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html ?? null,
      locale: message.locale,
      idempotencyKey: message.idempotencyKey ?? null,
      createdAt: now,
      nextAttemptAt: message.notBefore && message.notBefore > now ? message.notBefore : now,
    }))).onConflictDoNothing({ target: outbox.idempotencyKey });
  }
}
