// SPDX-License-Identifier: Apache-2.0
import { createHash } from 'node:crypto';
import { generateKeyPair } from 'jose';
import { appendEvent, MerkleTree, consistencyProof, inclusionProof, leafHash, ManualClock, openStorage, signTreeHead, transparencyMigrations, treeHash, verifyConsistency, verifyInclusion } from '@tessera/platform';

/**
 * Transparency-log throughput: appends (each its own transaction on embedded PGlite), inclusion
 * and consistency proofs over a large tree, against the raw SHA-256 rate for the same inputs,
 * which bounds what the Merkle arithmetic can do.
 */
export async function run(options: { appends?: number; treeSize?: number; proofs?: number } = {}) {
  const appends = options.appends ?? 2000;
  const treeSize = options.treeSize ?? 50_000;
  const proofs = options.proofs ?? 200;
  const clock = new ManualClock('2026-11-24T00:00:00Z');
  const storage = await openStorage({ kind: 'pglite' });
  await storage.migrate(transparencyMigrations);
  let started = performance.now();
  for (let i = 0; i < appends; i++) {
    await storage.db.transaction((tx) => appendEvent(tx, { context: 'bench', type: 'thing.changed', subject: `s-${i}`, actor: 'bench', at: clock.now(), data: { i } }));
  }
  const appendSeconds = (performance.now() - started) / 1000;
  const key = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  started = performance.now();
  await signTreeHead(storage.db, { privateKey: key.privateKey, kid: 'bench' }, clock);
  const signMs = performance.now() - started;
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
  return {
    name: 'transparency-log',
    appendsPerSecond: Math.round(appends / appendSeconds),
    signTreeHeadMs: Math.round(signMs),
    treeSize,
    rootMs: Math.round(rootMs),
    rootVsRawHashing: Number(((hashesPerRoot / rawHashesPerSecond) * 1000 / rootMs).toFixed(3)),
    inclusionProofsPerSecond: Math.round(proofs / inclusionSeconds),
    consistencyProofsPerSecond: Math.round(proofs / consistencySeconds),
    rawSha256PerSecond: Math.round(rawHashesPerSecond),
    note: 'rootMs builds the tree with its complete-subtree cache (n-1 node hashes); proofs then cost O(log n). rootVsRawHashing = raw-limit time / measured time (1.0 = at the SHA-256 limit).',
  };
}

if (import.meta.main) console.log(JSON.stringify(await run(), null, 2));
