// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { pgTable, serial } from 'drizzle-orm/pg-core';
import type { Storage } from './database.ts';
import { bytea } from './bytea.ts';
import { openTestStorage } from './test-storage.ts';

const blobs = pgTable('bytea_round_trip', { id: serial('id').primaryKey(), value: bytea('value') });

let storage: Storage;
before(async () => {
  storage = await openTestStorage();
  await storage.db.execute(sql`create table bytea_round_trip (id serial primary key, value bytea)`);
});
after(() => storage.close());

test('bytea values of any size come back byte for byte, empty and null included', async () => {
  const values = [new Uint8Array(0), Uint8Array.of(0, 1, 0x7f, 0x80, 0xff), new Uint8Array(randomBytes(1024 * 1024)), Buffer.from('\\x00 not hex, just bytes')];
  const ids: number[] = [];
  for (const value of values) ids.push((await storage.db.insert(blobs).values({ value: Buffer.from(value) }).returning({ id: blobs.id }))[0]!.id);
  const [none] = await storage.db.insert(blobs).values({ value: null }).returning({ id: blobs.id });
  const rows = new Map((await storage.db.select().from(blobs)).map((r) => [r.id, r.value]));
  values.forEach((value, i) => assert.deepEqual(new Uint8Array(rows.get(ids[i]!)!), new Uint8Array(value), `value ${i}`));
  assert.equal(rows.get(none!.id), null);
  // the server sees the bytes, not a text form of them
  const lengths = (await storage.db.execute(sql`select length(value) as n from bytea_round_trip where id = ${ids[2]!}`)) as unknown as { rows: Array<{ n: number }> };
  assert.equal(Number(lengths.rows[0]!.n), 1024 * 1024);
});

test('a bytea[] parameter arrives as an array of the same bytes', async () => {
  const parts = [Uint8Array.of(1, 2), new Uint8Array(0), Uint8Array.of(0xff)];
  const result = (await storage.db.execute(sql`select array_length(${sql.param(parts.map((p) => Buffer.from(p)))}::bytea[], 1) as n, (${sql.param(parts.map((p) => Buffer.from(p)))}::bytea[])[3] = '\\xff'::bytea as last`)) as unknown as { rows: Array<{ n: number; last: boolean }> };
  assert.equal(Number(result.rows[0]!.n), 3);
  assert.equal(result.rows[0]!.last, true);
});
