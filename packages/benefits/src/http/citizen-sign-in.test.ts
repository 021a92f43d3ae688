// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { eq } from 'drizzle-orm';
import { buildServer, logEntries, mailMigrations, ManualClock, openTestStorage, transparencyMigrations, type Server, type Storage } from '@tessera/platform';
import { ALL_PROGRAMMES } from '../domain/programmes/catalogue.ts';
import { testAgencies } from '../testing/test-agencies.ts';
import { benefitsMigrations } from '../store/migrations.ts';
import { citizenSessions } from '../store/schema.ts';
import { registerBenefitsPages } from './benefits-routes.ts';
import { BENEFITS_SESSION_COOKIE, registerBenefitsSignIn } from './citizen-sign-in.ts';

const PORTAL = 'https://portal.test';
const CODE = '49103150221';
const SERVICE_SECRET = 'the benefits service’s own cookie secret, not the portal’s';

describe('the benefits service’s own citizen sign-in, from the portal’s signed assertion', { timeout: 60_000 }, () => {
  let storage: Storage;
  let server: Server;
  const clock = new ManualClock('2026-03-10T09:00:00Z');
  let portalKey: CryptoKey;
  let jwk: JWK;
  before(async () => {
    storage = await openTestStorage();
    for (const m of [transparencyMigrations, mailMigrations, benefitsMigrations]) await storage.migrate(m);
    const pair = await generateKeyPair('ES256');
    portalKey = pair.privateKey;
    jwk = { ...(await exportJWK(pair.publicKey)), kid: 'portal-1', alg: 'ES256' };
    const agencies = testAgencies({ people: {}, households: {} });
    const deps = { db: storage.db, clock, agencies: agencies.port, intake: agencies.intake, pageUrl: `${PORTAL}/citizen/benefits`, programmes: ALL_PROGRAMMES };
    server = await buildServer({ title: 'test', cookieSecret: SERVICE_SECRET, logLevel: 'silent' });
    const signIn = registerBenefitsSignIn(server, deps, {
      // Only the portal's public key: the service holds no secret of the portal's.
      portal: { issuer: PORTAL, assertionUrl: `${PORTAL}/citizen/sign-in/assertion`, keys: createLocalJWKSet({ keys: [jwk] }) },
      audience: 'benefits', subjectOf: (code) => `EE${code}`, secureCookies: false,
    });
    registerBenefitsPages(server, deps, signIn);
    await server.ready();
  });
  after(async () => {
    await server?.close();
    await storage?.close();
  });

  /** Starts a sign-in: the state cookie the browser keeps and the state sent to the portal. */
  async function start() {
    const res = await server.inject({ method: 'GET', url: '/citizen/benefits/sign-in' });
    assert.equal(res.statusCode, 303);
    const to = new URL(res.headers.location!);
    assert.equal(to.origin + to.pathname, `${PORTAL}/citizen/sign-in/assertion`);
    assert.equal(to.searchParams.get('client_id'), 'benefits');
    const cookie = (res.cookies as Array<{ name: string; value: string }>).map((c) => `${c.name}=${c.value}`).join('; ');
    return { state: to.searchParams.get('state')!, cookie };
  }

  /** An assertion as the portal makes one, with any claim, header or key changed. */
  async function assertion(state: string, o: { aud?: string; iss?: string; exp?: number; iat?: number; typ?: string; key?: CryptoKey; jti?: string } = {}) {
    const iat = o.iat ?? Math.floor(clock.now().getTime() / 1000);
    return new SignJWT({ name: 'Min-seo Park', nonce: state })
      .setProtectedHeader({ alg: 'ES256', typ: o.typ ?? 'citizen-assertion+jwt', kid: 'portal-1' })
      .setIssuer(o.iss ?? PORTAL).setAudience(o.aud ?? 'benefits').setSubject(CODE).setJti(o.jti ?? crypto.randomUUID())
      .setIssuedAt(iat).setExpirationTime(o.exp ?? iat + 60).sign(o.key ?? portalKey);
  }

  /** What the portal's page makes the browser do: post the assertion in a form body. */
  const redeem = (token: string, cookie: string) => server.inject({
    method: 'POST', url: '/citizen/benefits/sign-in/callback', payload: new URLSearchParams({ assertion: token }).toString(),
    headers: { cookie, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
  });
  const sessionCookie = (res: Awaited<ReturnType<typeof redeem>>) => (res.cookies as Array<{ name: string; value: string }>).find((c) => c.name === BENEFITS_SESSION_COOKIE);

  it('a good assertion starts a session in the service’s own database, which opens the person’s page', async () => {
    const { state, cookie } = await start();
    const before = (await storage.db.select().from(citizenSessions)).length;
    const res = await redeem(await assertion(state), cookie);
    assert.equal(res.statusCode, 303, res.body);
    assert.equal(res.headers.location, '/citizen/benefits');
    const session = sessionCookie(res);
    assert.ok(session);
    const rows = await storage.db.select().from(citizenSessions);
    assert.equal(rows.length, before + 1);
    assert.ok(rows.every((r) => r.tokenHash !== session.value), 'only the token’s hash is stored');
    assert.ok(rows.some((r) => r.subject === `EE${CODE}`));
    const started = await storage.db.select().from(logEntries).where(eq(logEntries.type, 'citizen-session.started'));
    assert.ok(started.length > 0 && started.every((e) => !JSON.stringify(e).includes(CODE)), 'logged, without the person’s code');
    const page = await server.inject({ method: 'GET', url: '/citizen/benefits', headers: { cookie: `${BENEFITS_SESSION_COOKIE}=${session.value}`, accept: 'text/html' } });
    assert.equal(page.statusCode, 200);
  });

  it('an assertion replayed is refused: each one starts at most one session', async () => {
    const { state, cookie } = await start();
    const token = await assertion(state);
    assert.equal((await redeem(token, cookie)).statusCode, 303);
    const again = await redeem(token, cookie);
    assert.equal(again.statusCode, 401);
    assert.equal(again.json().code, 'ERR_CITIZEN_ASSERTION_REPLAYED');
    assert.equal(sessionCookie(again), undefined);
  });

  it('an assertion in the URL is not taken: only a posted form body carries one, so no address, history or request log holds it', async () => {
    const { state, cookie } = await start();
    const sessions = (await storage.db.select().from(citizenSessions)).length;
    const inUrl = await server.inject({ method: 'GET', url: `/citizen/benefits/sign-in/callback?assertion=${encodeURIComponent(await assertion(state))}`, headers: { cookie, accept: 'application/json' } });
    assert.equal(inUrl.statusCode, 404);
    assert.equal(sessionCookie(inUrl), undefined);
    const queryOnPost = await server.inject({ method: 'POST', url: `/citizen/benefits/sign-in/callback?assertion=${encodeURIComponent(await assertion(state))}`, headers: { cookie, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
    assert.equal(queryOnPost.statusCode, 400);
    assert.equal(sessionCookie(queryOnPost), undefined);
    assert.equal((await storage.db.select().from(citizenSessions)).length, sessions, 'no session started');
  });

  it('a forged assertion, one for another audience or issuer, an expired or long-lived one, another token type, another browser’s state: each refused, no session', async () => {
    const { state, cookie } = await start();
    const other = (await generateKeyPair('ES256')).privateKey;
    const now = Math.floor(clock.now().getTime() / 1000);
    const refused = {
      'signed by another key under the portal’s kid': await assertion(state, { key: other }),
      'for another part': await assertion(state, { aud: 'credentials' }),
      'from another issuer': await assertion(state, { iss: 'https://evil.test' }),
      'expired': await assertion(state, { iat: now - 120, exp: now - 60 }),
      'valid for a day': await assertion(state, { exp: now + 86_400, iat: now - 600 }),
      'not a citizen assertion': await assertion(state, { typ: 'JWT' }),
      'for another sign-in': await assertion('another-browsers-state-value-xyz'),
    };
    const sessions = (await storage.db.select().from(citizenSessions)).length;
    for (const [what, token] of Object.entries(refused)) {
      const res = await redeem(token, cookie);
      assert.equal(res.statusCode, 401, what);
      assert.equal(res.json().code, 'ERR_CITIZEN_ASSERTION_REFUSED', what);
      assert.equal(sessionCookie(res), undefined, what);
    }
    // Without the state cookie of a sign-in this browser started, even a good assertion is refused.
    const noState = await redeem(await assertion(state), '');
    assert.equal(noState.json().code, 'ERR_CITIZEN_ASSERTION_REFUSED');
    assert.equal((await storage.db.select().from(citizenSessions)).length, sessions, 'no session started');
  });

  it('the portal’s own citizen cookie opens nothing here, even signed with this service’s secret', async () => {
    const value = JSON.stringify({ code: CODE, name: 'Min-seo Park', exp: clock.now().getTime() + 60_000 });
    for (const secret of ['the portal’s cookie secret', SERVICE_SECRET]) {
      const forged = `citizen=${encodeURIComponent(`${value}.${createHmac('sha256', secret).update(value).digest('base64').replace(/=/g, '')}`)}`;
      const res = await server.inject({ method: 'GET', url: '/citizen/benefits', headers: { cookie: forged, accept: 'application/json' } });
      assert.equal(res.statusCode, 401);
      assert.equal(res.json().code, 'ERR_UNAUTHENTICATED');
    }
    const browser = await server.inject({ method: 'GET', url: '/citizen/benefits', headers: { accept: 'text/html' } });
    assert.equal(browser.headers.location, '/citizen/benefits/sign-in', 'a signed-out browser starts the service’s own sign-in');
  });

  it('a session ends at sign-out and when it expires', async () => {
    const { state, cookie } = await start();
    const session = sessionCookie(await redeem(await assertion(state), cookie))!;
    const page = () => server.inject({ method: 'GET', url: '/citizen/benefits', headers: { cookie: `${BENEFITS_SESSION_COOKIE}=${session.value}`, accept: 'application/json' } });
    assert.equal((await page()).statusCode, 200);
    clock.advance(16 * 60_000);
    assert.equal((await page()).statusCode, 401);
  });
});
