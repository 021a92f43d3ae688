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
}

/**
 * Puts a message in the outbox inside the caller's transaction; it is sent only if the change
 * commits. A second message with the same idempotency key is ignored.
 */
export async function enqueueMail(db: Database, message: MailMessage, now: Date): Promise<void> {
  await db.insert(outbox).values({
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html ?? null,
    locale: message.locale,
    idempotencyKey: message.idempotencyKey ?? null,
    createdAt: now,
    nextAttemptAt: now,
  }).onConflictDoNothing({ target: outbox.idempotencyKey });
}
