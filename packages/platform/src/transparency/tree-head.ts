// SPDX-License-Identifier: Apache-2.0
import { asc, desc, eq, isNotNull, lt } from 'drizzle-orm';
import { CompactSign, compactVerify } from 'jose';
import { LogRangeError, TreeHeadSignatureInvalid } from '../errors/platform-errors.ts';
import type { Database } from '../storage/database.ts';
import type { Clock } from '../time/clock.ts';
import { consistencyProof, inclusionProof, type Hash } from './merkle.ts';
import { logEntries, logHead, treeHeads } from './schema.ts';

export interface LogSigningKey {
  privateKey: CryptoKey;
  kid: string;
}

export interface SignedTreeHead {
  size: number;
  rootHash: string;
  timestamp: string;
  /** Compact JWS (EdDSA) over `{ size, rootHash, timestamp }`. */
  signature: string;
}

/** Leaf hashes of the first `size` sequenced entries, in order (pending entries are not in the tree yet). */
export async function leafHashes(db: Database, size?: number): Promise<Hash[]> {
  const rows = await db.select({ h: logEntries.leafHash }).from(logEntries)
    .where(size === undefined ? isNotNull(logEntries.index) : lt(logEntries.index, size)).orderBy(asc(logEntries.index));
  return rows.map((r) => r.h);
}

async function currentSize(db: Database): Promise<number> {
  const [head] = await db.select({ size: logHead.size }).from(logHead).where(eq(logHead.id, 1));
  return head?.size ?? 0;
}

/** Signs the root of the first `size` entries and stores the head, inside the sequencer's transaction. */
export async function storeTreeHead(tx: Database, key: LogSigningKey, clock: Clock, size: number, rootHash: Hash): Promise<SignedTreeHead> {
  const timestamp = clock.now();
  const payload = { size, rootHash: rootHash.toString('base64'), timestamp: timestamp.toISOString() };
  const signature = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: 'tessera-sth+jwt' })
    .sign(key.privateKey);
  await tx.insert(treeHeads).values({ size, rootHash, timestamp, signature }).onConflictDoNothing();
  return { ...payload, signature };
}

export async function latestTreeHead(db: Database): Promise<SignedTreeHead | null> {
  const [row] = await db.select().from(treeHeads).orderBy(desc(treeHeads.size)).limit(1);
  return row ? toSignedTreeHead(row) : null;
}

/** Verifies a tree head's signature and returns its payload; throws on any mismatch. */
export async function verifyTreeHeadSignature(head: SignedTreeHead, publicKey: CryptoKey): Promise<void> {
  const { payload } = await compactVerify(head.signature, publicKey, { algorithms: ['EdDSA'] });
  const signed = JSON.parse(new TextDecoder().decode(payload)) as { size: number; rootHash: string; timestamp: string };
  if (signed.size !== head.size || signed.rootHash !== head.rootHash || signed.timestamp !== head.timestamp) {
    throw new TreeHeadSignatureInvalid();
  }
}

export async function proveInclusion(db: Database, index: number, size: number): Promise<string[]> {
  if (!(Number.isInteger(index) && Number.isInteger(size) && index >= 0 && index < size && size <= (await currentSize(db)))) {
    throw new LogRangeError('The leaf index must be below the tree size, and the tree size at most the log size.');
  }
  return inclusionProof(await leafHashes(db, size), index, size).map((h) => h.toString('base64'));
}

export async function proveConsistency(db: Database, first: number, second: number): Promise<string[]> {
  if (!(Number.isInteger(first) && Number.isInteger(second) && first > 0 && first <= second && second <= (await currentSize(db)))) {
    throw new LogRangeError('Sizes must satisfy 0 < first ≤ second ≤ log size.');
  }
  return consistencyProof(await leafHashes(db, second), first, second).map((h) => h.toString('base64'));
}

export function toSignedTreeHead(row: typeof treeHeads.$inferSelect): SignedTreeHead {
  return { size: row.size, rootHash: row.rootHash.toString('base64'), timestamp: row.timestamp.toISOString(), signature: row.signature };
}
