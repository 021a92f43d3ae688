// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import { pgTable, serial, text } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { ManualClock } from '../time/clock.ts';
import { openTestStorage } from '../storage/test-storage.ts';
import type { Storage } from '../storage/database.ts';
import { buildServer, type Server } from './server.ts';
import { idempotencyMigrations, pruneIdempotencyKeys, registerIdempotency } from './idempotency.ts';
import { idempotencyKeys } from './idempotency-schema.ts';

const notes = pgTable('notes', { id: serial('id').primaryKey(), text: text('text').notNull() });

let storage: Storage;
let server: Server;
const clock = new ManualClock('2026-11-24T10:00:00Z');

before(async () => {
  storage = await openTestStorage();
  await storage.migrate(idempotencyMigrations);
  await storage.db.execute(sql`create table notes (id serial primary key, text text not null)`);
  server = await buildServer({ title: 'test', cookieSecret: 'x'.repeat(32), logLevel: 'silent', storage });
  registerIdempotency(server, { db: storage.db, clock, scope: () => 'anonymous' });
  server.post('/notes', async (request, reply) => {
    const body = request.body as { text: string };
    if (body.text === 'boom') throw new Error('storage down');
    const [row] = await storage.db.insert(notes).values({ text: body.text }).returning();
    return reply.code(201).send(row);
  });
  // A page's form carries its one-time key in a field; the first answer is a page with a secret on it.
  server.post('/notes/form', { config: { idempotencyKeyField: 'idempotencyKey' } }, async (request, reply) => {
    const [row] = await storage.db.insert(notes).values({ text: (request.body as { text: string }).text }).returning();
    return reply.code(201).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(`<p>note ${row!.id}, secret ${Math.random()}</p>`);
  });
});
after(async () => {
  await server.close();
  await storage.close();
});

const rows = async () => (await storage.db.select({ n: count() }).from(notes))[0]!.n;
const post = (key: string, text: string) =>
  server.inject({ method: 'POST', url: '/notes', headers: { 'idempotency-key': key, 'content-type': 'application/json' }, payload: { text } });

test('a request replayed with the same Idempotency-Key gets the first response and changes nothing', async () => {
  const first = await post('key-aaaaaaaa', 'hello');
  const second = await post('key-aaaaaaaa', 'hello');
  assert.equal(first.statusCode, 201);
  assert.equal(second.statusCode, 201);
  assert.equal(second.body, first.body);
  assert.equal(second.headers['idempotency-replayed'], 'true');
  assert.equal(await rows(), 1);
});

test('the same key with a different body is refused with 422 and changes nothing', async () => {
  await post('key-bbbbbbbb', 'one');
  const before = await rows();
  const reused = await post('key-bbbbbbbb', 'two');
  assert.equal(reused.statusCode, 422);
  assert.match(String(reused.headers['content-type']), /^application\/problem\+json/);
  assert.equal(reused.json().code, 'ERR_IDEMPOTENCY_KEY_REUSED');
  assert.equal(await rows(), before);
});

test('a failed request is not remembered, so the client can retry it', async () => {
  const failed = await post('key-cccccccc', 'boom');
  assert.equal(failed.statusCode, 500);
  assert.equal(failed.json().code, 'ERR_INTERNAL');
  assert.doesNotMatch(failed.body, /storage down/);
  const retried = await post('key-cccccccc', 'boom');
  assert.equal(retried.statusCode, 500);
  assert.equal(retried.headers['idempotency-replayed'], undefined);
});

test('a malformed key is a 400 problem', async () => {
  const bad = await post('short', 'x');
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().errors[0].path, 'headers/idempotency-key');
});

test('requests without a key are not deduplicated', async () => {
  const before = await rows();
  for (let i = 0; i < 2; i++) await server.inject({ method: 'POST', url: '/notes', payload: { text: 'plain' } });
  assert.equal(await rows(), before + 2);
});

test('the store keeps neither the key nor what the caller was told in the clear', async () => {
  const secretText = 'private-status-link-9f2c4e';
  const first = await post('key-dddddddd', secretText);
  assert.equal(first.statusCode, 201);
  const stored = JSON.stringify(await storage.db.select().from(idempotencyKeys));
  assert.doesNotMatch(stored, /key-dddddddd/);
  assert.doesNotMatch(stored, new RegExp(secretText));
  const replayed = await post('key-dddddddd', secretText);
  assert.equal(replayed.headers['idempotency-replayed'], 'true');
  assert.equal(replayed.body, first.body);
});

test('a remembered response is unsealed only under its own scope', async () => {
  const stored = createHash('sha256').update('key-dddddddd').digest('base64url');
  const [row] = await storage.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, stored));
  const other = await storage.db.insert(idempotencyKeys).values({ ...row!, scope: 'someone-else' }).returning();
  assert.equal(other.length, 1);
  const scoped = await buildServer({ title: 'test', cookieSecret: 'x'.repeat(32), logLevel: 'silent', storage });
  registerIdempotency(scoped, { db: storage.db, clock, scope: () => 'someone-else' });
  scoped.post('/notes', async (_request, reply) => reply.code(201).send({ fresh: true }));
  try {
    const moved = await scoped.inject({ method: 'POST', url: '/notes', headers: { 'idempotency-key': 'key-dddddddd', 'content-type': 'application/json' }, payload: { text: 'private-status-link-9f2c4e' } });
    // The copied row's body is bound to its scope: it cannot be opened elsewhere (500, no body leak).
    assert.equal(moved.statusCode, 500);
    assert.doesNotMatch(moved.body, /private-status-link/);
  } finally {
    await scoped.close();
  }
});

test('remembered responses older than a day are pruned', async () => {
  await post('key-eeeeeeee', 'old');
  clock.advance(25 * 3600_000);
  const removed = await pruneIdempotencyKeys(storage.db, clock);
  assert.ok(removed >= 1);
  assert.equal((await storage.db.select({ n: count() }).from(idempotencyKeys))[0]!.n, 0);
});

test('a form that carries its key in a field is answered once: a double submit gets the same page, not cached, and changes nothing more', async () => {
  const submit = (fields: Record<string, string>) => server.inject({ method: 'POST', url: '/notes/form', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(fields).toString() });
  const before = await rows();
  const first = await submit({ idempotencyKey: 'form-key-dddddddd', text: 'from a page' });
  const second = await submit({ idempotencyKey: 'form-key-dddddddd', text: 'from a page' });
  assert.equal(first.statusCode, 201);
  assert.deepEqual([second.statusCode, second.body, second.headers['content-type']], [201, first.body, 'text/html; charset=utf-8']);
  assert.equal(second.headers['idempotency-replayed'], 'true');
  assert.equal(second.headers['cache-control'], 'no-store');
  assert.equal(await rows(), before + 1);
  const malformed = await submit({ idempotencyKey: 'short', text: 'x' });
  assert.deepEqual([malformed.statusCode, malformed.json().errors[0].path], [400, 'body/idempotencyKey']);
  // The field counts only on the route that names it: elsewhere a body field is just data.
  const elsewhere = async () => server.inject({ method: 'POST', url: '/notes', headers: { 'content-type': 'application/json' }, payload: { idempotencyKey: 'form-key-eeeeeeee', text: 'api' } });
  await elsewhere();
  assert.equal((await elsewhere()).headers['idempotency-replayed'], undefined);
  assert.equal(await rows(), before + 3);
});
