// SPDX-License-Identifier: Apache-2.0
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { eq } from 'drizzle-orm';
import { findStaffByUsername, logEntries, openTestStorage, systemClock, type Storage } from '@tessera/platform';
import { BENEFITS_PART_MIGRATIONS } from '../parts/benefits-part.ts';
import { benefitsAddAuthorCommand } from './benefits-add-author.ts';

const PASSWORD = 'a long policy author password 2026';
const ENV = { TESSERA_BENEFITS_DATABASE_URL: 'postgres://benefits.example/benefits', DATABASE_URL: 'postgres://authority.example/tessera' };

describe('tessera benefits add-author', () => {
  let storage: Storage;
  before(async () => {
    storage = await openTestStorage();
    for (const m of BENEFITS_PART_MIGRATIONS) await storage.migrate(m);
  });
  after(() => storage?.close());
  // The benefits database itself (closed by the command) stands in for the part's own PostgreSQL.
  const open = async () => Object.assign(Object.create(storage) as Storage, { close: async () => undefined });

  it('creates a policy author, with that role only, in the benefits service’s database and its log', async () => {
    const out = new PassThrough();
    assert.equal(await benefitsAddAuthorCommand(ENV, { username: 'author.kim', displayName: 'Ji-woo Kim', organisation: 'Ministry of Health and Welfare', password: PASSWORD }, out, { open }), 0);
    const author = await findStaffByUsername(storage.db, 'author.kim');
    assert.deepEqual(author?.roles, ['policy_author']);
    assert.ok((await storage.db.select().from(logEntries).where(eq(logEntries.type, 'staff.created'))).length > 0);
    assert.match(String(out.read()), /author\.kim created/);
  });

  it('refuses a weak password and a taken username, with their codes, and creates nothing', async () => {
    await assert.rejects(benefitsAddAuthorCommand(ENV, { username: 'author.lee', displayName: 'Lee', organisation: 'MOHW', password: 'short' }, new PassThrough(), { open }), { code: 'ERR_VALIDATION' });
    assert.equal(await findStaffByUsername(storage.db, 'author.lee'), null);
    await assert.rejects(benefitsAddAuthorCommand(ENV, { username: 'author.kim', displayName: 'Again', organisation: 'MOHW', password: PASSWORD }, new PassThrough(), { open, clock: systemClock }), { code: 'ERR_STAFF_EXISTS' });
  });

  it('refuses to run without the service’s own database, or with the authority’s', async () => {
    await assert.rejects(benefitsAddAuthorCommand({ DATABASE_URL: ENV.DATABASE_URL }, { username: 'a.b', displayName: 'A', organisation: 'B', password: PASSWORD }, new PassThrough(), { open }),
      (error: { code?: string; issues?: Array<{ path: string; code: string }> }) => error.code === 'ERR_VALIDATION' && error.issues?.[0]?.path === 'TESSERA_BENEFITS_DATABASE_URL');
    await assert.rejects(benefitsAddAuthorCommand({ ...ENV, TESSERA_BENEFITS_DATABASE_URL: ENV.DATABASE_URL }, { username: 'a.b', displayName: 'A', organisation: 'B', password: PASSWORD }, new PassThrough(), { open }),
      (error: { issues?: Array<{ code: string }> }) => error.issues?.[0]?.code === 'not_own_database');
  });
});
