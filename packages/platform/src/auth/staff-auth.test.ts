// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { and, asc, eq } from 'drizzle-orm';
import { buildServer, type Server } from '../http/server.ts';
import { openTestStorage } from '../storage/test-storage.ts';
import type { Storage } from '../storage/database.ts';
import { ManualClock } from '../time/clock.ts';
import { logEntries, transparencyMigrations } from '../transparency/index.ts';
import { DEFAULT_AUTH_POLICY } from './auth-deps.ts';
import { createStaff } from './create-staff.ts';
import { disableStaff } from './disable-staff.ts';
import { findStaffByUsername } from './find-staff.ts';
import { registerStaffAuth, type StaffAuth } from './register-staff-auth.ts';
import { resetStaffTotp } from './reset-staff-totp.ts';
import { signInWithPassword } from './sign-in-with-password.ts';
import { startSession } from './start-session.ts';
import { authMigrations, sessions, staff } from './schema.ts';
import { totpCode } from './totp.ts';

const ROLES = {
  officer: ['application:read', 'application:decide'],
  auditor: ['application:read'],
  registryOperator: ['registry:manage'],
} as const;

const PASSWORD = 'correct horse battery staple';
const clock = new ManualClock('2026-11-24T10:00:00Z');
const MINUTE = 60_000;
let storage: Storage;
let server: Server;
let auth: StaffAuth<(typeof ROLES)[keyof typeof ROLES][number]>;

/** Every response any test received, to prove secrets never leave the server. */
const responses: LightMyRequestResponse[] = [];
/** Every password any test typed, right or wrong. */
const typedPasswords = new Set<string>([PASSWORD]);
let nextAddress = 1;

before(async () => {
  storage = await openTestStorage();
  await storage.migrate(transparencyMigrations);
  await storage.migrate(authMigrations);
  server = await buildServer({ title: 'test', cookieSecret: 'x'.repeat(32), logLevel: 'silent' });
  auth = registerStaffAuth(server, {
    db: storage.db, clock, roles: ROLES, secretKey: randomBytes(32), signInRateLimit: { max: 20, timeWindow: '1 minute' },
    secondFactorRequiredFor: ['registryOperator'],
  });
  server.get('/registry/members', { preHandler: auth.requirePermission('registry:manage') }, async () => ({ members: [] }));
  server.post('/registry/members', { preHandler: auth.requirePermission('registry:manage') }, async () => ({ added: true }));
  server.get('/officer/queue', { preHandler: auth.requirePermission('application:read') }, async () => ({ queue: [] }));
  server.post('/officer/decisions', { preHandler: auth.requirePermission('application:decide') }, async () => ({ decided: true }));
});
after(async () => {
  await server.close();
  await storage.close();
});

/** A browser: its own cookie jar and client address (so per-address rate limits stay apart). */
class Browser {
  readonly jar = new Map<string, string>();
  readonly address = `10.0.0.${nextAddress++}`;

  async send(options: InjectOptions & { url: string }): Promise<LightMyRequestResponse> {
    const cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await server.inject({ remoteAddress: this.address, ...options, headers: { ...(cookie ? { cookie } : {}), ...options.headers } });
    responses.push(res);
    for (const c of res.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      const cleared = c.maxAge === 0 || (c.expires !== undefined && c.expires.getTime() <= Date.now());
      if (cleared) this.jar.delete(c.name);
      else this.jar.set(c.name, c.value);
    }
    return res;
  }

  get(url: string, headers: Record<string, string> = {}) {
    return this.send({ method: 'GET', url, headers });
  }

  /** Loads `page` for its CSRF token, then posts the form to `action`. */
  async submit(page: string, action: string, fields: Record<string, string>): Promise<LightMyRequestResponse> {
    const form = await this.get(page, { accept: 'text/html' });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1];
    assert.ok(csrf, `no CSRF token on ${page} (status ${form.statusCode})`);
    return this.post(action, { _csrf: csrf, ...fields });
  }

  post(url: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
    if (fields.password !== undefined) typedPasswords.add(fields.password);
    return this.send({
      method: 'POST', url, payload: new URLSearchParams(fields).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', ...headers },
    });
  }

  signIn(username: string, password = PASSWORD, next?: string) {
    return this.submit('/auth/sign-in', '/auth/sign-in', { username, password, ...(next === undefined ? {} : { next }) });
  }

  async me() {
    return this.get('/auth/me', { accept: 'application/json' });
  }
}

