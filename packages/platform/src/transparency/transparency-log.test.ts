// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { eq, sql } from 'drizzle-orm';
import { generateKeyPair } from 'jose';
import { openTestStorage } from '../storage/test-storage.ts';
import type { Storage } from '../storage/database.ts';
import { ManualClock } from '../time/clock.ts';
import { appendEvent } from './append-event.ts';
import { leafHash, treeHash, verifyConsistency, verifyInclusion } from './merkle.ts';
import { logEntries } from './schema.ts';
import { leafHashes, proveConsistency, proveInclusion, signTreeHead } from './tree-head.ts';
import { verifyLog } from './verify-log.ts';
import { transparencyMigrations } from './index.ts';

let storage: Storage;
let key: { privateKey: CryptoKey; publicKey: CryptoKey };
const clock = new ManualClock('2026-11-24T10:00:00Z');
const event = (n: number) => ({ context: 'test', type: 'thing.changed', subject: `thing-${n}`, actor: 'tester', at: clock.now(), data: { n } });

before(async () => {
  storage = await openTestStorage();
  await storage.migrate(transparencyMigrations);
  key = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
});
after(() => storage.close());

test('concurrent appends from separate transactions get consecutive indexes without gaps', async () => {
  const results = await Promise.all(Array.from({ length: 20 }, (_, i) => storage.db.transaction((tx) => appendEvent(tx, event(i)))));
  assert.deepEqual(results.map((r) => r.index).sort((a, b) => a - b), Array.from({ length: 20 }, (_, i) => i));
});

test('an append in a rolled-back transaction leaves no entry', async () => {
  const before = (await leafHashes(storage.db)).length;
  await assert.rejects(storage.db.transaction(async (tx) => {
    await appendEvent(tx, event(999));
    throw new Error('the change failed');
  }));
  const hashes = await leafHashes(storage.db);
  assert.equal(hashes.length, before);
  const next = await storage.db.transaction((tx) => appendEvent(tx, event(1000)));
  assert.equal(next.index, before, 'the next append takes the index the rolled-back one would have had');
});

test('signed tree heads, inclusion and consistency proofs verify independently', async () => {
  const first = await signTreeHead(storage.db, { privateKey: key.privateKey, kid: 'log-1' }, clock);
  for (let i = 0; i < 5; i++) await storage.db.transaction((tx) => appendEvent(tx, event(2000 + i)));
  clock.advance(60_000);
  const second = await signTreeHead(storage.db, { privateKey: key.privateKey, kid: 'log-1' }, clock);
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
