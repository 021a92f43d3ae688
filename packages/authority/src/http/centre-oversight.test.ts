// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { logEntries, signLogKeyRotation } from '@tessera/platform';
import type { CentreOverview } from '../store/centre-oversight.ts';
import { centreForClient, upsertPartnerCentres } from '../store/partner-centres.ts';
import { reconcileCentre } from '../store/reconcile-centre.ts';
import { recordChange } from '../store/record-change.ts';
import { recordCustodyReports } from '../store/record-custody-reports.ts';
import { cardCustody, centreLogAlerts, partnerCentres } from '../store/schema.ts';
import { setCentreState } from '../store/suspend-centre.ts';
import { submitApplication } from '../store/submit-application.ts';
import { specimenPassportScan, specimenPortrait } from '../specimen/specimen-files.ts';
import { sampleForm } from '../testing/authority-fixture.ts';
import { centreLogEntryFor } from '../testing/centre-log-entry.ts';
import { openAuthorityServer, type AuthorityServer, type TestBrowser } from '../testing/authority-server.ts';

let a: AuthorityServer;
let officer: TestBrowser;
const ref = (n: number) => `ER-2026-${String(900_000 + n).padStart(6, '0')}`;
const doc = (n: number) => `N${String(n).padStart(7, '0')}`;
const day = (d: number, hour = 3) => new Date(Date.UTC(2026, 10, d, hour));

/**
 * A constructed history, written through the authority's own recorders where a centre's report
 * arrives (custody reports, reconciliation) and as the authority records its own steps
 * (dispatch, handover): Seoul got six cards, Dubai one.
 */
before(async () => {
  a = await openAuthorityServer();
  const { db } = a.deps;
  await upsertPartnerCentres(db, a.clock, [{ location: 'seoul-vfs', exchangeClient: 'TESSERA/COM/1/seoul-centre' }, { location: 'dubai-vfs', exchangeClient: 'TESSERA/COM/1/dubai-centre' }]);
  for (let n = 1; n <= 6; n++) await db.insert(cardCustody).values({ reference: ref(n), documentNumber: doc(n), location: 'seoul-vfs', event: 'dispatched', actor: 'system', at: day(1) });
  await db.insert(cardCustody).values({ reference: ref(7), documentNumber: doc(7), location: 'dubai-vfs', event: 'dispatched', actor: 'system', at: day(1) });
  const report = (n: number, event: 'arrived' | 'missing' | 'returned' | 'handover_stopped', at: Date, reason?: string) => {
    const r = { reference: ref(n), documentNumber: doc(n), event, actor: 'op-1', at: at.toISOString(), ...(reason ? { reason } : {}) };
    return { ...r, logEntry: centreLogEntryFor('seoul-vfs', r, `stop-${n}-${at.getTime()}`) };
  };
  await recordCustodyReports(a.deps, 'seoul-vfs', [1, 2, 3, 4, 5].map((n) => report(n, 'arrived', day(3))));
  await recordCustodyReports(a.deps, 'seoul-vfs', [report(6, 'missing', day(3)), report(2, 'handover_stopped', day(4), 'passport_mismatch'), report(3, 'handover_stopped', day(4), 'biometric_no_match')]);
  // A retried report of the same stop counts once.
  await recordCustodyReports(a.deps, 'seoul-vfs', [report(3, 'handover_stopped', day(4), 'biometric_no_match'), report(3, 'handover_stopped', day(5), 'applicant_left')]);
  // Handed over 2 and 4 days after arrival: a mean of 3 days.
  await db.insert(cardCustody).values({ reference: ref(1), documentNumber: doc(1), location: 'seoul-vfs', event: 'handed_over', actor: 'seoul-vfs:op-1', at: day(5) });
  await db.insert(cardCustody).values({ reference: ref(2), documentNumber: doc(2), location: 'seoul-vfs', event: 'handed_over', actor: 'seoul-vfs:op-1', at: day(7) });
  await recordCustodyReports(a.deps, 'seoul-vfs', [report(3, 'returned', day(20))]);
  // The authority's matcher: one no-match at Seoul, one match, one no-match elsewhere.
  const app = await submitApplication(a.deps, sampleForm({ documentNumber: 'M55500001', surname: 'Oversight' }), { photo: { bytes: specimenPortrait() }, passportScan: { bytes: specimenPassportScan('M55500001') } });
  await db.transaction(async (tx) => {
    await recordChange(tx, a.clock, { applicationId: app.id, actor: 'seoul-vfs:op-1', type: 'biometric_check', detail: { location: 'seoul-vfs', score: 0.2, decision: 'no_match' } });
    await recordChange(tx, a.clock, { applicationId: app.id, actor: 'seoul-vfs:op-1', type: 'biometric_check', detail: { location: 'seoul-vfs', score: 0.9, decision: 'match' } });
    await recordChange(tx, a.clock, { applicationId: app.id, actor: 'dubai-vfs:op-1', type: 'biometric_check', detail: { location: 'dubai-vfs', score: 0.1, decision: 'no_match' } });
  });
  // Two reconciliations; the latest finds one card the centre holds in another state.
  await reconcileCentre(a.deps, 'seoul-vfs', [{ documentNumber: doc(4), state: 'in_stock' }]);
  a.clock.advance(60_000);
  await reconcileCentre(a.deps, 'seoul-vfs', [
    { documentNumber: doc(1), state: 'handed_over' }, { documentNumber: doc(2), state: 'handed_over' }, { documentNumber: doc(3), state: 'returned' },
    { documentNumber: doc(4), state: 'in_stock' }, { documentNumber: doc(5), state: 'in_stock' }, { documentNumber: doc(6), state: 'in_stock' },
  ]);
  await setCentreState(a.deps, 'dubai-vfs', { state: 'suspended', actor: 'officer-1', reason: 'audit findings' });
  officer = await a.staffBrowser(['officer']);
});
after(() => a.close());

