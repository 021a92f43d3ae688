// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { logEntries, ManualClock, openTestStorage, transparencyMigrations, type Storage } from '@tessera/platform';
import { credentialsMigrations } from '../migrations.ts';
import { statusLists } from '../schema.ts';
import { statusEntryReserve } from './reserve-status-entries.ts';

describe('status entries reserved per process', () => {
  let storage: Storage | undefined;
  const clock = new ManualClock('2026-12-01T10:00:00Z');
  before(async () => {
    storage = await openTestStorage();
    await storage.migrate(transparencyMigrations);
    await storage.migrate(credentialsMigrations);
  });
  after(async () => { await storage?.close(); });

  it('hands out each entry once, across reserves of two processes and lists that fill up, with one locked reservation and log event per refill', async () => {
    const db = storage!.db;
    const deps = { db, clock, statusListSize: 16 };
    const a = statusEntryReserve(deps, { reservation: 6 });
    const b = statusEntryReserve(deps, { reservation: 6 });
    const taken = await Promise.all([3, 2, 4, 1, 5, 2, 3, 1].map((n, i) => (i % 2 ? b : a).take(n)));
    assert.deepEqual(taken.map((t) => t.length), [3, 2, 4, 1, 5, 2, 3, 1]);
    const all = taken.flat();
    assert.equal(new Set(all.map((e) => `${e.list}/${e.index}`)).size, all.length, 'no entry twice');
    for (const e of all) assert.ok(e.index >= 0 && e.index < 16);
    const lists = await db.select({ id: statusLists.id, next: statusLists.nextIndex }).from(statusLists).orderBy(statusLists.id);
    // What the lists gave out covers every entry taken plus those still reserved, and no more.
    assert.equal(lists.reduce((n, l) => n + l.next, 0), all.length + a.left + b.left);
    const events = await db.select().from(logEntries).where(eq(logEntries.type, 'credentials.status_entries_reserved'));
    assert.ok(events.length >= 4 && events.length < taken.length, `${events.length} reservations for ${taken.length} takes`);
  });

  it('never hands out again an entry whose issuance failed', async () => {
    const reserve = statusEntryReserve({ db: storage!.db, clock, statusListSize: 16 }, { reservation: 4 });
    const lost = await reserve.take(2);
    // The issuance that took `lost` rolled back: the entries stay unused, and the next take gets others.
    const next = [...await reserve.take(2), ...await reserve.take(3)];
    for (const e of next) assert.ok(!lost.some((l) => l.list === e.list && l.index === e.index));
  });
});
