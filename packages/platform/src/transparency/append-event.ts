// SPDX-License-Identifier: Apache-2.0
import type { Database } from '../storage/database.ts';
import { canonicalJson } from './canonical-json.ts';
import { leafHash } from './merkle.ts';
import { runFixedStatement } from '../storage/fixed-statement.ts';

/**
 * One state change, as it is published. `data` holds ids, codes and statuses only — never
 * names, addresses or other personal data — because the log is meant to be public.
 */
export interface LogEvent {
  context: string;
  type: string;
  subject: string;
  actor: string;
  at: Date;
  data?: Record<string, unknown>;
}

/**
 * What the log promises for an appended event (RFC 9162 §3's promise-then-merge, unsigned):
 * the leaf hash it will carry, and that once the caller's transaction commits, a signed tree
 * head covers it within the log's maximum merge delay (`MAXIMUM_MERGE_DELAY_MS`).
 */
export interface LogReceipt {
  /** Hex SHA-256 leaf hash (RFC 9162 §2.1.1) of the event's canonical JSON. */
  leafHash: string;
}

/**
 * Appends an event inside the caller's transaction with one INSERT and no shared lock: the row
 * is durable exactly when the change commits and vanishes with a rollback. The sequencer
 * numbers it once committed, so indexes never have gaps (see sequence-log.ts).
 */
export async function appendEvent(db: Database, event: LogEvent): Promise<LogReceipt> {
  const leaf = leafOf(event);
  const hash = leafHash(Buffer.from(leaf, 'utf8'));
  // Every state change runs this statement: the cheapest path each driver has (fixed-statement.ts).
  await runFixedStatement(db, APPEND, [leaf, hash, event.context, event.type, event.subject, event.at.toISOString()]);
  return { leafHash: hash.toString('hex') };
}

const APPEND = {
  name: 'tessera_log_append',
  text: 'insert into platform_log.entries (leaf, leaf_hash, context, type, subject, at) values ($1, $2, $3, $4, $5, $6)',
};

/**
 * The entry exactly as the log holds and hashes it (its leaf, RFC 9162 §2.1.1): what a party
 * that reports an action to another organisation sends with it, so that one can check the
 * entry says what the report says and later ask for its inclusion proof.
 */
export const logEntryText = (e: LogEvent): string => canonicalJson({ ...e, at: e.at.toISOString(), data: e.data ?? {} });
const leafOf = logEntryText;

/** Rows per INSERT: bounds one statement's size for very large batches. */
const CHUNK = 5000;

/**
 * The events as one JSON array, unpacked in order: one value whatever the batch size, so it is a
 * fixed statement (prepared once per connection on a server, one literal on PGlite's simple
 * protocol), and the sequence takes ids in the events' order, which orders them in the tree.
 */
const APPEND_MANY = {
  name: 'tessera_log_append_many',
  text: `insert into platform_log.entries (leaf, leaf_hash, context, type, subject, at)
    select leaf, decode(hash, 'hex'), context, type, subject, at
    from rows from (json_to_recordset($1::json) as (leaf text, hash text, context text, type text, subject text, at timestamptz)) with ordinality as e(leaf, hash, context, type, subject, at, n)
    order by n`,
};

/**
 * Appends many events in the caller's transaction, in order, with one INSERT per five thousand
 * events: for imports and batch jobs that change many things at once.
 */
export async function appendEvents(db: Database, events: readonly LogEvent[]): Promise<LogReceipt[]> {
  const receipts: LogReceipt[] = [];
  for (let start = 0; start < events.length; start += CHUNK) {
    const rows = events.slice(start, start + CHUNK).map((e) => {
      const leaf = leafOf(e);
      const hash = leafHash(Buffer.from(leaf, 'utf8')).toString('hex');
      receipts.push({ leafHash: hash });
      return { leaf, hash, context: e.context, type: e.type, subject: e.subject, at: e.at.toISOString() };
    });
    await runFixedStatement(db, APPEND_MANY, [JSON.stringify(rows)]);
  }
  return receipts;
}