test('the oversight figures of each centre are computed from the authority’s records of its cards', async () => {
  const response = await officer.get('/api/v1/officer/centres', { accept: 'application/json' });
  assert.equal(response.statusCode, 200, response.body);
  const centres = (response.json() as { centres: CentreOverview[] }).centres;
  const seoul = centres.find((c) => c.location === 'seoul-vfs')!;
  assert.deepEqual(seoul.figures, { shipped: 6, checkedIn: 5, inTransit: 0, inStock: 2, handedOver: 2, returned: 1, destroyed: 0, missing: 1, damaged: 0, averageDaysToHandover: 3 });
  assert.deepEqual(seoul.failures, [{ reason: 'applicant_left', count: 1 }, { reason: 'biometric_no_match', count: 1 }, { reason: 'passport_mismatch', count: 1 }]);
  assert.equal(seoul.biometricNoMatches, 1);
  assert.equal(seoul.lastReconciliation?.checked, 6);
  assert.equal(seoul.lastReconciliation?.discrepancies, 1);
  assert.equal(seoul.state, 'active');
  const dubai = centres.find((c) => c.location === 'dubai-vfs')!;
  assert.deepEqual(dubai.figures, { shipped: 1, checkedIn: 0, inTransit: 1, inStock: 0, handedOver: 0, returned: 0, destroyed: 0, missing: 0, damaged: 0, averageDaysToHandover: null });
  assert.equal(dubai.state, 'suspended');
  assert.equal(dubai.suspensionReason, 'audit findings');
  assert.equal(dubai.biometricNoMatches, 1);
  assert.equal(dubai.lastReconciliation, null);
});

