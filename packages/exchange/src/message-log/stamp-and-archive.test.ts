// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { ManualClock, type Storage } from '@tessera/platform';
import { logMessage } from './message-log.ts';
import { archives } from './schema.ts';
import { stampAndArchive } from './stamp-and-archive.ts';
import { createMemberCa, createTestTsa, openMigratedLog, signedExchange } from './test-fixtures.ts';

let storage: Storage;
let dir: string;
const clock = new ManualClock('2026-11-27T12:00:00Z');

before(async () => {
  storage = await openMigratedLog();
  dir = mkdtempSync(join(tmpdir(), 'stamp-and-archive-'));
});
after(async () => {
  rmSync(dir, { recursive: true, force: true });
  await storage.close();
});

test("a gateway's pending entries are stamped and the batch kept in that gateway's own archive folder; a round with nothing pending writes nothing", async () => {
  const ca = await createMemberCa();
  const gateway = await ca.issueGateway('Gateway');
  const tsa = await createTestTsa();
  const exchange = await signedExchange('stamp-archive-1', gateway, gateway);
  await logMessage(storage.db, exchange.request);
  await logMessage(storage.db, exchange.response);

  const batch = await stampAndArchive(storage.db, { gateway: 'local', tsa: tsa.send, clock, archiveDir: dir });
  assert.ok(batch);
  assert.equal(batch.size, 2);
  const [row] = await storage.db.select().from(archives).where(eq(archives.batchId, batch.batchId));
  assert.equal(row?.path, join(dir, 'local', `message-log-batch-${batch.batchId}.json`));

  assert.equal(await stampAndArchive(storage.db, { gateway: 'local', tsa: tsa.send, clock, archiveDir: dir }), undefined);
  assert.deepEqual(readdirSync(join(dir, 'local')), [`message-log-batch-${batch.batchId}.json`]);
});