let staffCount = 0;
async function newStaff(overrides: Partial<Parameters<typeof createStaff>[1]> = {}) {
  staffCount += 1;
  return createStaff(storage.db, {
    username: `staff.member${staffCount}`, displayName: `Staff Member ${staffCount}`, organisation: 'PBGB',
    roles: ['officer'], password: PASSWORD, ...overrides,
  }, clock);
}

interface LoggedEvent {
  type: string;
  actor: string;
  subject: string;
  data: Record<string, unknown>;
}

/** The auth events in the transparency log, oldest first; about one staff member when given. */
async function events(subject?: string): Promise<LoggedEvent[]> {
  const where = subject === undefined ? eq(logEntries.context, 'platform_auth') : and(eq(logEntries.context, 'platform_auth'), eq(logEntries.subject, subject));
  const rows = await storage.db.select({ leaf: logEntries.leaf }).from(logEntries).where(where).orderBy(asc(logEntries.id));
  return rows.map((r) => JSON.parse(r.leaf) as LoggedEvent);
}

/** The sign-in form's body with the parts that differ per request (token, echoed username) blanked. */
const comparable = (body: string) => body.replace(/name="_csrf" value="[^"]*"/, '').replace(/name="username"([^>]*) value="[^"]*"/, 'name="username"$1');

test('the right password signs in with a fresh session cookie and /auth/me answers with the permissions', async () => {
  const account = await newStaff({ roles: ['officer'] });
  const browser = new Browser();
  const res = await browser.signIn(account.username.toUpperCase());
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, '/');
  const setCookie = String(res.headers['set-cookie']);
  assert.match(setCookie, /tessera_session=[^;]+;.*HttpOnly/i);
  assert.match(setCookie, /tessera_session=[^;]+;.*SameSite=Lax/i);
  const me = await browser.me();
  assert.equal(me.statusCode, 200);
  assert.deepEqual(me.json(), {
    id: account.id, username: account.username, displayName: account.displayName, organisation: 'PBGB',
    roles: ['officer'], permissions: ['application:decide', 'application:read'],
  });
  assert.deepEqual((await events(account.id)).map((e) => e.type), ['staff.created', 'staff.signed-in']);
});

test('the database keeps only the SHA-256 of a session token, never the token itself', async () => {
  const account = await newStaff();
  const browser = new Browser();
  await browser.signIn(account.username);
  const signed = decodeURIComponent(browser.jar.get('tessera_session')!);
  const token = signed.slice(0, signed.lastIndexOf('.'));
  const rows = await storage.db.select().from(sessions).where(eq(sessions.staffId, account.id));
  assert.equal(rows.length, 1);
  assert.notEqual(rows[0]!.id, token);
  assert.equal(rows[0]!.id, createHash('sha256').update(token).digest('base64url'));
  assert.equal(rows[0]!.ipHash, null, 'client addresses are not kept unless the deployment opts in');
});

test('a wrong password gets 401 and exactly the same answer as an unknown username', async () => {
  const account = await newStaff();
  const wrong = await new Browser().signIn(account.username, 'not the password at all');
  const unknown = await new Browser().signIn('nobody.here', 'not the password at all');
  assert.equal(wrong.statusCode, 401);
  assert.equal(unknown.statusCode, 401);
  assert.equal(comparable(wrong.body), comparable(unknown.body));
  assert.equal(String(wrong.headers['set-cookie'] ?? '').includes('tessera_session'), false);
  assert.match(wrong.body, /class="error-summary" role="alert"/);
  assert.match(wrong.body, new RegExp(`name="username"[^>]* value="${account.username}"`), 'the username is kept');
  assert.equal((await new Browser().me()).statusCode, 401);
  const failed = (await events(account.id)).filter((e) => e.type === 'staff.sign-in-failed');
  assert.deepEqual(failed.map((e) => [e.actor, e.data]), [['anonymous', { reason: 'password' }]]);
});