test('one centre’s actions are paged and filtered, and its reconciliation report names the card that did not agree', async () => {
  const all = (await officer.get('/api/v1/officer/centres/seoul-vfs?size=4', { accept: 'application/json' })).json();
  // 6 dispatched, 5 arrived, 1 missing, 2 handed over, 1 returned.
  assert.equal(all.actions.total, 15);
  assert.equal(all.actions.items.length, 4);
  assert.equal(all.actions.items[0].event, 'returned');
  const second = (await officer.get('/api/v1/officer/centres/seoul-vfs?size=4&page=4', { accept: 'application/json' })).json();
  assert.equal(second.actions.items.length, 3);
  const arrivals = (await officer.get('/api/v1/officer/centres/seoul-vfs?event=arrived', { accept: 'application/json' })).json();
  assert.equal(arrivals.actions.total, 5);
  assert.ok(arrivals.actions.items.every((i: { event: string }) => i.event === 'arrived'));
  const oneCard = (await officer.get(`/api/v1/officer/centres/seoul-vfs?reference=${ref(2)}`, { accept: 'application/json' })).json();
  assert.deepEqual(oneCard.actions.items.map((i: { event: string }) => i.event), ['handed_over', 'arrived', 'dispatched']);
  assert.equal(oneCard.reconciliations.total, 2);
  assert.deepEqual(oneCard.reconciliations.items[0].discrepancies, [{ documentNumber: doc(6), authority: 'missing', centre: 'in_stock' }]);
  assert.equal(oneCard.stops.total, 3);
  const bad = await officer.get('/api/v1/officer/centres/seoul-vfs?event=lost', { accept: 'application/json' });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.headers['content-type'] as string, /application\/problem\+json/);
  assert.equal((await officer.get('/api/v1/officer/centres/nowhere-vfs', { accept: 'application/json' })).statusCode, 404);
});

test('the dashboard draws each chart as SVG with a title and gives the same figures in a table, in English, Estonian and Korean', async () => {
  const page = await officer.get('/officer/centres/seoul-vfs?lang=en');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /<svg role="img" aria-labelledby="card-states-title"[^>]*>\s*<title id="card-states-title">Where the cards sent to this centre are<\/title>/);
  assert.match(page.body, /<svg role="img" aria-labelledby="per-day-title"/);
  assert.match(page.body, /<svg role="img" aria-labelledby="failures-title"/);
  assert.match(page.body, /<caption class="table__caption">Where the cards sent to this centre are \(figures\)<\/caption>[\s\S]*?<td>In stock<\/td><td>2<\/td>/);
  assert.match(page.body, /<td>Passport does not match<\/td><td>1<\/td>/);
  assert.match(page.body, /Days from arrival to handover \(mean\)[\s\S]*?3 days/);
  assert.ok(!page.body.includes('<script'), 'no JavaScript is needed');
  // Only references and card numbers: no applicant's name.
  assert.ok(!page.body.includes('Oversight'));
  const overview = await officer.get('/officer/centres?lang=et');
  assert.equal(overview.statusCode, 200);
  assert.match(overview.body, /<html lang="et">/);
  assert.match(overview.body, /Partnerkeskused/);
  assert.match(overview.body, /Peatatud/);
  const korean = await officer.get('/officer/centres/seoul-vfs/reconciliations?lang=ko');
  assert.equal(korean.statusCode, 200);
  assert.match(korean.body, new RegExp(`${doc(6)}: 기관 missing, 센터 in_stock`));
  const stops = await officer.get('/officer/centres/seoul-vfs/stops?size=2&page=2&lang=en');
  assert.match(stops.body, /<td>Passport does not match<\/td>/);
  assert.doesNotMatch(stops.body, /Applicant left/);
  assert.match(stops.body, /href="\/officer\/centres\/seoul-vfs\/stops\?size=2&amp;page=1"/, 'paging keeps the page size');
});

