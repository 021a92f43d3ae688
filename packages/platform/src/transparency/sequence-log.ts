// SPDX-License-Identifier: Apache-2.0
import { expectRow } from '../storage/expect-row.ts';
import { and, asc, desc, gte, lt, sql } from 'drizzle-orm';
import type { Database } from '../storage/database.ts';
import type { Clock } from '../time/clock.ts';
import { MerkleTree } from './merkle.ts';
import { logEntries, logHead, treeHeads } from './schema.ts';
import { LogInconsistent } from '../errors/platform-errors.ts';
import { storeTreeHead, type LogSigningKey, type SignedTreeHead } from './tree-head.ts';

/**
 * The log's promise (RFC 9162 §3, "maximum merge delay"): a signed tree head covers every
 * committed event at most this long after its transaction committed, while a sequencer runs.
 */
export const MAXIMUM_MERGE_DELAY_MS = 1000;

/** One advisory lock per log: whichever process holds it is the only one numbering entries. */
const SEQUENCER_LOCK = 0x7473_6c6f_6731n; // "tslog1"

/**
 * What a sequencer keeps between rounds: the tree, so a round hashes only its new leaves, and
 * the latest head it knows of. Either may be stale when another process sequenced meanwhile;
 * the round then reloads what it lacks.
 */
export interface TreeCache {
  tree: MerkleTree | null;
  signed?: { size: number; at: number } | undefined;
}

export interface SequenceOptions {
  clock: Clock;
  /** Signs a tree head when one is due; without it entries are numbered but not signed. */
  key?: LogSigningKey;
  cache?: TreeCache;
  /** Most entries numbered in one round. */
  batchSize?: number;
  /** A new head is signed once the latest one is this old (or `signNow`). */
  signIntervalMs?: number;
  signNow?: boolean;
  /** Wait for another sequencer's round to end instead of skipping this one. */
  wait?: boolean;
}

export interface SequenceResult {
  /** False when another process held the sequencer lock and this round did nothing. */
  ran: boolean;
  sequenced: number;
  size: number;
  signed: SignedTreeHead | null;
  /** Size covered by the latest signed head after this round. */
  signedSize: number;
}

/**
 * One sequencer round. Under the log's advisory lock, one statement gives the committed pending
 * entries the next indexes in arrival order and moves the head (a rolled-back transaction's rows
 * are never visible, so they leave no gap); then the tree is extended and, when due, a tree head
 * over the committed numbering is signed. Business transactions never wait for any of it: they
 * only insert pending rows.
 */
export async function sequenceLog(db: Database, options: SequenceOptions): Promise<SequenceResult> {
  const cache = options.cache ?? { tree: null };
  let numbered: { before: number; leaves: { index: number; hash: Buffer }[] };
  try {
    const outcome = await db.transaction(async (tx) => {
      const locked = options.wait
        ? (await tx.execute(sql`select pg_advisory_xact_lock(${SEQUENCER_LOCK})`), true)
        : expectRow(rowsOf<{ ok: boolean }>(await tx.execute(sql`select pg_try_advisory_xact_lock(${SEQUENCER_LOCK}) as ok`))).ok;
      // Numbering in a later statement than the lock: its snapshot then sees the previous
      // holder's last round.
      return locked ? await numberPending(tx, options.batchSize ?? 10_000) : null;
    });
    if (!outcome) return { ran: false, sequenced: 0, size: cache.tree?.size ?? 0, signed: null, signedSize: cache.signed?.size ?? 0 };
    numbered = outcome;
  } catch (error) {
    cache.tree = null;
    throw error;
  }
  const tree = await syncTree(db, cache, numbered.before);
  for (const leaf of numbered.leaves) tree.push(leaf.hash);
  const size = tree.size;
  let signed: SignedTreeHead | null = null;
  if (options.key) {
    cache.signed ??= await latestSigned(db);
    const now = options.clock.now().getTime();
    const due = cache.signed.size < 0 || options.signNow || now - cache.signed.at >= (options.signIntervalMs ?? 0);
    if (due && cache.signed.size < size) {
      // Signed outside the numbering transaction: the entries it covers are committed, and a
      // head of another process at the same size is kept (the insert does nothing).
      signed = await storeTreeHead(db, options.key, options.clock, size, tree.hash());
      cache.signed = { size, at: now };
    }
  }
  return { ran: true, sequenced: numbered.leaves.length, size, signed, signedSize: cache.signed?.size ?? 0 };
}

/**
 * Numbers up to `limit` committed pending entries after the head, in id order, and moves the
 * head, in one statement; returns the head before and the numbered leaves in index order.
 */
async function numberPending(tx: Database, limit: number) {
  const rows = rowsOf<{ before: string | number; index: string | number | null; leaf_hash: Uint8Array | null }>(await tx.execute(sql`
    with head as (select size from ${logHead} where id = 1),
    batch as (
      select e.id, (select size from head) - 1 + row_number() over (order by e.id) as position
      from ${logEntries} e where e."index" is null order by e.id limit ${limit}
    ),
    numbered as (
      update ${logEntries} e set "index" = batch.position from batch where e.id = batch.id
      returning e."index", e.leaf_hash
    ),
    moved as (
      update ${logHead} set size = size + (select count(*) from numbered) where id = 1 and exists (select 1 from numbered)
    )
    select head.size as before, numbered."index", numbered.leaf_hash from head left join numbered on true`));
  const [head] = rows;
  if (!head) throw new LogInconsistent('The log has no head row.');
  const leaves = rows.filter((r) => r.index !== null).map((r) => ({ index: Number(r.index), hash: Buffer.from(r.leaf_hash!) })).sort((a, b) => a.index - b.index);
  return { before: Number(head.before), leaves };
}

/** Brings the cached tree to `size` numbered entries, loading only the leaves it lacks. */
async function syncTree(db: Database, cache: TreeCache, size: number): Promise<MerkleTree> {
  if (!cache.tree || cache.tree.size > size) cache.tree = new MerkleTree();
  const from = cache.tree.size;
  if (from < size) {
    const rows = await db.select({ h: logEntries.leafHash }).from(logEntries)
      .where(and(gte(logEntries.index, from), lt(logEntries.index, size))).orderBy(asc(logEntries.index));
    if (rows.length !== size - from) {
      cache.tree = null;
      throw new LogInconsistent(`The log's head says ${size} entries but ${from + rows.length} are numbered.`);
    }
    for (const r of rows) cache.tree.push(r.h);
  }
  return cache.tree;
}

async function latestSigned(db: Database): Promise<{ size: number; at: number }> {
  const [latest] = await db.select({ size: treeHeads.size, timestamp: treeHeads.timestamp }).from(treeHeads).orderBy(desc(treeHeads.size)).limit(1);
  return latest ? { size: latest.size, at: latest.timestamp.getTime() } : { size: -1, at: 0 };
}

/** Raw query results: node-postgres and PGlite both answer with `{ rows }`. */
function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}
