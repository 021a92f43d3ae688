// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { authMigrations, createStaff, logEntries, ManualClock, openTestStorage, transparencyMigrations, type Storage } from '@tessera/platform';
import { DEFAULT_CENTRES } from '../domain/centre-config.ts';
import { createCentreStaff } from './assign-staff-centre.ts';
import { centreOfStaff, staffCentre } from './centre-scope.ts';
import { centreMigrations } from './migrations.ts';

const clock = new ManualClock('2026-12-02T10:00:00Z');
const PASSWORD = 'correct horse battery staple';
let storage: Storage;

before(async () => {
  storage = await openTestStorage();
  for (const m of [transparencyMigrations, authMigrations, centreMigrations]) await storage.migrate(m);
});
after(() => storage.close());

test('a centre account works at the centre it was created for, recorded in the centre log', async () => {
  const code = DEFAULT_CENTRES[0]!.code;
  const account = await createCentreStaff(storage.db, { username: 'bound.operator', displayName: 'Bound', organisation: 'VFS Global', roles: ['operator'], centre: code, password: PASSWORD }, clock);
  assert.equal(await centreOfStaff(storage.db, account.id), code);
  assert.equal((await staffCentre({ db: storage.db, centres: DEFAULT_CENTRES }, account)).code, code);
  const assigned = await storage.db.select().from(logEntries).where(and(eq(logEntries.type, 'staff.assigned'), eq(logEntries.subject, account.id)));
  assert.deepEqual(assigned.map((e) => JSON.parse(e.leaf).data), [{ centre: code }]);
});

test('an account bound to no centre, or to a centre not configured here, sees no centre (fail closed)', async () => {
  const unbound = await createStaff(storage.db, { username: 'unbound.operator', displayName: 'Unbound', organisation: 'VFS Global', roles: ['operator'], password: PASSWORD }, clock);
  await assert.rejects(staffCentre({ db: storage.db, centres: DEFAULT_CENTRES }, unbound), { code: 'ERR_FORBIDDEN' });
  const elsewhere = await createCentreStaff(storage.db, { username: 'elsewhere.operator', displayName: 'Elsewhere', organisation: 'VFS Global', roles: ['operator'], centre: 'nowhere', password: PASSWORD }, clock);
  await assert.rejects(staffCentre({ db: storage.db, centres: DEFAULT_CENTRES }, elsewhere), { code: 'ERR_FORBIDDEN' });
});
