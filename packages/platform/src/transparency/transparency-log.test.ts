// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { asc, eq, isNotNull, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { generateKeyPair } from 'jose';
import { openTestStorage } from '../storage/test-storage.ts';
import type { Storage } from '../storage/database.ts';
import { ManualClock } from '../time/clock.ts';
import { appendEvent, appendEvents, type LogReceipt } from './append-event.ts';
import { startLogSequencer } from './log-sequencer.ts';
import { leafHash, treeHash, verifyConsistency, verifyInclusion } from './merkle.ts';
import { logEntries } from './schema.ts';
import { MAXIMUM_MERGE_DELAY_MS, sequenceLog } from './sequence-log.ts';
import { signTreeHead } from './sign-tree-head.ts';
import { latestTreeHead, leafHashes, proveConsistency, proveInclusion } from './tree-head.ts';
import { verifyLog } from './verify-log.ts';
import { transparencyMigrations } from './index.ts';

let storage: Storage;
let key: { privateKey: CryptoKey; publicKey: CryptoKey };
const clock = new ManualClock('2026-11-24T10:00:00Z');
const event = (n: number) => ({ context: 'test', type: 'thing.changed', subject: `thing-${n}`, actor: 'tester', at: clock.now(), data: { n } });
const signingKey = () => ({ privateKey: key.privateKey, kid: 'log-1' });
const rowsOf = (result: unknown) => (result as { rows: Record<string, unknown>[] }).rows;
const sequencedIndexes = async () => (await storage.db.select({ index: logEntries.index }).from(logEntries).where(isNotNull(logEntries.index)).orderBy(asc(logEntries.index))).map((r) => r.index);

before(async () => {
  storage = await openTestStorage();
  await storage.migrate(transparencyMigrations);
  key = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
});
after(() => storage.close());

test('an append writes only its own new row: one insert, no read or write of any shared row, no lock', async () => {
  // Per-table counters of this transaction's work; PGlite may carry earlier work in them, so compare before and after.
  const counters = async (db: Storage['db']) => new Map(rowsOf(await db.execute(sql`
    select relname, n_tup_ins + 0 as ins, n_tup_upd + n_tup_del + 0 as changed, coalesce(seq_scan, 0) + coalesce(idx_scan, 0) as reads
    from pg_stat_xact_user_tables where schemaname = 'platform_log'`)).map((r) => [String(r.relname), [Number(r.ins), Number(r.changed), Number(r.reads)].join('/')] as const));
  await storage.db.transaction(async (tx) => {
    const before = await counters(tx);
    await appendEvent(tx, event(-1));
    const after = await counters(tx);
    const changed = [...after].filter(([table, c]) => before.get(table) !== c).map(([table, c]) => {
      const [ins, upd, reads] = c.split('/').map(Number);
      const [ins0, upd0, reads0] = (before.get(table) ?? '0/0/0').split('/').map(Number);
      return { table, inserted: ins! - ins0!, changed: upd! - upd0!, reads: reads! - reads0! };
    });
    assert.deepEqual(changed, [{ table: 'entries', inserted: 1, changed: 0, reads: 0 }]);
    const advisory = rowsOf(await tx.execute(sql`select 1 from pg_locks where pid = pg_backend_pid() and locktype = 'advisory'`));
    assert.equal(advisory.length, 0);
  });
});

