// SPDX-License-Identifier: Apache-2.0
import { bigserial, index, integer, pgSchema, text, timestamp } from 'drizzle-orm/pg-core';

/** The sandbox provider's own books; it shares the database file only for convenience of the demo. */
export const paymentSandbox = pgSchema('payment_sandbox');

export const payments = paymentSandbox.table('payments', {
  id: text('id').primaryKey(),
  /** The merchant's API key identity and its Idempotency-Key: a retried create returns the same payment. */
  idempotencyKey: text('idempotency_key').notNull().unique(),
  reference: text('reference').notNull(),
  amountMinor: integer('amount_minor').notNull(),
  currency: text('currency').notNull(),
  description: text('description').notNull(),
  returnUrl: text('return_url').notNull(),
  webhookUrl: text('webhook_url').notNull(),
  status: text('status', { enum: ['open', 'succeeded', 'failed', 'cancelled', 'refunded'] }).notNull(),
  /** Last four digits only; a provider never keeps the full number where merchants can see it. */
  cardLast4: text('card_last4'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

export const refunds = paymentSandbox.table('refunds', {
  id: text('id').primaryKey(),
  idempotencyKey: text('idempotency_key').notNull().unique(),
  paymentId: text('payment_id').notNull().references(() => payments.id),
  amountMinor: integer('amount_minor').notNull(),
  reason: text('reason').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

/** Webhooks waiting to be delivered or retried; a provider delivers at least once. */
export const webhooks = paymentSandbox.table('webhooks', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  url: text('url').notNull(),
  body: text('body').notNull(),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
  deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  lastError: text('last_error'),
}, (t) => [index('webhooks_due_idx').on(t.deliveredAt, t.nextAttemptAt)]);
