// SPDX-License-Identifier: Apache-2.0
import { index, integer, pgSchema, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const platformMail = pgSchema('platform_mail');

/**
 * The outbox: mail written in the same transaction as the change it reports, delivered by a
 * loop afterwards. `lastError` holds the SMTP reply code and class only, never addresses.
 */
export const outbox = platformMail.table('outbox', {
  id: uuid('id').primaryKey().defaultRandom(),
  to: text('to').notNull(),
  subject: text('subject').notNull(),
  text: text('text').notNull(),
  html: text('html'),
  locale: text('locale').notNull(),
  idempotencyKey: text('idempotency_key').unique(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
  sentAt: timestamp('sent_at', { withTimezone: true }),
  failedAt: timestamp('failed_at', { withTimezone: true }),
  lastError: text('last_error'),
}, (t) => [index('outbox_due_idx').on(t.sentAt, t.failedAt, t.nextAttemptAt)]);
