// SPDX-License-Identifier: Apache-2.0
import { and, inArray, isNotNull, lt } from 'drizzle-orm';
import { inclusionProof, latestTreeHead, leafHashes, logEntries, MerkleTree, proveConsistency, type Database } from '@tessera/platform';
import type { CentreDeps } from './centre-deps.ts';

/** Where each of the entries the authority asked about sits among the first `size` entries of this log (the first, should one repeat). */
async function inclusionsIn(db: Database, pending: readonly string[], size: number) {
  if (pending.length === 0) return [];
  const rows = await db.select({ leafHash: logEntries.leafHash, index: logEntries.index }).from(logEntries)
    .where(and(inArray(logEntries.leafHash, pending.map((h) => Buffer.from(h, 'hex'))), isNotNull(logEntries.index), lt(logEntries.index, size)));
  const first = new Map<string, number>();
  for (const r of rows) {
    const hex = r.leafHash.toString('hex');
    if (!first.has(hex) || r.index! < first.get(hex)!) first.set(hex, r.index!);
  }
  if (first.size === 0) return [];
  const tree = new MerkleTree(await leafHashes(db, size));
  return [...first].map(([leafHash, index]) => ({ leafHash, index, proof: inclusionProof(tree, index, size).map((h) => h.toString('base64')) }));
}

/**
 * Sends the centre's transparency-log head to the authority for one centre, outside any
 * transaction: the authority's latest accepted head is asked first, with the entries of reported
 * actions it still waits to see proven; then the centre's latest signed head goes with the
 * RFC 9162 consistency proof from the accepted head and an inclusion proof for each of those
 * entries it holds, so the authority can check the log only ever grew and holds what it was
 * told. Nothing new since the accepted head and nothing pending: nothing is sent. A refusal (a
 * fork the authority found) is thrown to the caller's job, which reports it.
 */
export async function sendTreeHead(deps: Pick<CentreDeps, 'db' | 'authority'>, centre: string): Promise<{ sent: boolean; size: number; included: number; missing: number }> {
  const head = await latestTreeHead(deps.db);
  if (!head || head.size === 0) return { sent: false, size: 0, included: 0, missing: 0 };
  const { head: accepted, pending } = await deps.authority.latestTreeHead(centre);
  const from = accepted?.size ?? 0;
  if (from === head.size && accepted?.rootHash === head.rootHash && pending.length === 0) return { sent: false, size: head.size, included: 0, missing: 0 };
  // A proof exists only from a smaller head of this log; anything else is the authority's to judge.
  const consistency = from > 0 && from < head.size ? await proveConsistency(deps.db, from, head.size) : [];
  const inclusions = await inclusionsIn(deps.db, pending, head.size);
  const checked = await deps.authority.sendTreeHead(centre, { head, from, consistency, inclusions });
  return { sent: true, size: head.size, ...checked };
}
