// SPDX-License-Identifier: Apache-2.0
// Runs on the PostgreSQL lane only (scripts/test.ts chooses *.postgres.test.ts files for it):
// processes can share a PostgreSQL server, not an embedded PGlite.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { buildServer, logEntries, openStorage, systemClock, type Server, type Storage } from '@tessera/platform';
import { accessesOf } from '@tessera/exchange';
import { BENEFITS_SESSION_COOKIE, personOverview } from '@tessera/benefits';
import { CITIZEN_COOKIE, MemoryKeyStoreBackend, registerCitizenAssertions, WrappedKeyStore } from '@tessera/trust';
import { BENEFITS_AUDIENCE, benefitsCallbackUrl } from '../benefits/benefits-service.ts';
import { clientId, servicePath } from '../exchange/members.ts';
import { freePort } from '../testing/free-port.ts';
import { freshDatabases } from '../testing/fresh-databases.ts';
import { gatewaysKnowEachOther, partProcesses } from '../testing/part-processes.ts';

const cli = new URL('../cli.ts', import.meta.url).pathname;
// The portal's cookie secret is its own: the benefits part is given another one.
const PORTAL_COOKIE_SECRET = 'the citizen portal’s cookie secret in this test';
const BENEFITS_COOKIE_SECRET = 'the benefits service’s own cookie secret in this test';
// A woman born in March 1991 (Estonian code), living in Seoul.
const CODE = '49103150221';
const SUBJECT = `EE${CODE}`;
let env: NodeJS.ProcessEnv = {};
const parts = partProcesses(() => env);
let databases: Awaited<ReturnType<typeof freshDatabases>> | undefined;
let storage: Storage | undefined;
let benefitsStorage: Storage | undefined;
let dir = '';
/** The citizen portal as identity provider: its assertions and published keys (the portal's own code), with its own cookie secret. */
let portal: Server | undefined;
let portalUrl = '';
const ports: Record<string, number> = {};
/** The two processes of the benefits part. */
let benefits: Array<Record<string, string>> = [];
const gateway = (member: string) => `http://127.0.0.1:${ports[`${member}Client`]}`;

before(async () => {
  // The benefits service is an organisation of its own: its own database beside the federation's.
  databases = await freshDatabases('tessera_benefits', ['benefits']);
  dir = mkdtempSync(join(tmpdir(), 'tessera-serve-benefits-'));
  const members = ['population', 'tax', 'welfare', 'benefits'];
  for (const name of ['trust', 'registry', 'agencies', 'webA', 'webB', 'servicesA', 'servicesB', ...members.flatMap((m) => [`${m}Client`, `${m}Provider`])]) ports[name] = await freePort();
  env = {
    PATH: process.env.PATH, NODE_ENV: 'test', DATABASE_URL: databases.urls['']!, TESSERA_DATA_DIR: dir, TESSERA_LOG_LEVEL: 'silent', TESSERA_DEMO: 'false',
    TESSERA_TRUST_PORT: String(ports.trust), TESSERA_REGISTRY_PORT: String(ports.registry), TESSERA_CONFIGURATION_REFRESH_SECONDS: '1', TESSERA_COOKIE_SECRET: PORTAL_COOKIE_SECRET,
  };
  const init = spawnSync(process.execPath, [cli, 'trust', 'init'], { env, encoding: 'utf8' });
  assert.equal(init.status, 0, init.stdout + init.stderr);
  await parts.serve(['trust']);
  await parts.serve(['registry']);
  portal = await buildServer({ title: 'citizen portal', cookieSecret: PORTAL_COOKIE_SECRET, logLevel: 'silent' });
  const portalPort = await freePort();
  portalUrl = `http://127.0.0.1:${portalPort}/`;
  registerCitizenAssertions(portal, {
    clock: systemClock, keyStore: await WrappedKeyStore.open({ kek: new Uint8Array(32).fill(1), backend: new MemoryKeyStoreBackend() }),
    issuer: portalUrl, relyingParties: { [BENEFITS_AUDIENCE]: benefitsCallbackUrl(portalUrl) },
  });
  await portal.listen({ host: '127.0.0.1', port: portalPort });
  const agencies = await parts.serve(['agencies'], { TESSERA_AGENCIES_PORT: String(ports.agencies), TESSERA_POPULATION_GATEWAY_URL: gateway('population') });
  // Two processes of the benefits part on its own database, started at once: they migrate it one after the other.
  benefits = await Promise.all(['A', 'B'].map((p) => parts.serve(['benefits'], {
    TESSERA_BENEFITS_DATABASE_URL: databases!.urls.benefits!, TESSERA_BENEFITS_GATEWAY_URL: gateway('benefits'),
    TESSERA_BENEFITS_PORT: String(ports[`web${p}`]), TESSERA_BENEFITS_SERVICES_PORT: String(ports[`services${p}`]),
    TESSERA_PUBLIC_URL: portalUrl, TESSERA_COOKIE_SECRET: BENEFITS_COOKIE_SECRET,
  })));
  // Each agency's gateway forwards to its own information system; the benefits gateway to the benefits service's.
  await Promise.all(members.map((m) => parts.serve(['gateway', m], {
    TESSERA_GATEWAY_CLIENT_PORT: String(ports[`${m}Client`]), TESSERA_GATEWAY_PROVIDER_PORT: String(ports[`${m}Provider`]),
    TESSERA_SERVICES_URL: m === 'benefits' ? benefits[0]!.services! : agencies.agencies!,
  })));
  storage = await openStorage({ kind: 'postgres', url: databases.urls['']!, poolSize: 2 });
  benefitsStorage = await openStorage({ kind: 'postgres', url: databases.urls.benefits!, poolSize: 2 });
  await gatewaysKnowEachOther(storage.db, members.map((m) => ports[`${m}Provider`]!), members.map(gateway));
});