test('an unknown username costs a password verification too, so timing does not reveal which usernames exist', async () => {
  const account = await newStaff();
  const deps = { clock, secretKey: randomBytes(32), policy: { ...DEFAULT_AUTH_POLICY, maxFailedAttempts: 100 } };
  const median = async (username: string) => {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const start = performance.now();
      assert.deepEqual(await signInWithPassword(storage.db, deps, { username, password: 'not the password at all' }), { outcome: 'failed' });
      times.push(performance.now() - start);
    }
    return times.sort((a, b) => a - b)[2]!;
  };
  const known = await median(account.username);
  const unknown = await median('nobody.here');
  // scrypt dominates (~100 ms against ~1 ms of queries): without the dummy verification the
  // unknown username would answer in a small fraction of the time.
  assert.ok(unknown > known * 0.5, `unknown ${unknown.toFixed(1)} ms vs known ${known.toFixed(1)} ms`);
  await storage.db.update(staff).set({ failedAttempts: 0 }).where(eq(staff.id, account.id));
});

test('a session keeps the client address only as a keyed hash, and only when asked to', async () => {
  const account = await newStaff();
  const deps = { clock, secretKey: randomBytes(32), policy: DEFAULT_AUTH_POLICY };
  const session = await startSession(storage.db, deps, account.id, '203.0.113.7');
  const [row] = await storage.db.select().from(sessions).where(eq(sessions.id, createHash('sha256').update(session.token).digest('base64url')));
  assert.ok(row?.ipHash);
  assert.ok(!row.ipHash.includes('203.0.113.7'));
  assert.notEqual(row.ipHash, createHash('sha256').update('203.0.113.7').digest('base64url'), 'not a plain hash anyone could reverse');
});

test('the sixth attempt is refused even with the right password, and the account opens again after 15 minutes', async () => {
  const account = await newStaff();
  const browser = new Browser();
  for (let i = 0; i < 5; i++) assert.equal((await browser.signIn(account.username, `wrong password ${i}`)).statusCode, 401);
  const locked = await browser.signIn(account.username);
  assert.equal(locked.statusCode, 401);
  const unknown = await new Browser().signIn('nobody.here', PASSWORD);
  assert.equal(comparable(locked.body), comparable(unknown.body), 'a locked account looks like any failure');
  assert.equal((await browser.me()).statusCode, 401);
  const types = (await events(account.id)).map((e) => e.type);
  assert.equal(types.filter((t) => t === 'staff.locked-out').length, 1);
  assert.deepEqual((await events(account.id)).at(-1)?.data, { reason: 'locked' });

  clock.advance(14 * MINUTE);
  assert.equal((await browser.signIn(account.username)).statusCode, 401, 'still locked after 14 minutes');
  clock.advance(1 * MINUTE);
  assert.equal((await browser.signIn(account.username)).statusCode, 303);
  assert.equal((await browser.me()).statusCode, 200);
  const row = await findStaffByUsername(storage.db, account.username);
  assert.equal(row?.lockedUntil?.getTime() ?? null, null);
});

test('a success resets the failure count, so failures only lock when they are consecutive', async () => {
  const account = await newStaff();
  const browser = new Browser();
  for (let i = 0; i < 4; i++) await browser.signIn(account.username, `wrong password ${i}`);
  assert.equal((await browser.signIn(account.username)).statusCode, 303);
  for (let i = 0; i < 4; i++) await browser.signIn(account.username, `wrong password ${i}`);
  assert.equal((await browser.signIn(account.username)).statusCode, 303);
});

