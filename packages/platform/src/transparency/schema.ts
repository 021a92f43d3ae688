// SPDX-License-Identifier: Apache-2.0
import { bigint, integer, pgSchema, text, timestamp } from 'drizzle-orm/pg-core';
import { bytea } from '../storage/bytea.ts';

export const platformLog = pgSchema('platform_log');

/** The log's leaves: the canonical JSON of each event exactly as hashed, and its leaf hash. */
export const logEntries = platformLog.table('entries', {
  index: bigint('index', { mode: 'number' }).primaryKey(),
  leaf: text('leaf').notNull(),
  leafHash: bytea('leaf_hash').notNull(),
  context: text('context').notNull(),
  type: text('type').notNull(),
  subject: text('subject').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull(),
});

/** One row holding the log's size; appends lock it, so indexes have no gaps or duplicates. */
export const logHead = platformLog.table('head', {
  id: integer('id').primaryKey(),
  size: bigint('size', { mode: 'number' }).notNull(),
});

/** Signed tree heads: the root over the first `size` leaves, signed as a JWS by the log key. */
export const treeHeads = platformLog.table('tree_heads', {
  size: bigint('size', { mode: 'number' }).primaryKey(),
  rootHash: bytea('root_hash').notNull(),
  timestamp: timestamp('timestamp', { withTimezone: true }).notNull(),
  signature: text('signature').notNull(),
});
