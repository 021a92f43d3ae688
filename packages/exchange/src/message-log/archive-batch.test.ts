// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { ManualClock } from '@tessera/platform';
import { archiveBatch } from './archive-batch.ts';
import { stampPendingBatch } from './message-log.ts';
import { archives } from './schema.ts';
import { openArchiveTestbed, type ArchiveTestbed } from './test-fixtures.ts';

const clock = new ManualClock('2026-11-27T12:00:00Z');
let bed: ArchiveTestbed;

before(async () => {
  bed = await openArchiveTestbed('message-log-archive-');
});
after(() => bed.close());

test('a stamped batch is archived once, with the file hash recorded', async () => {
  const { storage, dir } = bed;
  const { exchange, tsa } = await bed.logExchange('archive-1');
  const batch = await stampPendingBatch(storage.db, { tsa: tsa.send, clock, maxBatch: 10 });

  const archived = await archiveBatch(storage.db, batch!.batchId, { dir, clock });
  const bytes = readFileSync(archived.path);
  assert.equal(createHash('sha256').update(bytes).digest('hex'), archived.sha256);
  const content = JSON.parse(bytes.toString('utf8')) as { batch: { merkleRoot: string }; messages: Array<{ signature: string; body: string }> };
  assert.equal(content.batch.merkleRoot, batch!.merkleRoot.toString('base64'));
  assert.deepEqual(content.messages.map((message) => message.signature), [exchange.request.signature, exchange.response.signature]);
  assert.equal(Buffer.from(content.messages[0]!.body, 'base64').toString(), Buffer.from(exchange.request.body).toString());
  const [row] = await storage.db.select().from(archives).where(eq(archives.batchId, batch!.batchId));
  assert.equal(row?.sha256.toString('hex'), archived.sha256);
  assert.equal(row?.archivedAt.toISOString(), '2026-11-27T12:00:00.000Z');

  await assert.rejects(archiveBatch(storage.db, batch!.batchId, { dir, clock }), { code: 'ERR_BATCH_ALREADY_ARCHIVED' });
  await assert.rejects(archiveBatch(storage.db, 9999, { dir, clock }), { code: 'ERR_NOT_FOUND' });
});
