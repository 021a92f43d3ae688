// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { ManualClock } from '@tessera/platform';
import { archives } from './schema.ts';
import { stampAndArchive } from './stamp-and-archive.ts';
import { openArchiveTestbed, type ArchiveTestbed } from './test-fixtures.ts';

const clock = new ManualClock('2026-11-27T12:00:00Z');
let bed: ArchiveTestbed;

before(async () => {
  bed = await openArchiveTestbed('stamp-and-archive-');
});
after(() => bed.close());

test("a gateway's pending entries are stamped and the batch kept in that gateway's own archive folder; a round with nothing pending writes nothing", async () => {
  const { storage, dir } = bed;
  const { tsa } = await bed.logExchange('stamp-archive-1');

  const batch = await stampAndArchive(storage.db, { gateway: 'local', tsa: tsa.send, clock, archiveDir: dir });
  assert.ok(batch);
  assert.equal(batch.size, 2);
  const [row] = await storage.db.select().from(archives).where(eq(archives.batchId, batch.batchId));
  assert.equal(row?.path, join(dir, 'local', `message-log-batch-${batch.batchId}.json`));

  assert.equal(await stampAndArchive(storage.db, { gateway: 'local', tsa: tsa.send, clock, archiveDir: dir }), undefined);
  assert.deepEqual(readdirSync(join(dir, 'local')), [`message-log-batch-${batch.batchId}.json`]);
});