test('concurrent transactions that commit or roll back leave consecutive indexes and every committed event, once', async () => {
  const cache = { tree: null };
  let run = 0;
  await fc.assert(fc.asyncProperty(fc.array(fc.record({ events: fc.integer({ min: 1, max: 4 }), commit: fc.boolean() }), { minLength: 1, maxLength: 12 }), async (plan) => {
    run++;
    const committed: LogReceipt[] = [];
    const rolledBack: LogReceipt[] = [];
    let sequencing = Promise.resolve();
    await Promise.all(plan.map(async (tx, t) => {
      const receipts: LogReceipt[] = [];
      await storage.db.transaction(async (db) => {
        for (let i = 0; i < tx.events; i++) receipts.push(await appendEvent(db, event(100_000 * run + t * 10 + i)));
        if (!tx.commit) throw new Error('the change failed');
      }).then(() => committed.push(...receipts), () => rolledBack.push(...receipts));
      // The sequencer runs while other transactions are still open.
      sequencing = sequencing.then(() => sequenceLog(storage.db, { clock, cache }).then(() => undefined));
    }));
    await sequencing;
    await sequenceLog(storage.db, { clock, cache });
    const indexes = await sequencedIndexes();
    assert.deepEqual(indexes, indexes.map((_, i) => i), 'no gap, no duplicate');
    const inTree = new Set((await leafHashes(storage.db)).map((h) => h.toString('hex')));
    const stored = new Set((await storage.db.select({ h: logEntries.leafHash }).from(logEntries)).map((r) => r.h.toString('hex')));
    for (const r of committed) assert.ok(inTree.has(r.leafHash), 'a committed event is in the tree');
    for (const r of rolledBack) assert.ok(!stored.has(r.leafHash), 'a rolled-back event left nothing');
    assert.equal(stored.size, inTree.size, 'nothing is left pending');
  }), { numRuns: 10 });
});

test('an append in a rolled-back transaction leaves no entry and takes no index', async () => {
  await signTreeHead(storage.db, signingKey(), clock);
  const before = (await leafHashes(storage.db)).length;
  await assert.rejects(storage.db.transaction(async (tx) => {
    await appendEvent(tx, event(999));
    throw new Error('the change failed');
  }));
  const next = await storage.db.transaction((tx) => appendEvent(tx, event(1000)));
  await sequenceLog(storage.db, { clock });
  const hashes = await leafHashes(storage.db);
  assert.equal(hashes.length, before + 1);
  assert.equal(hashes[before]!.toString('hex'), next.leafHash, 'the next append takes the index the rolled-back one would have had');
});

test('a batch appended in one transaction is numbered consecutively in the order given', async () => {
  await signTreeHead(storage.db, signingKey(), clock);
  const start = (await leafHashes(storage.db)).length;
  const events = Array.from({ length: 2500 }, (_, i) => event(5000 + i));
  const receipts = await storage.db.transaction((tx) => appendEvents(tx, events));
  const head = await signTreeHead(storage.db, signingKey(), clock);
  assert.equal(head.size, start + events.length);
  const hashes = (await leafHashes(storage.db)).slice(start).map((h) => h.toString('hex'));
  assert.deepEqual(hashes, receipts.map((r) => r.leafHash));
});

test('a signed tree head covers every committed event once the maximum merge delay has passed', async () => {
  const sequencer = startLogSequencer({ db: storage.db, key: signingKey(), clock, timers: false });
  try {
    await sequencer.tick();
    const head = await latestTreeHead(storage.db);
    const receipts = await Promise.all(Array.from({ length: 6 }, (_, i) => storage.db.transaction((tx) => appendEvent(tx, event(7000 + i)))));
    await sequencer.tick();
    assert.equal((await latestTreeHead(storage.db))!.size, head!.size, 'a head signed a moment ago is not re-signed at once');
    clock.advance(MAXIMUM_MERGE_DELAY_MS);
    await sequencer.tick();
    const covering = (await latestTreeHead(storage.db))!;
    assert.equal(covering.size, (await leafHashes(storage.db)).length);
    assert.equal((await verifyLog(storage.db, key.publicKey)).pending, 0);
    const hashes = await leafHashes(storage.db);
    for (const receipt of receipts) {
      const index = hashes.findIndex((h) => h.toString('hex') === receipt.leafHash);
      const proof = (await proveInclusion(storage.db, index, covering.size)).map((p) => Buffer.from(p, 'base64'));
      assert.ok(verifyInclusion(index, covering.size, hashes[index]!, proof, Buffer.from(covering.rootHash, 'base64')));
    }
  } finally {
    await sequencer.stop();
  }
});