test('auditors may read the dashboard; staff without the permission are refused 403, and no one signed out sees it', async () => {
  const auditor = await a.staffBrowser(['auditor']);
  assert.equal((await auditor.get('/officer/centres')).statusCode, 200);
  assert.equal((await auditor.get('/api/v1/officer/centres/seoul-vfs', { accept: 'application/json' })).statusCode, 200);
  const nobody = await a.staffBrowser([]);
  for (const path of ['/officer/centres', '/officer/centres/seoul-vfs', '/officer/centres/seoul-vfs/stops', '/officer/centres/seoul-vfs/reconciliations']) {
    assert.equal((await nobody.get(path)).statusCode, 403, path);
  }
  const api = await nobody.get('/api/v1/officer/centres', { accept: 'application/json' });
  assert.equal(api.statusCode, 403);
  assert.equal(api.json().code, 'ERR_FORBIDDEN');
  const anonymous = await a.server.inject({ method: 'GET', url: '/api/v1/officer/centres', headers: { accept: 'application/json' } });
  assert.equal(anonymous.statusCode, 401);
});

test('the overseer suspends a centre from its page only after confirming, with a reason the authority’s log keeps, and lifts it the same way', async () => {
  const page = '/officer/centres/seoul-vfs?lang=en';
  const state = async () => (await a.deps.db.select().from(partnerCentres).where(eq(partnerCentres.location, 'seoul-vfs')))[0]!;
  const form = await officer.get(page);
  assert.match(form.body, /action="\/officer\/centres\/seoul-vfs\/state"/);
  assert.match(form.body, /name="state" value="suspended"/);

  // No reason: the page again with the error, nothing changed.
  const empty = await officer.submit(page, '/officer/centres/seoul-vfs/state', { state: 'suspended', reason: ' x ' });
  assert.equal(empty.statusCode, 400);
  assert.match(empty.body, /class="error-summary"/);
  assert.match(empty.body, /Give the reason, 3 to 500 characters/);
  assert.equal((await state()).state, 'active');

  // The first step only asks: it names the consequences and changes nothing.
  const asked = await officer.submit(page, '/officer/centres/seoul-vfs/state', { state: 'suspended', reason: 'Cards reported missing twice' });
  assert.equal(asked.statusCode, 200);
  assert.match(asked.body, /<h1>Suspend e-Residency Collection Centre Seoul \(VFS Global\)\?<\/h1>/);
  assert.match(asked.body, /every call of this centre over the exchange is refused/);
  assert.match(asked.body, /name="confirmed" value="yes"/);
  assert.equal((await state()).state, 'active');

  const confirmed = await officer.submit(page, '/officer/centres/seoul-vfs/state', { state: 'suspended', reason: 'Cards reported missing twice', confirmed: 'yes' });
  assert.equal(confirmed.statusCode, 303);
  assert.equal(confirmed.headers.location, '/officer/centres/seoul-vfs?changed=suspended');
  assert.deepEqual({ state: (await state()).state, reason: (await state()).reason }, { state: 'suspended', reason: 'Cards reported missing twice' });
  const [event] = await a.deps.db.select().from(logEntries).where(and(eq(logEntries.type, 'centre.suspended'), eq(logEntries.subject, 'seoul-vfs')));
  assert.match(event!.leaf, /"reason":"Cards reported missing twice"/);
  assert.doesNotMatch(event!.leaf, /"actor":"system"/, 'the overseer is named');
  // From the commit on, the centre's calls are refused.
  await assert.rejects(centreForClient(a.deps.db, 'TESSERA/COM/1/seoul-centre'), { code: 'ERR_CENTRE_SUSPENDED' });
  const shown = await officer.get('/officer/centres/seoul-vfs?changed=suspended&lang=en');
  assert.match(shown.body, /The centre is suspended\./);
  assert.match(shown.body, /name="state" value="active"/, 'the form now lifts the suspension');

  // A stale confirmation (the centre already suspended) changes nothing.
  assert.equal((await officer.submit(page, '/officer/centres/seoul-vfs/state', { state: 'suspended', reason: 'again', confirmed: 'yes' })).statusCode, 303);
  assert.equal((await a.deps.db.select().from(logEntries).where(and(eq(logEntries.type, 'centre.suspended'), eq(logEntries.subject, 'seoul-vfs')))).length, 1);

  const lifted = await officer.submit(page, '/officer/centres/seoul-vfs/state', { state: 'active', reason: 'Audit closed', confirmed: 'yes' });
  assert.equal(lifted.statusCode, 303);
  assert.equal((await state()).state, 'active');
  assert.equal(await centreForClient(a.deps.db, 'TESSERA/COM/1/seoul-centre'), 'seoul-vfs');
  assert.equal((await a.deps.db.select().from(logEntries).where(and(eq(logEntries.type, 'centre.reinstated'), eq(logEntries.subject, 'seoul-vfs')))).length, 1);
});

