// SPDX-License-Identifier: Apache-2.0
import { asc, count, isNotNull, isNull } from 'drizzle-orm';
import type { Database } from '../storage/database.ts';
import { consistencyProof, leafHash, MerkleTree, verifyConsistency } from './merkle.ts';
import { logEntries, treeHeads } from './schema.ts';
import { verifyTreeHeadSignature } from './tree-head.ts';

export interface LogProblem {
  code: 'gap' | 'leaf_hash_mismatch' | 'signature_invalid' | 'root_mismatch' | 'inconsistent_heads' | 'head_beyond_log';
  index?: number;
  size?: number;
  message: string;
}

export interface LogVerification {
  ok: boolean;
  size: number;
  treeHeads: number;
  /** Committed entries the sequencer has not numbered yet (at most a merge delay's worth). */
  pending: number;
  problems: LogProblem[];
}

/**
 * Checks the whole log from what is stored, trusting nothing but the public key: every leaf
 * hash is recomputed from its event text, every signed tree head's signature and root are
 * checked, and each head is proven consistent with the one before (append-only). Entries still
 * pending (committed, not yet numbered by the sequencer) are counted, not judged.
 */
export async function verifyLog(db: Database, publicKey: CryptoKey): Promise<LogVerification> {
  const problems: LogProblem[] = [];
  const entries = await db.select({ index: logEntries.index, leaf: logEntries.leaf, leafHash: logEntries.leafHash }).from(logEntries).where(isNotNull(logEntries.index)).orderBy(asc(logEntries.index));
  const [pending] = await db.select({ n: count() }).from(logEntries).where(isNull(logEntries.index));
  const hashes = entries.map((e, i) => {
    if (e.index !== i) problems.push({ code: 'gap', index: i, message: `Entry ${i} is missing (found ${e.index}).` });
    const recomputed = leafHash(Buffer.from(e.leaf, 'utf8'));
    if (!recomputed.equals(e.leafHash)) problems.push({ code: 'leaf_hash_mismatch', index: e.index ?? i, message: `Entry ${e.index} does not match its stored leaf hash.` });
    return recomputed;
  });
  const tree = new MerkleTree(hashes);
  const heads = await db.select().from(treeHeads).orderBy(asc(treeHeads.size));
  let previous: { size: number; root: Buffer } | null = null;
  for (const head of heads) {
    const stored = { size: head.size, rootHash: head.rootHash.toString('base64'), timestamp: head.timestamp.toISOString(), signature: head.signature };
    try {
      await verifyTreeHeadSignature(stored, publicKey);
    } catch {
      problems.push({ code: 'signature_invalid', size: head.size, message: `The tree head of size ${head.size} is not validly signed by the log key.` });
    }
    if (head.size > hashes.length) {
      problems.push({ code: 'head_beyond_log', size: head.size, message: `A tree head claims ${head.size} entries; the log has ${hashes.length}.` });
      continue;
    }
    const root = tree.hash(0, head.size);
    if (!root.equals(head.rootHash)) problems.push({ code: 'root_mismatch', size: head.size, message: `The entries do not produce the signed root of size ${head.size}: an entry was changed.` });
    if (previous && previous.size > 0 && !verifyConsistency(previous.size, head.size, previous.root, head.rootHash, consistencyProof(tree, previous.size, head.size))) {
      problems.push({ code: 'inconsistent_heads', size: head.size, message: `The head of size ${head.size} is not an extension of the head of size ${previous.size}.` });
    }
    previous = { size: head.size, root: head.rootHash };
  }
  return { ok: problems.length === 0, size: hashes.length, treeHeads: heads.length, pending: pending?.n ?? 0, problems };
}
