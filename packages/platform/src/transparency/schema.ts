// SPDX-License-Identifier: Apache-2.0
import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, integer, pgSchema, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { bytea } from '../storage/bytea.ts';

export const platformLog = pgSchema('platform_log');

/**
 * The log's leaves: the canonical JSON of each event exactly as hashed, and its leaf hash. A
 * business transaction inserts its row with no `index` (pending, no lock shared with anyone);
 * the sequencer gives committed rows consecutive indexes afterwards (see sequence-log.ts).
 */
export const logEntries = platformLog.table('entries', {
  /** Arrival order, from a sequence: orders a transaction's own events; not the log position. */
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  /** Position in the Merkle tree; null until the sequencer has numbered the committed row. */
  index: bigint('index', { mode: 'number' }),
  leaf: text('leaf').notNull(),
  leafHash: bytea('leaf_hash').notNull(),
  context: text('context').notNull(),
  type: text('type').notNull(),
  subject: text('subject').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull(),
}, (t) => [
  uniqueIndex('entries_index_key').on(t.index).where(sql`${t.index} is not null`),
  index('entries_pending').on(t.id).where(sql`${t.index} is null`),
]);

/** One row holding the log's sequenced size; only the sequencer (under its advisory lock) writes it. */
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
