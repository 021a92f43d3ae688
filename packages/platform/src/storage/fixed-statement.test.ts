// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import pg from 'pg';
import type { Storage } from './database.ts';
import { queryFixedStatement, runFixedStatement, withLiterals } from './fixed-statement.ts';
import { openTestStorage } from './test-storage.ts';

let storage: Storage;
before(async () => {
  storage = await openTestStorage();
  await storage.db.execute(sql`create table fixed_statement_rows (id bigserial primary key, label text not null, note text, bytes bytea)`);
});
after(() => storage.close());

const INSERT = { name: 'fixed_statement_test_insert', text: 'insert into fixed_statement_rows (label, note, bytes) values ($1, $2, $3)' };
const rowsOf = (result: unknown) => (result as { rows: Array<{ label: string; note: string | null; bytes: Uint8Array | null }> }).rows;
const readAll = async () => rowsOf(await storage.db.execute(sql`select label, note, bytes from fixed_statement_rows order by id`));
const clear = () => storage.db.execute(sql`delete from fixed_statement_rows`);

test('values a fixed statement is given are stored exactly as data, whatever quotes, backslashes or SQL they hold', async () => {
  await clear();
  const hostile = ["it's", "\\'; drop table fixed_statement_rows; --", "E'\\x00'", '$1 $2 $$ $tag$', 'line\nbreak\ttab', 'ünïcødé 한국어 𝄞', '\\\\', "''", ''];
  for (const label of hostile) await runFixedStatement(storage.db, INSERT, [label, null, Buffer.from([0, 1, 0x27, 0x5c, 0xff])]);
  const rows = await readAll();
  assert.deepEqual(rows.map((r) => r.label), hostile);
  for (const r of rows) {
    assert.equal(r.note, null);
    assert.deepEqual(new Uint8Array(r.bytes!), Uint8Array.of(0, 1, 0x27, 0x5c, 0xff));
  }
});

test('any text round-trips through a fixed statement unchanged (property)', async () => {
  await fc.assert(fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 40 }).filter((s) => !s.includes('\u0000')), fc.uint8Array({ maxLength: 40 }), async (label, bytes) => {
    await clear();
    await runFixedStatement(storage.db, INSERT, [label, label, Buffer.from(bytes)]);
    const [row] = await readAll();
    assert.equal(row!.label, label);
    assert.equal(row!.note, label);
    assert.deepEqual(new Uint8Array(row!.bytes!), bytes);
  }), { numRuns: 60 });
});

test('a fixed statement runs inside the caller\'s transaction: gone with its rollback, kept with its commit', async () => {
  await clear();
  await assert.rejects(storage.db.transaction(async (tx) => {
    await runFixedStatement(tx, INSERT, ['rolled back', null, null]);
    assert.equal(rowsOf(await tx.execute(sql`select label from fixed_statement_rows`)).length, 1, 'visible inside its transaction');
    throw new Error('the change failed');
  }));
  await storage.db.transaction(async (tx) => runFixedStatement(tx, INSERT, ['committed', null, null]));
  assert.deepEqual((await readAll()).map((r) => r.label), ['committed']);
});

test('a statement naming a value it was not given is refused before anything is sent', async () => {
  await assert.rejects(runFixedStatement(storage.db, INSERT, ['only one']), RangeError);
  assert.throws(() => withLiterals('select $2', ['x']), RangeError);
  assert.equal(withLiterals('select $1, $2, $3', ["a'b", null, Buffer.from([0xab])]), "select 'a''b', NULL, decode('ab', 'hex')");
});

test('values become literals exactly as node-postgres escapes them, and read back unchanged', async () => {
  fc.assert(fc.property(fc.string({ unit: fc.constantFrom('a', "'", '\\', '"', '{', 'é', ' ') }), (s) => withLiterals('select $1', [s]) === `select ${pg.escapeLiteral(s)}`), { numRuns: 500 });
  const tricky = ["o'neil", 'back\\slash', `{"leaf":"{\\"a\\":\\"it's\\"}"}`, "\\'"];
  const echo = { name: 'fixed_statement_test_echo', text: 'select $1::text as v' };
  for (const value of tricky) assert.equal((await queryFixedStatement<{ v: string }>(storage.db, echo, [value]))[0]!.v, value);
});

test('a fixed statement that returns rows gives them back, inside or outside a transaction', async () => {
  await clear();
  const RETURNING = { name: 'fixed_statement_test_returning', text: 'insert into fixed_statement_rows (label, note) values ($1, $2) returning id::text as id, label, note' };
  const [first] = await queryFixedStatement<{ id: string; label: string; note: string | null }>(storage.db, RETURNING, ["o'neil", null]);
  assert.equal(first!.label, "o'neil");
  assert.equal(first!.note, null);
  assert.match(first!.id, /^\d+$/);
  const second = await storage.db.transaction((tx) => queryFixedStatement<{ id: string }>(tx, RETURNING, ['in a transaction', 'note']));
  assert.ok(Number(second[0]!.id) > Number(first!.id));
  const none = await queryFixedStatement(storage.db, { name: 'fixed_statement_test_none', text: 'select label from fixed_statement_rows where label = $1' }, ['absent']);
  assert.deepEqual(none, []);
});

test('a fixed statement run again and again outside a transaction answers the same as the first time, whatever ran in between', async () => {
  await clear();
  const COUNT = { name: 'fixed_statement_test_count', text: 'select count(*)::int as n from fixed_statement_rows where label = $1' };
  const count = async () => (await queryFixedStatement<{ n: number }>(storage.db, COUNT, ['again']))[0]!.n;
  assert.equal(await count(), 0);
  await runFixedStatement(storage.db, INSERT, ['again', null, null]);
  await assert.rejects(storage.db.transaction(async (tx) => {
    await runFixedStatement(tx, INSERT, ['again', null, null]);
    throw new Error('rolled back');
  }));
  assert.equal(await count(), 1);
  await runFixedStatement(storage.db, INSERT, ['again', null, Buffer.from([1, 2])]);
  assert.equal(await count(), 2);
});

test('a fixed statement whose parameter only its value gives a type still runs', async () => {
  const ECHO = { name: 'fixed_statement_test_untyped', text: 'select $1 as v' };
  for (let i = 0; i < 2; i++) assert.deepEqual(await queryFixedStatement(storage.db, ECHO, ["it's"]), [{ v: "it's" }]);
});