test('an auditor sees no suspension form and cannot suspend a centre; a request without the CSRF token is refused', async () => {
  const auditor = await a.staffBrowser(['auditor']);
  assert.doesNotMatch((await auditor.get('/officer/centres/seoul-vfs')).body, /\/officer\/centres\/seoul-vfs\/state/);
  const refused = await auditor.send({ method: 'POST', url: '/officer/centres/seoul-vfs/state', payload: 'state=suspended&reason=none+of+theirs&confirmed=yes', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' } });
  assert.equal(refused.statusCode, 403);
  const forged = await officer.send({ method: 'POST', url: '/officer/centres/seoul-vfs/state', payload: 'state=suspended&reason=forged+by+a+site&confirmed=yes', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' } });
  assert.equal(forged.statusCode, 403);
  assert.equal((await a.deps.db.select().from(partnerCentres).where(eq(partnerCentres.location, 'seoul-vfs')))[0]!.state, 'active');
});

test('each centre’s alerts are shown: SLA breaches, the latest reconciliation’s discrepancies and log problems, each linked to its detail', async () => {
  const seoulPage = (await officer.get('/officer/centres/seoul-vfs?lang=en')).body;
  assert.match(seoulPage, /<h2 id="alerts-title">Alerts<\/h2>/);
  assert.match(seoulPage, /<a href="\/officer\/centres\/seoul-vfs\/reconciliations">Cards that disagree in the latest reconciliation: 1<\/a>/);
  // Cards went to Seoul weeks ago and it never sent a head of its log.
  assert.match(seoulPage, /No new head of the centre’s log was received in time/);
  assert.doesNotMatch(seoulPage, /Cards not checked in within the service level/, 'every Seoul card arrived or was reported missing');
  const dubaiPage = (await officer.get('/officer/centres/dubai-vfs?lang=en')).body;
  assert.match(dubaiPage, /Cards not checked in within the service level: 1/);
  await a.deps.db.insert(centreLogAlerts).values({ location: 'dubai-vfs', at: a.clock.now(), code: 'fork', detail: { size: 5, rootHash: 'x' } });
  const forked = (await officer.get('/officer/centres/dubai-vfs?lang=en')).body;
  assert.match(forked, /Serious<\/strong> <a href="#log-problems">Problems found in the centre’s log: 1<\/a>/);
  assert.match(forked, /Two different tree heads of the same size: a fork/);
  const api = (await officer.get('/api/v1/officer/centres', { accept: 'application/json' })).json() as { centres: Array<{ location: string; alerts: Array<{ code: string }> }> };
  assert.deepEqual(api.centres.find((c) => c.location === 'dubai-vfs')!.alerts.map((x) => x.code), ['log_problems', 'check_in_overdue', 'reconciliation_overdue', 'tree_head_overdue']);
});

test('the overseer sets a centre’s service levels over the API; bad values are a 400 problem naming each, an auditor is refused, and the dashboard shows the values', async () => {
  const put = async (browser: TestBrowser, payload: unknown) => browser.send({
    method: 'PUT', url: '/api/v1/officer/centres/dubai-vfs/sla', payload: JSON.stringify(payload),
    headers: { 'content-type': 'application/json', 'x-csrf-token': await browser.csrfToken('/officer') },
  });
  const bad = await put(officer, { checkInDays: 0, reconciliationHours: 12.5 });
  assert.equal(bad.statusCode, 400);
  assert.deepEqual(bad.json().errors.map((e: { path: string }) => e.path).sort(), ['/checkInDays', '/reconciliationHours']);
  assert.equal((await put(officer, { checkInDays: 2, unknown: 1 })).statusCode, 400, 'no member outside the service levels');
  const auditor = await a.staffBrowser(['auditor']);
  assert.equal((await put(auditor, { checkInDays: 2 })).statusCode, 403);
  const read = async () => (await officer.get('/api/v1/officer/centres/dubai-vfs', { accept: 'application/json' })).json().sla;
  assert.equal((await read()).checkInDays, 3, 'nothing changed');
  const set = await put(officer, { checkInDays: 2, treeHeadHours: 48 });
  assert.equal(set.statusCode, 200, set.body);
  assert.deepEqual(await read(), { checkInDays: 2, reconciliationHours: 36, treeHeadHours: 48, disposalDays: 14, inclusionGraceMinutes: 10 });
  const [event] = await a.deps.db.select().from(logEntries).where(and(eq(logEntries.type, 'centre.sla_changed'), eq(logEntries.subject, 'dubai-vfs')));
  assert.match(event!.leaf, /"checkInDays":2/);
});

test('the overseer approves a centre’s new log key over the API only with a statement signed by the pinned key; an auditor cannot, a forged statement is a 422 and changes nothing', async () => {
  const pair = async () => (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const [old, next, forger] = [await pair(), await pair(), await pair()];
  const jwk = async (k: CryptoKeyPair) => ({ ...(await crypto.subtle.exportKey('jwk', k.publicKey)) }) as Record<string, unknown>;
  await upsertPartnerCentres(a.deps.db, a.clock, [{ location: 'bangkok-vfs', exchangeClient: 'TESSERA/COM/1/bangkok-centre', logKey: await jwk(old) }]);
  const post = async (browser: TestBrowser, payload: unknown) => browser.send({
    method: 'POST', url: '/api/v1/officer/centres/bangkok-vfs/log-key', payload: JSON.stringify(payload),
    headers: { 'content-type': 'application/json', 'x-csrf-token': await browser.csrfToken('/officer') },
  });
  const pinned = async () => (await a.deps.db.select().from(partnerCentres).where(eq(partnerCentres.location, 'bangkok-vfs')))[0]!.logKey!.x;
  const forged = await signLogKeyRotation({ log: 'bangkok-vfs', oldKey: forger.privateKey, newKey: next.privateKey, newPublicJwk: await jwk(next), at: a.clock.now() });
  const refused = await post(officer, forged);
  assert.equal(refused.statusCode, 422);
  assert.equal(refused.json().code, 'ERR_CENTRE_LOG_KEY_ROTATION_REFUSED');
  assert.equal(await pinned(), (await jwk(old)).x);
  const statement = await signLogKeyRotation({ log: 'bangkok-vfs', oldKey: old.privateKey, newKey: next.privateKey, newPublicJwk: await jwk(next), at: a.clock.now() });
  assert.equal((await post(await a.staffBrowser(['auditor']), statement)).statusCode, 403);
  const approved = await post(officer, statement);
  assert.equal(approved.statusCode, 200, approved.body);
  assert.equal(await pinned(), (await jwk(next)).x);
  assert.equal((await a.deps.db.select().from(logEntries).where(and(eq(logEntries.type, 'centre.log_key_rotated'), eq(logEntries.subject, 'bangkok-vfs')))).length, 1);
});