test('two sequencers on one log (two processes) number each entry once', async () => {
  const a = startLogSequencer({ db: storage.db, key: signingKey(), clock, timers: false });
  const b = startLogSequencer({ db: storage.db, key: signingKey(), clock, timers: false });
  try {
    for (let round = 0; round < 5; round++) {
      await Promise.all([
        ...Array.from({ length: 4 }, (_, i) => storage.db.transaction((tx) => appendEvent(tx, event(8000 + round * 10 + i)))),
        a.tick(), b.tick(),
      ]);
      clock.advance(MAXIMUM_MERGE_DELAY_MS);
    }
    await Promise.all([a.tick(), b.tick()]);
    clock.advance(MAXIMUM_MERGE_DELAY_MS);
    await a.tick();
    const indexes = await sequencedIndexes();
    assert.deepEqual(indexes, indexes.map((_, i) => i));
    const report = await verifyLog(storage.db, key.publicKey);
    assert.deepEqual(report.problems, []);
    assert.equal(report.pending, 0);
  } finally {
    await a.stop();
    await b.stop();
  }
});

test('signed tree heads, inclusion and consistency proofs verify independently', async () => {
  const first = await signTreeHead(storage.db, signingKey(), clock);
  for (let i = 0; i < 5; i++) await storage.db.transaction((tx) => appendEvent(tx, event(2000 + i)));
  clock.advance(60_000);
  const second = await signTreeHead(storage.db, signingKey(), clock);
  assert.equal(second.size, first.size + 5);
  const hashes = await leafHashes(storage.db);
  const proof = (await proveInclusion(storage.db, 3, second.size)).map((p) => Buffer.from(p, 'base64'));
  assert.ok(verifyInclusion(3, second.size, hashes[3]!, proof, Buffer.from(second.rootHash, 'base64')));
  const consistency = (await proveConsistency(storage.db, first.size, second.size)).map((p) => Buffer.from(p, 'base64'));
  assert.ok(verifyConsistency(first.size, second.size, Buffer.from(first.rootHash, 'base64'), Buffer.from(second.rootHash, 'base64'), consistency));
  assert.equal(treeHash(hashes).toString('base64'), second.rootHash);
  const report = await verifyLog(storage.db, key.publicKey);
  assert.deepEqual(report.problems, []);
  assert.equal(report.ok, true);
});

test('signing again at the same size returns the stored head', async () => {
  const first = await signTreeHead(storage.db, signingKey(), clock);
  clock.advance(60_000);
  assert.deepEqual(await signTreeHead(storage.db, signingKey(), clock), first);
});

test('proofs outside the log are refused with a stable code', async () => {
  await assert.rejects(proveInclusion(storage.db, 10_000, 10_001), { code: 'ERR_LOG_INDEX_OUT_OF_RANGE', status: 400 });
  await assert.rejects(proveConsistency(storage.db, 0, 1), { code: 'ERR_LOG_INDEX_OUT_OF_RANGE' });
});

test('verification with another key reports every tree head as unsigned', async () => {
  const other = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const report = await verifyLog(storage.db, other.publicKey);
  assert.equal(report.ok, false);
  assert.ok(report.problems.every((p) => p.code === 'signature_invalid'));
});

test('changing a stored event is detected, even when its leaf hash is rewritten too', async () => {
  await storage.db.update(logEntries).set({ leaf: sql`replace(${logEntries.leaf}, '"tester"', '"intruder"')` }).where(eq(logEntries.index, 5));
  const report = await verifyLog(storage.db, key.publicKey);
  assert.ok(report.problems.some((p) => p.code === 'leaf_hash_mismatch' && p.index === 5));
  const [row] = await storage.db.select().from(logEntries).where(eq(logEntries.index, 5));
  await storage.db.update(logEntries).set({ leafHash: leafHash(Buffer.from(row!.leaf)) }).where(eq(logEntries.index, 5));
  const covered = await verifyLog(storage.db, key.publicKey);
  assert.equal(covered.ok, false);
  assert.ok(covered.problems.some((p) => p.code === 'root_mismatch'));
});