test('a disabled account cannot sign in and its open sessions end at once', async () => {
  const account = await newStaff();
  const browser = new Browser();
  await browser.signIn(account.username);
  await disableStaff(storage.db, { staffId: account.id, actor: 'admin' }, clock);
  assert.equal((await browser.me()).statusCode, 401);
  const again = await new Browser().signIn(account.username);
  assert.equal(again.statusCode, 401);
  assert.deepEqual((await events(account.id)).at(-1)?.data, { reason: 'disabled' });
});

test('the password is verified before the account row is locked: disabling the account meanwhile is not held up, and the sign-in then fails as disabled', async () => {
  const account = await newStaff();
  const browser = new Browser();
  const form = await browser.get('/auth/sign-in', { accept: 'text/html' });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1];
  assert.ok(csrf);
  const finished: string[] = [];
  const signingIn = browser.post('/auth/sign-in', { _csrf: csrf, username: account.username, password: PASSWORD }).then((res) => {
    finished.push('sign-in');
    return res;
  });
  // scrypt at the production parameters takes tens of milliseconds; let the sign-in get into it.
  await new Promise((resolve) => setTimeout(resolve, 15));
  // Locks the same row. Were the row locked (or PGlite's only connection taken) during scrypt,
  // this would wait for the sign-in to commit, and the sign-in would succeed.
  await disableStaff(storage.db, { staffId: account.id, actor: 'admin' }, clock);
  finished.push('disabled');
  const res = await signingIn;
  assert.deepEqual(finished, ['disabled', 'sign-in']);
  assert.equal(res.statusCode, 401);
  assert.deepEqual((await events(account.id)).at(-1)?.data, { reason: 'disabled' });
});

/** Enrols an authenticator app through the pages; returns its secret. */
/** A new staff member signed in on a browser of their own, with an authenticator app enrolled. */
async function enrolledStaff() {
  const account = await newStaff();
  const browser = new Browser();
  await browser.signIn(account.username);
  return { account, browser, secret: await enrol(browser) };
}

async function enrol(browser: Browser): Promise<string> {
  const page = await browser.get('/auth/totp', { accept: 'text/html' });
  assert.equal(page.statusCode, 200);
  const uri = /href="(otpauth:\/\/[^"]+)"/.exec(page.body)?.[1];
  assert.ok(uri);
  const secret = new URL(uri.replaceAll('&amp;', '&')).searchParams.get('secret')!;
  const shown = /<code class="totp-key"[^>]*>([^<]+)<\/code>/.exec(page.body)?.[1]?.replace(/\s/g, '');
  assert.equal(shown, secret, 'the key is also shown as text');
  const enrolment = /name="enrolment" value="([^"]+)"/.exec(page.body)?.[1];
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
  const wrong = await browser.post('/auth/totp', { _csrf: csrf!, enrolment: enrolment!, code: '000000' === totpCode(secret, clock.now()) ? '111111' : '000000' });
  assert.equal(wrong.statusCode, 400);
  const confirmed = await browser.post('/auth/totp', { _csrf: csrf!, enrolment: enrolment!, code: totpCode(secret, clock.now()) });
  assert.equal(confirmed.statusCode, 200);
  return secret;
}

test('with an authenticator enrolled, the password alone creates no session and the code completes sign-in', async () => {
  const { account, secret } = await enrolledStaff();
  const row = (await storage.db.select().from(staff).where(eq(staff.id, account.id)))[0]!;
  assert.ok(row.totpSecretEncrypted && !row.totpSecretEncrypted.includes(secret), 'the secret is stored encrypted');
  assert.ok((await events(account.id)).some((e) => e.type === 'staff.totp-enrolled'));

  clock.advance(MINUTE);
  const fresh = new Browser();
  const step1 = await fresh.signIn(account.username, PASSWORD, '/officer/queue');
  assert.equal(step1.statusCode, 303);
  assert.equal(step1.headers.location, '/auth/second-factor?next=%2Fofficer%2Fqueue');
  assert.equal(fresh.jar.has('tessera_session'), false);
  assert.equal((await fresh.me()).statusCode, 401);

  const code = totpCode(secret, clock.now());
  const step2 = await fresh.submit('/auth/second-factor?next=%2Fofficer%2Fqueue', '/auth/second-factor', { code, next: '/officer/queue' });
  assert.equal(step2.statusCode, 303);
  assert.equal(step2.headers.location, '/officer/queue');
  assert.equal((await fresh.me()).statusCode, 200);
  assert.equal(fresh.jar.has('tessera_sign_in'), false, 'the half-signed-in cookie is cleared');

  const replay = new Browser();
  await replay.signIn(account.username);
  const reused = await replay.submit('/auth/second-factor', '/auth/second-factor', { code });
  assert.equal(reused.statusCode, 401, 'the same code is not accepted twice');
  assert.equal((await replay.me()).statusCode, 401);
  clock.advance(30_000);
  const next = await replay.submit('/auth/second-factor', '/auth/second-factor', { code: totpCode(secret, clock.now()) });
  assert.equal(next.statusCode, 303);
});

