// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../time/clock.ts';
import { openTestStorage } from '../storage/test-storage.ts';
import type { Storage } from '../storage/database.ts';
import { buildServer, type Server } from './server.ts';
import { idempotencyMigrations } from './idempotency.ts';
import { pruneRateLimits } from './rate-limit-store.ts';

let storage: Storage | undefined;
const servers: Server[] = [];
const clock = new ManualClock('2026-11-24T10:00:00Z');

before(async () => {
  storage = await openTestStorage();
  await storage.migrate(idempotencyMigrations);
  // Two processes of one part behind a load balancer: two servers sharing the database.
  for (let i = 0; i < 2; i++) {
    const server = await buildServer({ title: 'rate limits', cookieSecret: 'x'.repeat(32), logLevel: 'silent', storage, sharedRateLimits: { db: storage.db, clock } });
    server.post('/sign-in', { config: { rateLimit: { max: 3, timeWindow: 60_000 } } }, async () => ({ ok: true }));
    server.post('/other', { config: { rateLimit: { max: 3, timeWindow: 60_000 } } }, async () => ({ ok: true }));
    servers.push(server);
  }
});
after(async () => {
  for (const server of servers) await server.close();
  await storage?.close();
});

const post = (i: number, url = '/sign-in') => servers[i % 2]!.inject({ method: 'POST', url, remoteAddress: '203.0.113.7' });

test('attempts spread over two processes count against one limit, per route, until the window ends', async () => {
  for (let i = 0; i < 3; i++) assert.equal((await post(i)).statusCode, 200);
  const refused = await post(3);
  assert.equal(refused.statusCode, 429);
  assert.equal(refused.json().code, 'ERR_TOO_MANY_REQUESTS');
  assert.equal((await post(4)).statusCode, 429, 'the other process refuses too');
  assert.equal((await post(0, '/other')).statusCode, 200, 'another route has its own counter');
  clock.advance(60_000);
  assert.equal((await post(1)).statusCode, 200, 'a new window starts');
  assert.equal(await pruneRateLimits(storage!.db, new Date(clock.now().getTime() - 1)), 1, 'the ended window of /other is forgotten');
});
