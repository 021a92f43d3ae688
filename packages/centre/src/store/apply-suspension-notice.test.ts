// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { authMigrations, logEntries, ManualClock, openTestStorage, transparencyMigrations, type Storage } from '@tessera/platform';
import { DEFAULT_CENTRES } from '../domain/centre-config.ts';
import { applySuspensionNotice } from './apply-suspension-notice.ts';
import { createCentreStaff } from './assign-staff-centre.ts';
import { staffCentre } from './centre-scope.ts';
import { centreMigrations } from './migrations.ts';

const clock = new ManualClock('2026-12-02T10:00:00Z');
const PASSWORD = 'correct horse battery staple';
const [seoul, dubai] = [DEFAULT_CENTRES[0]!.code, DEFAULT_CENTRES[1]!.code];
let storage: Storage;
let seoulStaff: { id: string };
let dubaiStaff: { id: string };

const openSession = (staffId: string) => storage.db.execute(sql`insert into platform_auth.sessions (id, staff_id, created_at, last_seen_at, expires_at) values (${randomUUID()}, ${staffId}, now(), now(), now() + interval '1 hour')`);
const openSessions = async (staffId: string) => Number(((await storage.db.execute(sql`select count(*) as n from platform_auth.sessions where staff_id = ${staffId} and revoked_at is null`)) as unknown as { rows: Array<{ n: string | number }> }).rows[0]!.n);
const scope = (account: { id: string }) => staffCentre({ db: storage.db, centres: DEFAULT_CENTRES }, account);

before(async () => {
  storage = await openTestStorage();
  for (const m of [transparencyMigrations, authMigrations, centreMigrations]) await storage.migrate(m);
  seoulStaff = await createCentreStaff(storage.db, { username: 'seoul.op', displayName: 'Seoul', organisation: 'VFS Global', roles: ['operator'], centre: seoul, password: PASSWORD }, clock);
  dubaiStaff = await createCentreStaff(storage.db, { username: 'dubai.op', displayName: 'Dubai', organisation: 'VFS Global', roles: ['operator'], centre: dubai, password: PASSWORD }, clock);
  for (const id of [seoulStaff.id, seoulStaff.id, dubaiStaff.id]) await openSession(id);
});
after(() => storage.close());

test('a suspension notice ends the sessions of that centre’s staff at once and refuses them on every request; other centres go on', async () => {
  const applied = await applySuspensionNotice({ db: storage.db, clock }, seoul, { state: 'suspended', at: '2026-12-02T09:59:00Z', reason: 'audit' });
  assert.deepEqual(applied, { changed: true, sessionsEnded: 2 });
  assert.equal(await openSessions(seoulStaff.id), 0);
  assert.equal(await openSessions(dubaiStaff.id), 1);
  await assert.rejects(scope(seoulStaff), { code: 'ERR_CENTRE_SUSPENDED' });
  assert.equal((await scope(dubaiStaff)).code, dubai);
  const logged = await storage.db.select().from(logEntries).where(eq(logEntries.subject, seoul));
  assert.deepEqual(logged.map((e) => e.type), ['centre.suspended']);
});

test('a repeated or older notice changes nothing; a later reinstatement serves the centre again', async () => {
  assert.deepEqual(await applySuspensionNotice({ db: storage.db, clock }, seoul, { state: 'suspended', at: '2026-12-02T09:59:00Z' }), { changed: false, sessionsEnded: 0 });
  // A reinstatement older than the suspension (a delayed or replayed message) is ignored.
  assert.deepEqual(await applySuspensionNotice({ db: storage.db, clock }, seoul, { state: 'active', at: '2026-12-02T09:00:00Z' }), { changed: false, sessionsEnded: 0 });
  await assert.rejects(scope(seoulStaff), { code: 'ERR_CENTRE_SUSPENDED' });
  assert.deepEqual(await applySuspensionNotice({ db: storage.db, clock }, seoul, { state: 'active', at: '2026-12-02T10:00:00Z' }), { changed: true, sessionsEnded: 0 });
  assert.equal((await scope(seoulStaff)).code, seoul);
  const logged = await storage.db.select().from(logEntries).where(eq(logEntries.subject, seoul));
  assert.deepEqual(logged.map((e) => e.type), ['centre.suspended', 'centre.reinstated']);
});