after(async () => {
  await parts.stopAll();
  await portal?.close();
  await storage?.close();
  await benefitsStorage?.close();
  await databases?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const cookiesOf = (res: Response) => res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');

/**
 * The person signed in to the portal signs in to the benefits part: started on process A, vouched
 * for by the portal's assertion, redeemed on process B (a proxy routes the portal's
 * `/citizen/benefits/…` to the part). Answers the part's own session cookie.
 */
async function signInToBenefits(): Promise<string> {
  const started = await fetch(new URL('/citizen/benefits/sign-in', benefits[0]!.benefits), { redirect: 'manual' });
  assert.equal(started.status, 303);
  const portalSession = `${CITIZEN_COOKIE}=${encodeURIComponent(portal!.signCookie(JSON.stringify({ code: CODE, name: 'Min-seo Park', exp: Date.now() + 15 * 60_000 })))}`;
  const vouched = await fetch(started.headers.get('location')!, { redirect: 'manual', headers: { cookie: portalSession, accept: 'text/html' } });
  const page = await vouched.text();
  assert.equal(vouched.status, 200, page);
  // The portal's page posts the assertion to the part in a form body, as the browser would.
  const action = new URL(/<form method="post" action="([^"]+)">/.exec(page)![1]!);
  const assertion = /<input type="hidden" name="assertion" value="([^"]+)">/.exec(page)![1]!;
  const redeemed = await fetch(new URL(action.pathname, benefits[1]!.benefits), {
    method: 'POST', redirect: 'manual', headers: { cookie: cookiesOf(started), 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ assertion }).toString(),
  });
  assert.equal(redeemed.status, 303, await redeemed.text());
  const session = redeemed.headers.getSetCookie().find((c) => c.startsWith(`${BENEFITS_SESSION_COOKIE}=`));
  assert.ok(session);
  return session.split(';')[0]!;
}

test('serve benefits: the portal’s own citizen cookie opens nothing on the part; its signed assertion does, once', async () => {
  const forged = `${CITIZEN_COOKIE}=${encodeURIComponent(portal!.signCookie(JSON.stringify({ code: CODE, name: 'Min-seo Park', exp: Date.now() + 60_000 })))}`;
  const refused = await fetch(new URL('/citizen/benefits', benefits[0]!.benefits), { headers: { cookie: forged, accept: 'application/json' } });
  assert.equal(refused.status, 401);
  const cookie = await signInToBenefits();
  assert.equal((await fetch(new URL('/citizen/benefits', benefits[0]!.benefits), { headers: { cookie, accept: 'text/html' } })).status, 200, 'the session, in the part’s database, is good on both processes');
});