test('a privileged role can do nothing on a password alone: pages lead to enrolment, APIs refuse, until an authenticator is enrolled', async () => {
  const account = await newStaff({ roles: ['registryOperator', 'auditor'] });
  const browser = new Browser();
  assert.equal((await browser.signIn(account.username)).statusCode, 303);
  const page = await browser.get('/registry/members', { accept: 'text/html' });
  assert.equal(page.statusCode, 303);
  assert.equal(page.headers.location, '/auth/totp');
  const api = await browser.get('/registry/members', { accept: 'application/json' });
  assert.equal(api.statusCode, 403);
  assert.equal(api.json().code, 'ERR_SECOND_FACTOR_REQUIRED');
  // Not only the privileged permission: the account's other roles wait for the second factor too.
  assert.equal((await browser.get('/officer/queue', { accept: 'application/json' })).json().code, 'ERR_SECOND_FACTOR_REQUIRED');
  assert.equal((await browser.me()).statusCode, 200, 'the account may see who it is');

  await enrol(browser);
  assert.equal((await browser.get('/registry/members', { accept: 'application/json' })).statusCode, 200);
  assert.equal((await browser.get('/officer/queue', { accept: 'application/json' })).statusCode, 200);

  // An administrator resetting the app puts the account back behind enrolment at once.
  await resetStaffTotp(storage.db, { staffId: account.id, actor: 'admin' }, clock);
  assert.equal((await browser.get('/registry/members', { accept: 'application/json' })).json().code, 'ERR_SECOND_FACTOR_REQUIRED');
});

test('roles not named as privileged keep working with a password alone', async () => {
  const account = await newStaff({ roles: ['auditor'] });
  const browser = new Browser();
  await browser.signIn(account.username);
  assert.equal((await browser.get('/officer/queue', { accept: 'application/json' })).statusCode, 200);
});

test('the code that confirmed the enrolment cannot be used to sign in', async () => {
  const { account, secret } = await enrolledStaff();
  const other = new Browser();
  await other.signIn(account.username);
  const res = await other.submit('/auth/second-factor', '/auth/second-factor', { code: totpCode(secret, clock.now()) });
  assert.equal(res.statusCode, 401);
});

test('wrong codes count towards the lockout, so a known password does not buy unlimited guesses', async () => {
  const { account, secret } = await enrolledStaff();
  clock.advance(MINUTE);
  const attacker = new Browser();
  const right = totpCode(secret, clock.now());
  for (let i = 0; i < 5; i++) {
    if (i % 2 === 0) await attacker.signIn(account.username);
    const guess = String(100000 + i);
    assert.equal((await attacker.submit('/auth/second-factor', '/auth/second-factor', { code: guess === right ? '999999' : guess })).statusCode, 401);
  }
  await attacker.signIn(account.username);
  assert.equal((await attacker.submit('/auth/second-factor', '/auth/second-factor', { code: right })).statusCode, 401, 'locked: even the right code fails');
  assert.ok((await events(account.id)).some((e) => e.type === 'staff.locked-out'));
  clock.advance(15 * MINUTE);
});

