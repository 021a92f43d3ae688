// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { authMigrations, createStaff, openTestStorage, systemClock, transparencyMigrations, type Storage } from '@tessera/platform';
import { authorityMigrations } from '@tessera/authority';
import { demoWorldState, DEMO_STAFF } from './demo-world.ts';

let storage: Storage;
before(async () => {
  storage = await openTestStorage();
  for (const m of [transparencyMigrations, authMigrations, authorityMigrations]) await storage.migrate(m);
});
after(() => storage?.close());

test('the demo world goes only into empty storage: a world with its own staff is left alone', async () => {
  assert.equal(await demoWorldState(storage.db), 'empty');
  await createStaff(storage.db, { username: 'officer.real', displayName: 'Real Officer', organisation: 'PBGB', roles: ['officer'], password: 'a-long-real-password-2026' }, systemClock);
  assert.equal(await demoWorldState(storage.db), 'other');
  await createStaff(storage.db, { ...DEMO_STAFF[0]!, roles: [...DEMO_STAFF[0]!.roles] }, systemClock);
  assert.equal(await demoWorldState(storage.db), 'demo');
});