test('serve benefits: a person’s consent on one process is evaluated with the agencies’ data over the exchange, shown on the other process, and in the person’s data tracker', { timeout: 60_000 }, async () => {
  const cookie = await signInToBenefits();
  const page = await fetch(new URL('/citizen/benefits', benefits[0]!.benefits), { headers: { cookie, accept: 'text/html' } });
  assert.equal(page.status, 200);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1];
  assert.ok(csrf);
  const csrfCookie = cookiesOf(page);
  const chosen = await fetch(new URL('/citizen/benefits/consent', benefits[1]!.benefits), {
    method: 'POST', redirect: 'manual', headers: { cookie: `${cookie}; ${csrfCookie}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ tier: 'extended', email: 'min-seo@example.org', _csrf: csrf }).toString(),
  });
  assert.equal(chosen.status, 303, await chosen.text());
  // `done=consent`: the evaluation that followed the choice had every agency's answer (`pending` when one failed).
  assert.equal(chosen.headers.get('location'), '/citizen/benefits?done=consent');

  const overview = await personOverview(benefitsStorage!.db, SUBJECT);
  assert.equal(overview.person?.tier, 'extended');
  assert.ok(overview.offers.some((a) => a.programme === 'kr.basic-pension' && a.status === 'not-eligible'), 'a definite answer from the agencies’ data');
  const shown = await (await fetch(new URL('/citizen/benefits', benefits[0]!.benefits), { headers: { cookie, accept: 'text/html' } })).text();
  assert.match(shown, /You share: Extended\./);
  assert.ok(overview.offers.length > 0 && shown.includes('Programmes the rules found you or your household eligible for'), 'the other process shows the evaluation');
  // Every agency was asked through the benefits gateway, each access in the person's data tracker with its purpose.
  const tracked = await accessesOf(storage!.db, SUBJECT, { offset: 0, size: 50 });
  const mine = tracked.items.filter((a) => a.client === clientId('benefits'));
  assert.deepEqual([...new Set(mine.map((a) => a.service.split('/').at(-1)))].sort(), ['assessments', 'households', 'property']);
  assert.ok(mine.every((a) => a.purpose === 'proactive benefits eligibility (consent)'));
  // The service's data is in its own database only.
  const tables = await storage!.db.execute(sql`select count(*)::int as n from information_schema.tables where table_schema = 'benefits'`);
  assert.equal((tables as unknown as { rows: Array<{ n: number }> }).rows[0]!.n, 0, 'no benefits table in the authority’s database');
});

test('serve benefits: a life event the population register reports over the exchange is processed once, by one of the two processes', { timeout: 60_000 }, async () => {
  const reported = await fetch(gateway('population') + servicePath('benefits', 'life-events/events'), {
    method: 'POST', headers: { 'X-Road-Client': clientId('population'), 'X-Road-Id': 'serve-benefits-birth-1', 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'income-assessment', subjects: [SUBJECT] }),
  });
  assert.equal(reported.status, 202, await reported.clone().text());
  const { id } = (await reported.json()) as { id: number };
  const processed = () => benefitsStorage!.db.select().from(logEntries).where(and(eq(logEntries.context, 'benefits'), eq(logEntries.type, 'life-event.processed'), eq(logEntries.subject, String(id))));
  for (let i = 0; i < 100 && (await processed()).length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 200));
  // Both processes keep looking for events (every 5 s); give the other one its chance to take it again.
  await new Promise((resolve) => setTimeout(resolve, 6_000));
  const events = await processed();
  assert.equal(events.length, 1, 'processed exactly once');
  const tracked = await accessesOf(storage!.db, SUBJECT, { offset: 0, size: 100 });
  assert.ok(tracked.items.some((a) => a.client === clientId('benefits') && a.purpose === 'proactive benefits eligibility (income-assessment)'), 'the re-evaluation asked the agencies over the exchange');
});

test('serve benefits refuses the authority’s database as its own', async () => {
  await assert.rejects(parts.serve(['benefits'], { TESSERA_BENEFITS_DATABASE_URL: databases!.urls['']!, TESSERA_BENEFITS_GATEWAY_URL: gateway('benefits'), TESSERA_BENEFITS_PORT: String(await freePort()), TESSERA_BENEFITS_SERVICES_PORT: String(await freePort()) }),
    /must not name the authority’s database/);
});

test('tessera benefits add-author creates a policy author in the part’s own database, who signs in on the part and lands on the policy console', { timeout: 300_000 }, async () => {
  const created = spawnSync(process.execPath, [cli, 'benefits', 'add-author', 'author.park', '--name', 'Ji-woo Park', '--organisation', 'Ministry of Health and Welfare'], {
    env: { ...env, TESSERA_BENEFITS_DATABASE_URL: databases!.urls.benefits! }, input: 'a long policy author password 2026\n', encoding: 'utf8',
  });
  assert.equal(created.status, 0, created.stdout + created.stderr);
  const form = await fetch(new URL('/auth/sign-in', benefits[0]!.benefits));
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
  assert.ok(csrf);
  const signedIn = await fetch(new URL('/auth/sign-in', benefits[1]!.benefits), {
    method: 'POST', redirect: 'manual', headers: { cookie: cookiesOf(form), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username: 'author.park', password: 'a long policy author password 2026', _csrf: csrf }).toString(),
  });
  assert.equal(signedIn.status, 303, await signedIn.text());
  assert.equal(signedIn.headers.get('location'), '/benefits/console');
  const home = await fetch(new URL('/benefits/console', benefits[0]!.benefits), { headers: { cookie: cookiesOf(signedIn), accept: 'text/html' } });
  assert.equal(home.status, 200);
  const refused = spawnSync(process.execPath, [cli, 'benefits', 'add-author', 'author.park', '--name', 'Again', '--organisation', 'MOHW'], {
    env: { ...env, TESSERA_BENEFITS_DATABASE_URL: databases!.urls.benefits! }, input: 'a long policy author password 2026\n', encoding: 'utf8',
  });
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /^ERR_STAFF_EXISTS: /);
});