test('an enrolled app cannot be replaced by whoever holds the session, only reset by an administrator', async () => {
  const { account, browser } = await enrolledStaff();
  clock.advance(MINUTE);
  const page = await browser.get('/auth/totp', { accept: 'text/html' });
  assert.doesNotMatch(page.body, /otpauth:\/\//, 'no new secret is offered');
  await resetStaffTotp(storage.db, { staffId: account.id, actor: 'admin' }, clock);
  assert.ok((await events(account.id)).some((e) => e.type === 'staff.totp-reset' && e.actor === 'admin'));
  const after = await new Browser().signIn(account.username);
  assert.equal(after.headers.location, '/', 'after a reset the password alone signs in again');
});

test('the second-factor step without a fresh password step goes back to the sign-in form', async () => {
  const { account, secret } = await enrolledStaff();
  clock.advance(MINUTE);
  const nobody = new Browser();
  assert.equal((await nobody.get('/auth/second-factor', { accept: 'text/html' })).headers.location, '/auth/sign-in');

  const slow = new Browser();
  await slow.signIn(account.username);
  clock.advance(5 * MINUTE + 1000);
  const form = await slow.get('/auth/sign-in', { accept: 'text/html' });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
  const late = await slow.post('/auth/second-factor', { _csrf: csrf, code: totpCode(secret, clock.now()) });
  assert.equal(late.statusCode, 303);
  assert.equal(late.headers.location, '/auth/sign-in');
  assert.equal((await slow.me()).statusCode, 401);
});

test('a forged half-signed-in cookie is ignored', async () => {
  const { account } = await enrolledStaff();
  const forger = new Browser();
  forger.jar.set('tessera_sign_in', encodeURIComponent(`${account.id}.${clock.now().getTime() + MINUTE}.forged`));
  const res = await forger.get('/auth/second-factor', { accept: 'text/html' });
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, '/auth/sign-in');
});

test('a session ends after 30 idle minutes but lives on while used', async () => {
  const account = await newStaff();
  const browser = new Browser();
  await browser.signIn(account.username);
  clock.advance(29 * MINUTE);
  assert.equal((await browser.me()).statusCode, 200);
  clock.advance(29 * MINUTE);
  assert.equal((await browser.me()).statusCode, 200, 'the previous request counted as activity');
  clock.advance(30 * MINUTE);
  const expired = await browser.me();
  assert.equal(expired.statusCode, 401);
  assert.equal(expired.json().code, 'ERR_UNAUTHENTICATED');
});

test('a session ends 12 hours after sign-in however active it is', async () => {
  const account = await newStaff();
  const browser = new Browser();
  await browser.signIn(account.username);
  for (let elapsed = 0; elapsed < 12 * 60 - 20; elapsed += 20) {
    clock.advance(20 * MINUTE);
    assert.equal((await browser.me()).statusCode, 200);
  }
  clock.advance(20 * MINUTE);
  assert.equal((await browser.me()).statusCode, 401);
});

test('signing out revokes the session on the server, so a copied cookie stops working', async () => {
  const account = await newStaff();
  const browser = new Browser();
  await browser.signIn(account.username);
  const stolen = browser.jar.get('tessera_session')!;
  const out = await browser.submit('/auth/sign-in', '/auth/sign-out', {});
  assert.equal(out.statusCode, 303);
  assert.equal(out.headers.location, '/auth/sign-in?status=signed-out');
  assert.equal(browser.jar.has('tessera_session'), false);
  const thief = new Browser();
  thief.jar.set('tessera_session', stolen);
  assert.equal((await thief.me()).statusCode, 401);
  assert.ok((await events(account.id)).some((e) => e.type === 'staff.signed-out' && e.actor === account.id));
});

test('signing in again replaces a session planted beforehand (no session fixation)', async () => {
  const account = await newStaff();
  const attacker = new Browser();
  await attacker.signIn(account.username);
  const planted = attacker.jar.get('tessera_session')!;
  const victim = new Browser();
  victim.jar.set('tessera_session', planted);
  await victim.signIn(account.username);
  assert.notEqual(victim.jar.get('tessera_session'), planted);
  assert.equal((await attacker.me()).statusCode, 401, 'the planted session no longer works');
  assert.equal((await victim.me()).statusCode, 200);
});

