// SPDX-License-Identifier: Apache-2.0
// Runs on the PostgreSQL lane only (scripts/test.ts chooses *.postgres.test.ts files for it): the
// centre as its own `tessera serve centre` process, killed with SIGKILL inside a handover.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { openStorage, seededRandom, systemClock, type Storage } from '@tessera/platform';
import { custodyOf, decideApplication, recordPaymentEvent, retryCardOrders, specimenPassportScan, specimenPortrait, startPayment, submitApplication, type AuthorityDeps } from '@tessera/authority';
import { createCentreStaff } from '@tessera/centre';
import { authorityDeps } from '../authority-portal.ts';
import { readConfig } from '../config.ts';
import { koreanApplicant } from '../demo/korean-applicants.ts';
import { inProcessSandbox } from '../payment-sandbox/in-process-gateway.ts';
import { setUpTrust } from '../trust-setup.ts';
import { freePort } from '../testing/free-port.ts';
import { freshDatabases } from '../testing/fresh-databases.ts';
import { HttpBrowser } from '../testing/http-browser.ts';
import { interposer, type Interposer } from '../testing/interposer.ts';
import { gatewaysKnowEachOther, partProcesses } from '../testing/part-processes.ts';

const cli = new URL('../cli.ts', import.meta.url).pathname;
const PASSWORD = 'a long passphrase for centre staff';
const ports: Record<string, number> = {};
let env: NodeJS.ProcessEnv = {};
let centreEnv: NodeJS.ProcessEnv = {};
let dir = '';
let databases: Awaited<ReturnType<typeof freshDatabases>> | undefined;
let storage: Storage | undefined;
let centreStorage: Storage | undefined;
let authority: AuthorityDeps;
let cardState: (reference: string) => Promise<string | undefined>;
let ix: Interposer;
let centre: ChildProcess | undefined;
let centreWeb = '';
const { start, serve, stopAll } = partProcesses(() => env);

