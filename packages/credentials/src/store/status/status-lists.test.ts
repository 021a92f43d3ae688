// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ManualClock, openTestStorage, transparencyMigrations, type Storage } from '@tessera/platform';
import { credentialsMigrations } from '../migrations.ts';
import { statusLists } from '../schema.ts';
import { allocateStatusEntries } from './status-lists.ts';

describe('status list entries', () => {
  let storage: Storage | undefined;
  const clock = new ManualClock('2026-12-01T10:00:00Z');
  before(async () => {
    storage = await openTestStorage();
    await storage.migrate(transparencyMigrations);
    await storage.migrate(credentialsMigrations);
  });
  after(async () => { await storage?.close(); });

  it('hands out distinct entries, filling each list before opening the next, also when transactions run at once', async () => {
    const db = storage!.db;
    const taken = await Promise.all([3, 5, 1, 7, 2, 6, 4, 4].map((n) => db.transaction((tx) => allocateStatusEntries(tx, clock, n, 8))));
    const all = taken.flat();
    assert.equal(all.length, 32);
    assert.equal(new Set(all.map((e) => `${e.list}/${e.index}`)).size, 32, 'no entry twice');
    for (const e of all) assert.ok(e.index >= 0 && e.index < 8);
    const lists = await db.select().from(statusLists).orderBy(statusLists.id);
    assert.deepEqual(lists.map((l) => [l.id, l.nextIndex]), [[1, 8], [2, 8], [3, 8], [4, 8]], 'four full lists of eight');
    for (const list of [1, 2, 3, 4]) assert.equal(all.filter((e) => e.list === list).length, 8);
  });

  it('takes a batch larger than what is left across the current list and a new one', async () => {
    const db = storage!.db;
    await db.transaction((tx) => allocateStatusEntries(tx, clock, 5, 8));
    const batch = await db.transaction((tx) => allocateStatusEntries(tx, clock, 6, 8));
    assert.deepEqual(batch.map((e) => e.list), [5, 5, 5, 6, 6, 6]);
  });
});