test('a tampered session cookie signs nobody in', async () => {
  const account = await newStaff();
  const browser = new Browser();
  await browser.signIn(account.username);
  const cookie = decodeURIComponent(browser.jar.get('tessera_session')!);
  const tampered = new Browser();
  tampered.jar.set('tessera_session', encodeURIComponent(`${cookie.slice(0, cookie.lastIndexOf('.'))}.${'A'.repeat(43)}`));
  assert.equal((await tampered.me()).statusCode, 401);
  const unsigned = new Browser();
  unsigned.jar.set('tessera_session', cookie.slice(0, cookie.lastIndexOf('.')));
  assert.equal((await unsigned.me()).statusCode, 401);
});

test('a sign-in form posted without its CSRF token is refused with 403 and signs nobody in', async () => {
  const account = await newStaff();
  const browser = new Browser();
  await browser.get('/auth/sign-in', { accept: 'text/html' });
  const res = await browser.post('/auth/sign-in', { username: account.username, password: PASSWORD }, { accept: 'application/json' });
  assert.equal(res.statusCode, 403);
  assert.equal(res.json().code, 'ERR_CSRF');
  assert.equal(browser.jar.has('tessera_session'), false);
  const crossSite = await new Browser().post('/auth/sign-in', { username: account.username, password: PASSWORD, _csrf: 'forged' }, { accept: 'application/json' });
  assert.equal(crossSite.statusCode, 403);
});

test('signing out needs the CSRF token too, so another site cannot sign staff out', async () => {
  const account = await newStaff();
  const browser = new Browser();
  await browser.signIn(account.username);
  const res = await browser.post('/auth/sign-out', {}, { accept: 'application/json' });
  assert.equal(res.statusCode, 403);
  assert.equal((await browser.me()).statusCode, 200);
});

test('after sign-in only same-site paths are followed; open redirects go home instead', async () => {
  const account = await newStaff();
  for (const evil of ['//evil.example', 'https://evil.example/', '/\\evil.example', '/\t/evil.example']) {
    const res = await new Browser().signIn(account.username, PASSWORD, evil);
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/', JSON.stringify(evil));
  }
  const ok = await new Browser().signIn(account.username, PASSWORD, '/officer/queue?status=submitted');
  assert.equal(ok.headers.location, '/officer/queue?status=submitted');
  const form = await new Browser().get('/auth/sign-in?next=%2F%2Fevil.example', { accept: 'text/html' });
  assert.doesNotMatch(form.body, /evil\.example/, 'an unsafe next is not even put into the form');
});

test('a browser asking for a protected page is sent to sign in and brought back; an API client gets a 401 problem', async () => {
  const browser = new Browser();
  const page = await browser.get('/officer/queue?status=submitted', { accept: 'text/html,application/xhtml+xml' });
  assert.equal(page.statusCode, 303);
  assert.equal(page.headers.location, '/auth/sign-in?next=%2Fofficer%2Fqueue%3Fstatus%3Dsubmitted');
  const api = await browser.get('/officer/queue', { accept: 'application/json' });
  assert.equal(api.statusCode, 401);
  assert.match(String(api.headers['content-type']), /^application\/problem\+json/);
  assert.equal(api.json().code, 'ERR_UNAUTHENTICATED');
});

test('a signed-in staff member without the permission gets a 403 problem with its code', async () => {
  const account = await newStaff({ roles: ['auditor'] });
  const browser = new Browser();
  await browser.signIn(account.username);
  assert.equal((await browser.get('/officer/queue')).statusCode, 200);
  const res = await browser.send({ method: 'POST', url: '/officer/decisions', headers: { accept: 'application/json' } });
  assert.equal(res.statusCode, 403);
  assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
  assert.equal(res.json().code, 'ERR_FORBIDDEN');
  assert.equal(res.json().status, 403);
});