/** Polls `check` until it holds (the parts' jobs run every few seconds). */
async function until(what: string, check: () => Promise<boolean>, ms = 60_000): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end;) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out waiting until ${what}`);
}

async function startCentre(): Promise<void> {
  const started = start(['centre'], centreEnv);
  centre = started.child;
  centreWeb = (await started.ready).centre!;
}

/** SIGKILL: no shutdown handler, no open transaction committed, nothing flushed. */
async function killCentre(): Promise<void> {
  const child = centre!;
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
}

before(async () => {
  databases = await freshDatabases('tessera_crash', ['centre']);
  const url = new URL(databases.urls['']!);
  const centreUrl = new URL(databases.urls.centre!);
  dir = mkdtempSync(join(tmpdir(), 'tessera-crash-'));
  for (const name of ['trust', 'registry', 'portal', 'services', 'authorityClient', 'authorityProvider', 'centreClient', 'centreProvider', 'centreServices', 'centreWeb']) ports[name] = await freePort();
  env = {
    PATH: process.env.PATH, NODE_ENV: 'test', DATABASE_URL: url.toString(), TESSERA_DATA_DIR: dir, TESSERA_LOG_LEVEL: 'silent', TESSERA_DEMO: 'false',
    TESSERA_TRUST_PORT: String(ports.trust), TESSERA_REGISTRY_PORT: String(ports.registry), TESSERA_PORT: String(ports.portal), TESSERA_SERVICES_PORT: String(ports.services),
    TESSERA_CONFIGURATION_REFRESH_SECONDS: '1',
  };
  const init = spawnSync(process.execPath, [cli, 'trust', 'init'], { env, encoding: 'utf8' });
  assert.equal(init.status, 0, init.stdout + init.stderr);
  await serve(['trust']);
  await serve(['registry']);
  const portal = await serve(['portal'], { TESSERA_AUTHORITY_GATEWAY_URL: `http://127.0.0.1:${ports.authorityClient}` });
  await serve(['gateway', 'authority'], { TESSERA_GATEWAY_CLIENT_PORT: String(ports.authorityClient), TESSERA_GATEWAY_PROVIDER_PORT: String(ports.authorityProvider), TESSERA_SERVICES_URL: portal.services! });
  // The centre reaches its gateway through the interposer, where a test stops one call to kill the centre at it.
  ix = await interposer(`http://127.0.0.1:${ports.centreClient}`);
  centreEnv = {
    TESSERA_CENTRE_DATABASE_URL: centreUrl.toString(), TESSERA_CENTRE_GATEWAY_URL: ix.url,
    TESSERA_CENTRE_PORT: String(ports.centreWeb), TESSERA_CENTRE_SERVICES_PORT: String(ports.centreServices),
  };
  await startCentre();
  await serve(['gateway', 'centre'], { TESSERA_GATEWAY_CLIENT_PORT: String(ports.centreClient), TESSERA_GATEWAY_PROVIDER_PORT: String(ports.centreProvider), TESSERA_SERVICES_URL: `http://127.0.0.1:${ports.centreServices}` });

  // The authority's officers and applicants, acting in this process on the authority's database; the payment provider stands outside.
  storage = await openStorage({ kind: 'postgres', url: url.toString(), poolSize: 3 });
  const config = readConfig(env).values;
  const trust = await setUpTrust({ storage, clock: systemClock, kek: config.keyEncryptionKey, pkiUrl: `http://localhost:${ports.trust}/`, dataDir: join(dir, 'seed'), ceremony: 'never' });
  authority = authorityDeps({ config, storage, clock: systemClock, trust: trust.deps, portalUrl: `http://localhost:${ports.portal}/`, paymentsUrl: 'http://localhost:1/' });
  authority.payments = inProcessSandbox({ db: storage.db, clock: systemClock, publicUrl: 'http://localhost:1/', receive: (event) => recordPaymentEvent(authority, event) });
  cardState = async (reference) => (await authority.cards!.cardsFor([reference])).get(reference)?.state;
  centreStorage = await openStorage({ kind: 'postgres', url: centreUrl.toString(), poolSize: 2 });
  await createCentreStaff(centreStorage.db, { username: 'seoul.operator', displayName: 'Seoul Operator', organisation: 'VFS Global', roles: ['operator'], centre: 'seoul-vfs', password: PASSWORD }, systemClock);
  await gatewaysKnowEachOther(storage.db, [ports.authorityProvider!, ports.centreProvider!], [`http://127.0.0.1:${ports.authorityClient}`, `http://127.0.0.1:${ports.centreClient}`]);
});

