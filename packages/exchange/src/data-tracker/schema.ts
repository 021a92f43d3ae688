// SPDX-License-Identifier: Apache-2.0
import { bigserial, index, pgSchema, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/** The data tracker: every message that carried someone's personal data, as each gateway saw it. */
export const tracker = pgSchema('exchange_tracker');

export const dataAccess = tracker.table('data_access', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  /** Which gateway recorded it; both the client's and the provider's gateway do. */
  gateway: text('gateway').notNull(),
  side: text('side', { enum: ['client', 'provider'] }).notNull(),
  messageId: text('message_id').notNull(),
  /** The person the data is about: an identification code with country prefix (EE38001085718). */
  subject: text('subject').notNull(),
  client: text('client').notNull(),
  service: text('service').notNull(),
  purpose: text('purpose').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull(),
}, (t) => [uniqueIndex('data_access_gateway_message_key').on(t.gateway, t.messageId), index('data_access_subject_idx').on(t.subject, t.at)]);
