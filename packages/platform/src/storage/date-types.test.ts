// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { eq, sql } from 'drizzle-orm';
import { date, interval, numeric, pgTable, serial, timestamp } from 'drizzle-orm/pg-core';
import type { Storage } from './database.ts';
import { openTestStorage } from './test-storage.ts';

const moments = pgTable('date_types_round_trip', {
  id: serial('id').primaryKey(),
  plain: timestamp('plain', { mode: 'date' }).notNull(),
  zoned: timestamp('zoned', { withTimezone: true, mode: 'date' }).notNull(),
  zonedText: timestamp('zoned_text', { withTimezone: true, mode: 'string' }).notNull(),
  day: date('day', { mode: 'string' }).notNull(),
  span: interval('span').notNull(),
  amounts: numeric('amounts').array().notNull(),
  zonedList: timestamp('zoned_list', { withTimezone: true, mode: 'string' }).array().notNull(),
  days: date('days', { mode: 'string' }).array().notNull(),
  spans: interval('spans').array().notNull(),
});

let storage: Storage;
before(async () => {
  storage = await openTestStorage();
  await storage.db.execute(sql`set timezone = 'UTC'`);
  await storage.db.execute(sql`create table date_types_round_trip (id serial primary key, plain timestamp not null, zoned timestamptz not null,
    zoned_text timestamptz not null, day date not null, span interval not null, amounts numeric[] not null, zoned_list timestamptz[] not null,
    days date[] not null, spans interval[] not null)`);
});
after(() => storage.close());

// PGlite is handed Drizzle's text parsers for these types once, not with every query (see
// database.ts): what Drizzle reads must be what it reads on a server.
test('timestamps, dates, intervals, numerics and their arrays read back the same on both storages, through the query builder and raw SQL', async () => {
  const at = new Date('2026-12-02T13:45:06.789Z');
  const [row] = await storage.db.insert(moments).values({
    plain: at, zoned: at, zonedText: '2026-12-02 13:45:06.789+00', day: '2026-02-28', span: '1 day 02:03:04',
    amounts: ['12.50', '0.001'], zonedList: ['2026-12-02 13:45:06+00', '1999-12-31 23:59:59.5+00'], days: ['2026-01-01', '2026-12-31'], spans: ['00:00:01', '3 mons'],
  }).returning({ id: moments.id });
  const [read] = await storage.db.select().from(moments).where(eq(moments.id, row!.id));
  assert.ok(read!.plain instanceof Date && read!.zoned instanceof Date);
  assert.equal(read!.plain.toISOString(), at.toISOString());
  assert.equal(read!.zoned.toISOString(), at.toISOString());
  assert.equal(read!.zonedText, '2026-12-02 13:45:06.789+00');
  assert.equal(read!.day, '2026-02-28');
  assert.equal(read!.span, '1 day 02:03:04');
  assert.deepEqual(read!.amounts, ['12.50', '0.001']);
  assert.deepEqual(read!.zonedList, ['2026-12-02 13:45:06+00', '1999-12-31 23:59:59.5+00']);
  assert.deepEqual(read!.days, ['2026-01-01', '2026-12-31']);
  assert.deepEqual(read!.spans, ['00:00:01', '3 mons']);
  // raw SQL hands back PostgreSQL's text for them, as node-postgres does with Drizzle's parsers
  const raw = (await storage.db.execute(sql`select zoned, day, span, zoned_list from date_types_round_trip where id = ${row!.id}`)) as unknown as { rows: Array<Record<string, unknown>> };
  assert.equal(typeof raw.rows[0]!.zoned, 'string');
  assert.equal(new Date(String(raw.rows[0]!.zoned)).toISOString(), at.toISOString());
  assert.equal(raw.rows[0]!.day, '2026-02-28');
  assert.equal(raw.rows[0]!.span, '1 day 02:03:04');
});

test('inside a transaction the same values read back the same, and a rolled-back insert leaves nothing', async () => {
  const at = new Date('2027-01-15T00:00:00.000Z');
  const id = await storage.db.transaction(async (tx) => {
    const [row] = await tx.insert(moments).values({ plain: at, zoned: at, zonedText: '2027-01-15 00:00:00+00', day: '2027-01-15', span: '00:10:00', amounts: [], zonedList: [], days: [], spans: [] }).returning({ id: moments.id });
    const [read] = await tx.select({ zoned: moments.zoned, day: moments.day }).from(moments).where(eq(moments.id, row!.id));
    assert.equal(read!.zoned.toISOString(), at.toISOString());
    assert.equal(read!.day, '2027-01-15');
    return row!.id;
  });
  await assert.rejects(storage.db.transaction(async (tx) => {
    await tx.insert(moments).values({ plain: at, zoned: at, zonedText: '2027-01-15 00:00:00+00', day: '2027-01-16', span: '00:10:00', amounts: [], zonedList: [], days: [], spans: [] });
    throw new Error('roll back');
  }));
  const days = (await storage.db.select({ day: moments.day }).from(moments).where(sql`${moments.id} >= ${id}`)).map((r) => r.day);
  assert.deepEqual(days, ['2027-01-15']);
});