test('roles missing from the roles table grant nothing', async () => {
  const account = await newStaff({ roles: ['superuser'] });
  const browser = new Browser();
  await browser.signIn(account.username);
  assert.deepEqual((await browser.me()).json().permissions, []);
  assert.equal((await browser.get('/officer/queue')).statusCode, 403);
});


test('a username is taken whatever its letter case', async () => {
  const account = await newStaff();
  await assert.rejects(newStaff({ username: account.username.toUpperCase() }), { code: 'ERR_STAFF_EXISTS', status: 409 });
  await assert.rejects(newStaff({ password: 'short' }), { code: 'ERR_VALIDATION' });
});

test('sign-in attempts from one address are rate limited', async () => {
  const browser = new Browser();
  let last: LightMyRequestResponse | undefined;
  for (let i = 0; i < 21; i++) last = await browser.post('/auth/sign-in', { username: 'nobody.here', password: 'whatever it is' }, { accept: 'application/json' });
  assert.equal(last?.statusCode, 429);
  assert.equal(last?.json().code, 'ERR_TOO_MANY_REQUESTS');
});

test('with secureCookies the session cookie is marked Secure', async () => {
  const secure = await buildServer({ title: 'test', cookieSecret: 'y'.repeat(32), logLevel: 'silent', secureCookies: true });
  registerStaffAuth(secure, { db: storage.db, clock, roles: ROLES, secretKey: randomBytes(32), secureCookies: true });
  try {
    const account = await newStaff();
    const form = await secure.inject({ method: 'GET', url: '/auth/sign-in' });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
    const res = await secure.inject({
      method: 'POST', url: '/auth/sign-in',
      headers: { cookie: form.cookies.map((c) => `${c.name}=${c.value}`).join('; '), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrf, username: account.username, password: PASSWORD }).toString(),
    });
    responses.push(form, res);
    assert.equal(res.statusCode, 303);
    assert.match(String(res.headers['set-cookie']), /tessera_session=[^;]+;.*Secure/);
  } finally {
    await secure.close();
  }
});

test('the sign-in form is localised and labels every field for assistive technology', async () => {
  const et = await new Browser().get('/auth/sign-in?lang=et', { accept: 'text/html' });
  assert.match(et.body, /<html lang="et">/);
  assert.match(et.body, /<label class="field__label" for="username">Kasutajanimi<\/label>/);
  const ko = await new Browser().get('/auth/sign-in', { accept: 'text/html', 'accept-language': 'ko-KR,ko;q=0.9' });
  assert.match(ko.body, /<label class="field__label" for="password">비밀번호<\/label>/);
  assert.match(ko.body, /autocomplete="current-password"/);
  assert.equal(ko.headers['cache-control'], 'no-store');
});

test('no response ever carries a password, a password hash or a session token', async () => {
  const tokens = (await storage.db.select({ id: sessions.id }).from(sessions)).map((s) => s.id);
  assert.ok(responses.length > 50);
  for (const res of responses) {
    assert.doesNotMatch(res.body, /\$scrypt\$/);
    for (const password of typedPasswords) assert.ok(!res.body.includes(password), 'a typed password was echoed');
    for (const id of tokens) assert.ok(!res.body.includes(id));
  }
});

test('transparency events name staff by id only: no usernames, addresses or secrets in their data', async () => {
  const all = await events();
  assert.ok(all.length > 20);
  const usernames = (await storage.db.select({ u: staff.username }).from(staff)).map((r) => r.u.toLowerCase());
  const allowedKeys = new Set(['reason', 'attempts', 'until', 'secondFactor', 'organisation', 'roles']);
  for (const e of all) {
    for (const key of Object.keys(e.data)) assert.ok(allowedKeys.has(key), `unexpected event data member ${key}`);
    const data = JSON.stringify(e.data).toLowerCase();
    for (const u of usernames) assert.ok(!data.includes(u));
    assert.doesNotMatch(data, /10\.0\.0\.|\$scrypt\$/);
  }
});
