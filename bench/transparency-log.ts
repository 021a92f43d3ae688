// SPDX-License-Identifier: Apache-2.0
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { generateKeyPair } from 'jose';
import {
  appendEvent, appendEvents, latestTreeHead, MAXIMUM_MERGE_DELAY_MS, MerkleTree, consistencyProof, inclusionProof, leafHash, signTreeHead, startLogSequencer,
  systemClock, transparencyMigrations, treeHash, verifyConsistency, verifyInclusion, verifyLog, type Database,
} from '@tessera/platform';
import { openBenchStorage } from './bench-storage.ts';

const perSecond = (count: number, ms: number) => Math.round((count / ms) * 1000);
const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;

/** `count` transactions spread over `writers` concurrent workers; wall time in ms. */
async function concurrently(writers: number, count: number, transaction: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const worker = async () => {
    while (next < count) await transaction(next++);
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: writers }, worker));
  return performance.now() - started;
}

/**
 * Transparency-log throughput. Appends: the same business transaction (a typical state change:
 * lock a row, update it, insert its history row) run by eight concurrent writers without the log (`bareTransactionsPerSecond`)
 * and with one appended event each while the sequencer runs (`appendsPerSecond`), in the same
 * run on the same storage (`DATABASE_URL`, else PGlite); a batch of events in one transaction;
 * how long after the last commit a signed tree head covered everything. Then inclusion and
 * consistency proofs over a large tree against the raw SHA-256 rate, which bounds the Merkle
 * arithmetic.
 */
