// SPDX-License-Identifier: Apache-2.0
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { and, eq } from 'drizzle-orm';
import { catalogueDirectory } from '@tessera/credentials/testing';
import { buildServer, findStaffByUsername, logEntries, systemClock, type Server, type Storage } from '@tessera/platform';
import { openVerifierFixture, type VerifierFixture } from '@tessera/verifier/testing';
import { OWN_STAFF_ROLES, registerOwnStaff } from '../mobile-credentials/start-mobile-credentials.ts';
import { CREDENTIALS_PART_MIGRATIONS } from '../parts/credentials-part.ts';
import { HttpBrowser } from '../testing/http-browser.ts';
import { credentialsAddStaffCommand } from './credentials-add-staff.ts';

const PASSWORD = 'a long credentials staff password 2026';
const ENV = { TESSERA_CREDENTIALS_DATABASE_URL: 'postgres://credentials.example/credentials', DATABASE_URL: 'postgres://authority.example/tessera' };
const ISSUER = 'http://localhost';
/** Each role's page and the page of the other role (which it must not open). */
const PAGES = { issuer_admin: '/issuer/admin/types', issuing_desk: '/issuer/desk/offers/new' } as const;

describe('tessera credentials add-staff', () => {
  let verifier: VerifierFixture;
  let storage: Storage;
  let server: Server;
  let url = '';
  before(async () => {
    // The verifier's dependencies over the test database (its relying-party register is the administrator's too).
    verifier = await openVerifierFixture();
    storage = verifier.issuer.trust.storage;
    for (const m of CREDENTIALS_PART_MIGRATIONS) await storage.migrate(m);
    // The part's own staff pages as tessera serve credentials registers them, over the same database.
    server = await buildServer({ title: 'credentials staff test', cookieSecret: 'c'.repeat(32), logLevel: 'silent' });
    registerOwnStaff(server, {
      admin: { db: storage.db, clock: systemClock, vctBase: `${ISSUER}/types`, exchange: catalogueDirectory([]), documents: { status: async () => 'valid', onChange: () => () => undefined } },
      desk: { db: storage.db, clock: systemClock, issuerUrl: ISSUER, offerMinutes: 15, randomBytes: (n) => new Uint8Array(randomBytes(n)) },
      verifier: verifier.deps,
      staff: { secretKey: randomBytes(32), secureCookies: false, secondFactorRequired: false },
    });
    url = await server.listen({ host: '127.0.0.1', port: 0 });
  });
  after(async () => {
    await server?.close();
    await verifier?.close();
  });
  // The part's database itself (closed by the command) stands in for its own PostgreSQL.
  const open = async () => Object.assign(Object.create(storage) as Storage, { close: async () => undefined });

  it('creates a staff member of each role in the part’s own database, logged with the CLI as actor, who signs in and opens exactly the pages of that role', async () => {
    for (const [role, username] of [['issuer_admin', 'admin.tamm'], ['issuing_desk', 'desk.kask']] as const) {
      const out = new PassThrough();
      assert.equal(await credentialsAddStaffCommand(ENV, { username, role, displayName: `Staff ${username}`, organisation: 'Credential issuer', password: PASSWORD }, out, { open }), 0);
      const member = await findStaffByUsername(storage.db, username);
      assert.deepEqual(member?.roles, [role]);
      const [event] = await storage.db.select({ leaf: logEntries.leaf }).from(logEntries).where(and(eq(logEntries.type, 'staff.created'), eq(logEntries.subject, member!.id)));
      assert.equal((JSON.parse(event!.leaf) as { actor: string }).actor, 'cli');
      assert.match(String(out.read()), new RegExp(`${username.replace('.', '\\.')} \\(${role}\\) created`));
      assert.doesNotMatch(event!.leaf, new RegExp(PASSWORD), 'the password is not in the log');

      const browser = await HttpBrowser.signedIn(url, username, PASSWORD);
      const landing = await browser.get('/issuer/staff');
      assert.deepEqual([landing.status, landing.location], [303, PAGES[role]], 'signing in lands on the role’s own page');
      assert.equal((await browser.get(PAGES[role])).status, 200);
      const other = role === 'issuer_admin' ? PAGES.issuing_desk : PAGES.issuer_admin;
      assert.equal((await browser.get(other)).status, 403, `${role} does not open ${other}`);
      const me = await browser.send('/auth/me', { headers: { accept: 'application/json' } });
      assert.deepEqual((JSON.parse(me.body) as { permissions: string[] }).permissions.toSorted(), [...OWN_STAFF_ROLES[role]].toSorted(), 'exactly the role’s permissions');
    }
  });

  it('the part’s administrator registers a relying party over its API: its API key answered once (a retry with the same Idempotency-Key gets the same one), the register listed without secrets; the desk, a bad registration and a request without a key change nothing', async () => {
    const admin = await HttpBrowser.signedIn(url, 'admin.tamm', PASSWORD);
    const desk = await HttpBrowser.signedIn(url, 'desk.kask', PASSWORD);
    const csrfOf = async (browser: HttpBrowser, page: string) => /name="_csrf" value="([^"]+)"/.exec((await browser.get(page)).body)![1]!;
    const registration = {
      id: 'jongno-district-office', name: { en: 'Jongno District Office', ko: '종로구청', et: 'Jongno linnaosavalitsus' },
      purpose: { en: 'Paperless household register', ko: '주민등록등본 전자 제출', et: 'Paberivaba leibkonnaregister' },
      claims: [{ vct: `${ISSUER}/types/kr.mois.household-register`, claims: ['family_name', 'given_name', 'household_members'] }],
    };
    const post = async (browser: HttpBrowser, csrf: string, body: unknown, key?: string) => browser.send('/api/v1/verifier/relying-parties', {
      method: 'POST', body: JSON.stringify(body), headers: { accept: 'application/json', 'content-type': 'application/json', 'x-csrf-token': csrf, ...(key ? { 'idempotency-key': key } : {}) },
    });
    const adminCsrf = await csrfOf(admin, PAGES.issuer_admin);
    const deskCsrf = await csrfOf(desk, PAGES.issuing_desk);
    const registered = async () => storage.db.select({ type: logEntries.type }).from(logEntries).where(eq(logEntries.type, 'relying_party.registered'));
    const events = (await registered()).length;

    assert.equal((await post(desk, deskCsrf, registration, 'desk-key-00000001')).status, 403, 'the desk does not register relying parties');
    const noKey = await post(admin, adminCsrf, registration);
    assert.equal(noKey.status, 400);
    assert.match(noKey.body, /idempotency-key/);
    const bad = await post(admin, adminCsrf, { ...registration, id: 'Not An Id', purpose: { ...registration.purpose, ko: ' ' } }, 'admin-key-bad-0001');
    assert.equal(bad.status, 400);
    assert.deepEqual((JSON.parse(bad.body) as { errors: Array<{ path: string }> }).errors.map((i) => i.path).toSorted(), ['/id', '/purpose/ko']);
    assert.equal((await registered()).length, events, 'nothing registered yet');

    const first = await post(admin, adminCsrf, registration, 'admin-key-0000001');
    assert.equal(first.status, 201, first.body);
    const created = JSON.parse(first.body) as { id: string; client_id: string; api_key: string; webhook_secret: string };
    assert.match(created.api_key, /^rp_/);
    assert.match(created.client_id, /^x509_hash:/);
    const retried = await post(admin, adminCsrf, registration, 'admin-key-0000001');
    assert.equal(retried.status, 201);
    assert.equal((JSON.parse(retried.body) as { api_key: string }).api_key, created.api_key, 'the retry is answered with the first answer');
    assert.equal((await post(admin, adminCsrf, registration, 'admin-key-0000002')).status, 409, 'a second registration of the same id is a conflict');
    assert.equal((await registered()).length, events + 1, 'registered and logged once');

    const listed = await admin.send('/api/v1/verifier/relying-parties?size=10', { headers: { accept: 'application/json' } });
    assert.equal(listed.status, 200);
    assert.ok(listed.body.includes('jongno-district-office') && !listed.body.includes(created.api_key) && !listed.body.includes(created.webhook_secret), 'listed, without its secrets');
    assert.equal((await desk.send('/api/v1/verifier/relying-parties', { headers: { accept: 'application/json' } })).status, 403);
  });

  it('refuses an unknown or missing role, naming the part’s roles, and creates nobody', async () => {
    for (const role of ['officer', undefined]) {
      await assert.rejects(credentialsAddStaffCommand(ENV, { username: 'someone.else', role, displayName: 'Someone', organisation: 'RIA', password: PASSWORD }, new PassThrough(), { open }),
        (error: { code?: string; message: string; issues?: Array<{ path: string; code: string }> }) =>
          error.code === 'ERR_VALIDATION' && error.issues?.[0]?.path === 'role' && error.issues[0].code === (role ? 'unknown_role' : 'required') && /issuer_admin, issuing_desk/.test(error.message));
    }
    assert.equal(await findStaffByUsername(storage.db, 'someone.else'), null);
  });

  it('refuses a weak password and a taken username, with their codes, and creates nothing', async () => {
    await assert.rejects(credentialsAddStaffCommand(ENV, { username: 'desk.lepp', role: 'issuing_desk', displayName: 'Lepp', organisation: 'RIA', password: 'short' }, new PassThrough(), { open }), { code: 'ERR_VALIDATION' });
    assert.equal(await findStaffByUsername(storage.db, 'desk.lepp'), null);
    await assert.rejects(credentialsAddStaffCommand(ENV, { username: 'desk.kask', role: 'issuer_admin', displayName: 'Again', organisation: 'RIA', password: PASSWORD }, new PassThrough(), { open }), { code: 'ERR_STAFF_EXISTS' });
    assert.deepEqual((await findStaffByUsername(storage.db, 'desk.kask'))?.roles, ['issuing_desk'], 'the existing account keeps its role');
  });

  it('refuses to run without the part’s own database, or with the authority’s', async () => {
    const input = { username: 'a.b', role: 'issuing_desk', displayName: 'A', organisation: 'B', password: PASSWORD };
    await assert.rejects(credentialsAddStaffCommand({ DATABASE_URL: ENV.DATABASE_URL }, input, new PassThrough(), { open }),
      (error: { code?: string; issues?: Array<{ path: string; code: string }> }) => error.code === 'ERR_VALIDATION' && error.issues?.[0]?.path === 'TESSERA_CREDENTIALS_DATABASE_URL');
    await assert.rejects(credentialsAddStaffCommand({ ...ENV, TESSERA_CREDENTIALS_DATABASE_URL: ENV.DATABASE_URL }, input, new PassThrough(), { open }),
      (error: { issues?: Array<{ code: string }> }) => error.issues?.[0]?.code === 'not_own_database');
    assert.equal(await findStaffByUsername(storage.db, 'a.b'), null);
  });
});
