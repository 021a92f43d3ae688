// SPDX-License-Identifier: Apache-2.0
// Writes a stamped batch out as one self-contained evidence file, for keeping beyond the database.
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { asc, eq } from 'drizzle-orm';
import { canonicalJson, NotFound, type Clock, type Database } from '@tessera/platform';
import { BatchAlreadyArchived } from '../exchange-errors.ts';
import { archives, messages, timestampBatches } from './schema.ts';

export interface ArchivedBatch {
  path: string;
  /** Hex SHA-256 of the file, also stored in `archives` so a swapped or damaged file is noticed. */
  sha256: string;
}

/**
 * Exports batch `batchId` — root, token and every message with its signature, inclusion proof and
 * kept body — as canonical JSON to `<dir>/message-log-batch-<id>.json`, and records the file.
 * The file alone suffices to re-run every check verifyLoggedMessage makes, so archives can leave
 * the gateway. Rows are not deleted here: retention is a separate decision. A batch is archived once.
 */
export async function archiveBatch(db: Database, batchId: number, options: { dir: string; clock: Clock }): Promise<ArchivedBatch> {
  const [batch] = await db.select().from(timestampBatches).where(eq(timestampBatches.id, batchId));
  if (!batch) throw new NotFound(`Batch ${batchId} does not exist.`);
  const [existing] = await db.select({ path: archives.path }).from(archives).where(eq(archives.batchId, batchId));
  if (existing) throw new BatchAlreadyArchived(batchId, existing.path);
  const rows = await db.select().from(messages).where(eq(messages.batchId, batchId)).orderBy(asc(messages.batchIndex));
  const content = canonicalJson({
    batch: { id: batch.id, merkleRoot: batch.merkleRoot.toString('base64'), size: batch.size, token: batch.token.toString('base64'), genTime: batch.genTime.toISOString() },
    messages: rows.map((row) => ({
      digest: row.digest,
      signature: row.signature,
      batchIndex: row.batchIndex,
      inclusionProof: row.inclusionProof?.toString('base64') ?? null,
      body: row.body?.toString('base64') ?? null,
      loggedAt: row.loggedAt.toISOString(),
    })),
  });
  const bytes = Buffer.from(content, 'utf8');
  const sha256 = createHash('sha256').update(bytes).digest();
  const path = join(options.dir, `message-log-batch-${batchId}.json`);
  // 'wx': never overwrite an archive file that some earlier, unrecorded attempt left behind
  await writeFile(path, bytes, { flag: 'wx' });
  await db.insert(archives).values({ batchId, path, sha256, archivedAt: options.clock.now() });
  return { path, sha256: sha256.toString('hex') };
}