export async function run(options: { appends?: number; writers?: number; batch?: number; treeSize?: number; proofs?: number } = {}) {
  const appends = options.appends ?? 4000;
  const writers = options.writers ?? 8;
  const batch = options.batch ?? 20_000;
  const treeSize = options.treeSize ?? 50_000;
  const proofs = options.proofs ?? 200;
  const clock = systemClock;
  const storage = await openBenchStorage();
  await storage.migrate(transparencyMigrations);
  // A typical Tessera state change (an application decided, a card suspended): lock the row,
  // move its state, write its history row. Rows enough that writers never meet on one.
  await storage.db.execute(sql`create table bench_things (id integer primary key, state text not null, version integer not null)`);
  await storage.db.execute(sql`insert into bench_things select n, 'new', 0 from generate_series(0, 99999) n`);
  await storage.db.execute(sql`create table bench_history (id bigserial primary key, thing integer not null, state text not null, at timestamptz not null)`);
  const key = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const logKey = { privateKey: key.privateKey, kid: 'bench' };
  let serial = 0;
  const change = async (db: Database) => {
    const thing = serial++ % 100_000;
    await db.execute(sql`select state from bench_things where id = ${thing} for update`);
    await db.execute(sql`update bench_things set state = 'changed', version = version + 1 where id = ${thing}`);
    await db.execute(sql`insert into bench_history (thing, state, at) values (${thing}, 'changed', ${clock.now().toISOString()})`);
  };
  const event = (i: number) => ({ context: 'bench', type: 'thing.changed', subject: `s-${i}`, actor: 'bench', at: clock.now(), data: { i, to: 'changed' } });

  // Warm both paths, then measure them alternately so that neither gets a quieter moment of the machine.
  await concurrently(writers, 200, () => storage.db.transaction((tx) => change(tx)));
  const sequencer = startLogSequencer({ db: storage.db, key: logKey, clock });
  await concurrently(writers, 200, (i) => storage.db.transaction(async (tx) => { await change(tx); await appendEvent(tx, event(i)); }));
  let bareMs = 0;
  let logMs = 0;
  const rounds = 8;
  for (let r = 0; r < rounds; r++) {
    bareMs += await concurrently(writers, appends / rounds, () => storage.db.transaction((tx) => change(tx)));
    logMs += await concurrently(writers, appends / rounds, (i) => storage.db.transaction(async (tx) => { await change(tx); await appendEvent(tx, event(i)); }));
  }
  const lastCommit = performance.now();
  const expected = 200 + appends;
  const covered = async () => ((await latestTreeHead(storage.db))?.size ?? 0) >= expected;
  while (!(await covered())) await new Promise((resolve) => setTimeout(resolve, 2));
  const mergeMs = performance.now() - lastCommit;

  // One transaction appending a whole batch, then the sequencer working through it.
  let started = performance.now();
  await storage.db.transaction((tx) => appendEvents(tx, Array.from({ length: batch }, (_, i) => event(i))));
  const batchMs = performance.now() - started;
  started = performance.now();
  while (((await latestTreeHead(storage.db))?.size ?? 0) < expected + batch) await new Promise((resolve) => setTimeout(resolve, 5));
  const batchMergeMs = performance.now() - started;
  await sequencer.stop();

  started = performance.now();
  await signTreeHead(storage.db, logKey, clock);
  const signMs = performance.now() - started;
  const verification = await verifyLog(storage.db, key.publicKey);
  if (!verification.ok || verification.size !== expected + batch) throw new Error(`the log did not verify: ${JSON.stringify(verification.problems.slice(0, 3))}`);
  await storage.close();

  const leafList = Array.from({ length: treeSize }, (_, i) => leafHash(Buffer.from(`{"i":${i},"type":"thing.changed"}`)));
  started = performance.now();
  const leaves = new MerkleTree(leafList);
  const root = leaves.hash();
  const rootMs = performance.now() - started;
  started = performance.now();
  for (let i = 0; i < proofs; i++) {
    const index = (i * 7919) % treeSize;
    if (!verifyInclusion(index, treeSize, leafList[index]!, inclusionProof(leaves, index, treeSize), root)) throw new Error('inclusion proof failed');
  }
  const inclusionSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  for (let i = 0; i < proofs; i++) {
    const first = 1 + ((i * 104_729) % (treeSize - 1));
    if (!verifyConsistency(first, treeSize, treeHash(leaves, 0, first), root, consistencyProof(leaves, first, treeSize))) throw new Error('consistency proof failed');
  }
  const consistencySeconds = (performance.now() - started) / 1000;

  // The raw limit: SHA-256 over 65-byte node inputs, as many as one root computation needs.
  const node = Buffer.alloc(65, 1);
  for (let i = 0; i < 10_000; i++) createHash('sha256').update(node).digest();
  started = performance.now();
  for (let i = 0; i < treeSize; i++) createHash('sha256').update(node).digest();
  const rawHashesPerSecond = treeSize / ((performance.now() - started) / 1000);
  const hashesPerRoot = treeSize - 1;
  const appendsPerSecond = perSecond(appends, logMs);
  const bareTransactionsPerSecond = perSecond(appends, bareMs);
  const batchedAppendsPerSecond = perSecond(batch, batchMs);
  return {
    name: 'transparency-log',
    storage: storage.benchKind,
    writers,
    appendsPerSecond,
    bareTransactionsPerSecond,
    appendsVsBare: ratio(appendsPerSecond, bareTransactionsPerSecond),
    appendsVsBareTarget: 0.8,
    batchedAppendsPerSecond,
    batchedAppendsTarget: 5000,
    batchSize: batch,
    sequencedPerSecond: perSecond(batch, batchMergeMs),
    mergeDelayMs: { afterLastCommit: Math.round(mergeMs), promised: MAXIMUM_MERGE_DELAY_MS },
    signTreeHeadMs: Math.round(signMs),
    treeSize,
    rootMs: Math.round(rootMs),
    rootVsRawHashing: Number(((hashesPerRoot / rawHashesPerSecond) * 1000 / rootMs).toFixed(3)),
    inclusionProofsPerSecond: Math.round(proofs / inclusionSeconds),
    consistencyProofsPerSecond: Math.round(proofs / consistencySeconds),
    rawSha256PerSecond: Math.round(rawHashesPerSecond),
    note: 'appendsPerSecond and bareTransactionsPerSecond: the same business transaction (select for update, update, history insert) with and without one appended event, by `writers` concurrent writers, alternated in the same run; appendsVsBare is their ratio (target ≥ 0.8). batchedAppendsPerSecond: one transaction appending batchSize events (target ≥ 5000/s); sequencedPerSecond: the sequencer numbering and signing that batch. mergeDelayMs.afterLastCommit: from the last commit to a signed head covering every event. rootMs builds the tree with its complete-subtree cache (n-1 node hashes); proofs then cost O(log n). rootVsRawHashing = raw-limit time / measured time (1.0 = at the SHA-256 limit).',
  };
}

if (import.meta.main) console.log(JSON.stringify(await run(), null, 2));