after(async () => {
  await stopAll();
  await ix?.close();
  await storage?.close();
  await centreStorage?.close();
  await databases?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const rows = async <T>(db: Storage['db'], query: ReturnType<typeof sql>) => ((await db.execute(query)) as unknown as { rows: T[] }).rows;
const handoverRow = async (id: string) => (await rows<{ state: string; step: string }>(centreStorage!.db, sql`select state, step from centre.handovers where id = ${id}`))[0]!;
const custody = async (reference: string) => (await custodyOf(authority, reference)).map((c) => c.event);
const identitiesReleased = async (reference: string) => Number((await rows<{ n: string }>(storage!.db, sql`select count(*) as n from authority.application_events e join authority.applications a on a.id = e.application_id where a.reference = ${reference} and e.type = 'identity_released'`))[0]!.n);

/** Cards taken to approval in this process and shipped by the portal process, checked in at Seoul, each with an appointment open now. */
async function cardsWithOpenAppointments(count: number): Promise<Array<{ reference: string; documentNumber: string; appointment: string }>> {
  const random = seededRandom(7);
  const cards: Array<{ reference: string; documentNumber: string }> = [];
  for (let n = 1; n <= count; n++) {
    const form = { ...koreanApplicant(random, n, new Date()), pickupLocation: 'seoul-vfs' };
    const submitted = await submitApplication(authority, form, { photo: { bytes: specimenPortrait() }, passportScan: { bytes: specimenPassportScan(form.documentNumber) } });
    await (authority.payments as ReturnType<typeof inProcessSandbox>).payAsApplicant((await startPayment(authority, submitted.statusToken)).redirectUrl);
    if ((await decideApplication(authority, submitted.id, 'officer-a', { decision: 'approve' })).status !== 'approved') await decideApplication(authority, submitted.id, 'officer-b', { decision: 'approve' });
    await retryCardOrders(authority);
    cards.push({ reference: submitted.reference, documentNumber: (await authority.cards!.cardsFor([submitted.reference])).get(submitted.reference)!.documentNumber });
  }
  const operator = await HttpBrowser.signedIn(centreWeb, 'seoul.operator', PASSWORD);
  const inTransit = async (documentNumber: string) => (await rows(centreStorage!.db, sql`select 1 from centre.stock where document_number = ${documentNumber}`)).length === 1;
  await until('the portal process shipped every card to the centre', async () => (await Promise.all(cards.map((c) => inTransit(c.documentNumber)))).every(Boolean));
  for (const card of cards) assert.equal((await operator.submit('/centre/stock', '/centre/arrivals', { documentNumber: card.documentNumber })).status, 303);
  await until('the authority recorded every arrival', async () => (await Promise.all(cards.map(async (c) => (await custody(c.reference)).includes('arrived')))).every(Boolean));
  // Booked for now: the booking page offers only slots in opening hours, and this test runs at any hour.
  return Promise.all(cards.map(async (card) => {
    const [row] = await rows<{ id: string }>(centreStorage!.db, sql`insert into centre.appointments (id, centre, stock_id, starts_at, ends_at, state, created_at)
      select gen_random_uuid(), 'seoul-vfs', id, now() - interval '1 minute', now() + interval '19 minutes', 'booked', now() from centre.stock where document_number = ${card.documentNumber} returning id`);
    return { ...card, appointment: row!.id };
  }));
}

/** The operator's checks: passport and face confirmed, the specimen live photo sent to the authority's matcher. */
function submitChecks(operator: HttpBrowser, path: string, identifiedPage: string) {
  const form = new FormData();
  form.set('_csrf', /name="_csrf" value="([^"]+)"/.exec(identifiedPage)![1]!);
  form.set('passportMatches', 'yes');
  form.set('faceMatches', 'yes');
  form.set('sample', new Blob([new Uint8Array(specimenPortrait())], { type: 'image/png' }), 'live.png');
  return operator.send(`${path}/checks`, { method: 'POST', body: form });
}

/** Starts, identifies and checks: the handover waits for the receipt. */
async function toReceipt(operator: HttpBrowser, appointment: string): Promise<string> {
  const path = (await operator.submit('/centre/stock', `/centre/appointments/${appointment}/handover`, {})).location!;
  const identified = await operator.submit(path, `${path}/identify`, {});
  assert.equal(identified.status, 200, identified.body);
  assert.equal((await submitChecks(operator, path, identified.body)).status, 303);
  return path;
}

const HANDOVER_CALL = { method: 'POST', path: /\/handovers\/handovers\/ER-/ };

test('killed with SIGKILL inside a handover, the restarted centre process leaves it complete or not started on both sides, and the operator finishes or redoes it', async () => {
  const [first, second, third] = await cardsWithOpenAppointments(3);
  let operator = await HttpBrowser.signedIn(centreWeb, 'seoul.operator', PASSWORD);
  const restart = async () => {
    await startCentre();
    operator = await HttpBrowser.signedIn(centreWeb, 'seoul.operator', PASSWORD);
  };

  // 1. At the identity step, the call on its way to the authority: nothing was released; after the restart the operator identifies again.
  const path = (await operator.submit('/centre/stock', `/centre/appointments/${first!.appointment}/handover`, {})).location!;
  const handoverId = path.split('/').pop()!;
  const atIdentify = ix.holdNext({ method: 'GET', path: /\/identities\/identities\/ER-/ }, 'before');
  const lostIdentify = operator.submit(path, `${path}/identify`, {}).catch(() => null);
  await atIdentify;
  await killCentre();
  assert.equal(await lostIdentify, null, 'the operator’s request died with the process');
  await restart();
  assert.deepEqual(await handoverRow(handoverId), { state: 'in_progress', step: 'identify' });
  assert.equal(await identitiesReleased(first!.reference), 0, 'the authority released nothing');
  const identified = await operator.submit(path, `${path}/identify`, {});
  assert.equal(identified.status, 200);
  assert.equal((await submitChecks(operator, path, identified.body)).status, 303);
  assert.deepEqual(await handoverRow(handoverId), { state: 'in_progress', step: 'receipt' });

  // 2. Inside the completion's transaction (it waits on a row lock held here): the intent never committed, nothing is done anywhere.
  const lock = new pg.Client({ connectionString: centreEnv.TESSERA_CENTRE_DATABASE_URL });
  await lock.connect();
  try {
    await lock.query('begin');
    await lock.query('select 1 from centre.handovers where id = $1 for update', [handoverId]);
    const lostComplete = operator.submit(path, `${path}/complete`, { receiptSignedBy: 'APPLICANT ONE' }).catch(() => null);
    await until('the completion waits on the lock', async () => (await lock.query(`select 1 from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and pid <> pg_backend_pid()`)).rowCount! > 0);
    await killCentre();
    assert.equal(await lostComplete, null);
    await lock.query('rollback');
  } finally {
    await lock.end();
  }
  await restart();
  assert.deepEqual(await handoverRow(handoverId), { state: 'in_progress', step: 'receipt' });
  assert.equal(await cardState(first!.reference), 'personalised');
  assert.deepEqual(await custody(first!.reference), ['dispatched', 'arrived']);
  assert.equal((await operator.submit(path, `${path}/complete`, { receiptSignedBy: 'APPLICANT ONE' })).status, 303, 'the operator completes it');
  assert.deepEqual(await handoverRow(handoverId), { state: 'completed', step: 'done' });
  assert.equal(await cardState(first!.reference), 'active');

  // 3. The intent committed, the authority's call on its way: after the restart the centre finishes it with the authority on its own.
  const secondPath = await toReceipt(operator, second!.appointment);
  const beforeCall = ix.holdNext(HANDOVER_CALL, 'before');
  const lostSecond = operator.submit(secondPath, `${secondPath}/complete`, { receiptSignedBy: 'APPLICANT TWO' }).catch(() => null);
  await beforeCall;
  await killCentre();
  await lostSecond;
  assert.deepEqual(await handoverRow(secondPath.split('/').pop()!), { state: 'in_progress', step: 'completing' });
  assert.equal(await cardState(second!.reference), 'personalised', 'the authority was never called');
  await restart();
  await until('the restarted centre finished the handover', async () => (await handoverRow(secondPath.split('/').pop()!)).state === 'completed');
  assert.equal(await cardState(second!.reference), 'active');
  assert.deepEqual(await custody(second!.reference), ['dispatched', 'arrived', 'handed_over']);
  assert.match((await operator.get(secondPath)).body, /Handed over/);

  // 4. The authority activated the card and answered; the centre died before recording it: finished once, never activated twice.
  const thirdPath = await toReceipt(operator, third!.appointment);
  const afterCall = ix.holdNext(HANDOVER_CALL, 'after');
  const lostThird = operator.submit(thirdPath, `${thirdPath}/complete`, { receiptSignedBy: 'APPLICANT THREE' }).catch(() => null);
  await afterCall;
  await killCentre();
  await lostThird;
  assert.deepEqual(await handoverRow(thirdPath.split('/').pop()!), { state: 'in_progress', step: 'completing' });
  assert.equal(await cardState(third!.reference), 'active', 'the authority had done its part');
  await restart();
  await until('the restarted centre recorded the handover', async () => (await handoverRow(thirdPath.split('/').pop()!)).state === 'completed');
  assert.deepEqual(await custody(third!.reference), ['dispatched', 'arrived', 'handed_over']);
  const stock = await rows<{ document_number: string; state: string }>(centreStorage!.db, sql`select document_number, state from centre.stock order by document_number`);
  assert.deepEqual(stock.map((s) => s.state), ['handed_over', 'handed_over', 'handed_over']);
});
