// SPDX-License-Identifier: Apache-2.0
import { integer, pgSchema, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

export const platformHttp = pgSchema('platform_http');

/** Responses remembered per Idempotency-Key so a retried request gets the first answer. */
export const idempotencyKeys = platformHttp.table('idempotency_keys', {
  scope: text('scope').notNull(),
  key: text('key').notNull(),
  fingerprint: text('fingerprint').notNull(),
  status: integer('status'),
  contentType: text('content_type'),
  body: text('body'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  completedAt: timestamp('completed_at', { withTimezone: true }),
}, (t) => [primaryKey({ columns: [t.scope, t.key] })]);

/**
 * Rate-limit counters shared by every process of a part, one fixed window per key (route and
 * client address), so that two processes behind a load balancer do not each allow the limit.
 */
export const rateLimits = platformHttp.table('rate_limits', {
  key: text('key').primaryKey(),
  count: integer('count').notNull(),
  windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
});
