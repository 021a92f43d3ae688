// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { createStaff, latestTreeHead, logEntries, logEntryText, ManualClock, seededRandom } from '@tessera/platform';
import { custodyOf, latestCentreTreeHead, logClaimCounts, setCentreState, specimenPortrait } from '@tessera/authority';
import { createCentreStaff, listAppointments, listStock } from '@tessera/centre';
import { accessesOf } from '@tessera/exchange';
import { changeCardState, findCardByOrder, revokeUnclaimedCards } from '@tessera/trust';
import { readConfig } from './config.ts';
import { koreanApplicant } from './demo/korean-applicants.ts';
import { centreClientId, INSTANCE, MEMBERS } from './exchange/members.ts';
import { startFederation, type Federation } from './federation.ts';
import { approvedApplication } from './testing/approved-application.ts';
import { federationPorts } from './testing/free-port.ts';
import { HttpBrowser } from './testing/http-browser.ts';
import { bookingLinkFor } from './testing/booking-link.ts';

const PASSWORD = 'a long passphrase for centre staff';
let dir: string;
let federation: Federation;
let seoul: HttpBrowser;
let dubai: HttpBrowser;
const random = seededRandom(42);
const clock = new ManualClock(new Date());
const authorityService = (path: string) => `/r1/${INSTANCE}/${MEMBERS.authority.memberClass}/${MEMBERS.authority.memberCode}/${MEMBERS.authority.subsystem}/${path}`;

/** An application taken to approval the way applicants and officers do; resolves with its reference and card number. */
async function approved(n: number, pickupLocation = 'seoul-vfs'): Promise<{ reference: string; documentNumber: string; email: string }> {
  const form = { ...koreanApplicant(random, n, clock.now()), pickupLocation, surname: `Centreflow${n}`.slice(0, 20) };
  const { reference, card } = await approvedApplication(federation, form);
  return { reference, documentNumber: card.documentNumber, email: form.email };
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-centre-'));
  const config = readConfig({
    ...(await federationPorts()),
    TESSERA_DATA_DIR: dir, TESSERA_DEMO: 'false', TESSERA_LOG_LEVEL: process.env.DEBUG_LOG ?? 'silent', TESSERA_OPEN_LOCATIONS: 'tallinn-service-point,seoul-vfs,dubai-vfs',
  }).values;
  federation = await startFederation(config, { warnings: [], quiet: true, clock });
  const centreDb = federation.centre.storage.db;
  await createCentreStaff(centreDb, { username: 'seoul.operator', displayName: 'Seoul Operator', organisation: 'VFS Global', roles: ['operator'], centre: 'seoul-vfs', password: PASSWORD }, clock);
  await createCentreStaff(centreDb, { username: 'seoul.lead', displayName: 'Seoul Supervisor', organisation: 'VFS Global', roles: ['supervisor'], centre: 'seoul-vfs', password: PASSWORD }, clock);
  await createCentreStaff(centreDb, { username: 'dubai.operator', displayName: 'Dubai Operator', organisation: 'VFS Global', roles: ['operator'], centre: 'dubai-vfs', password: PASSWORD }, clock);
  seoul = await HttpBrowser.signedIn(federation.centre.url, 'seoul.operator', PASSWORD);
  dubai = await HttpBrowser.signedIn(federation.centre.url, 'dubai.operator', PASSWORD);
});
after(async () => {
  await federation?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('a shipment reaches the centre over the exchange and each card is checked in; the authority sees the chain of custody', async () => {
  const card = await approved(1);
  await federation.moveCards();
  const announced = await listStock(federation.centre.storage.db, 'seoul-vfs', { state: 'in_transit', offset: 0, size: 100 });
  assert.ok(announced.items.some((i) => i.documentNumber === card.documentNumber), 'the manifest announced the card to the centre');

  const checkedIn = await seoul.submit('/centre/stock', '/centre/arrivals', { documentNumber: card.documentNumber.toLowerCase() });
  assert.equal(checkedIn.status, 303);
  await federation.moveCards();
  const chain = await custodyOf(federation.authority, card.reference);
  assert.deepEqual(chain.map((c) => c.event), ['dispatched', 'arrived']);
  assert.equal(chain[1]!.location, 'seoul-vfs');
  const ready = await bookingLinkFor(federation.storage.db, federation.urls.mailbox!, card.email);
  assert.ok(ready, 'the applicant is told the card is ready, with a booking link');
});

test('a card scanned twice is refused the second time and reported to the authority once', async () => {
  const card = await approved(2);
  await federation.moveCards();
  assert.equal((await seoul.submit('/centre/stock', '/centre/arrivals', { documentNumber: card.documentNumber })).status, 303);
  const again = await seoul.submit('/centre/stock', '/centre/arrivals', { documentNumber: card.documentNumber });
  assert.equal(again.status, 409);
  assert.match(again.body, /ERR_CARD_ALREADY_RECEIVED|already checked in/);
  await federation.moveCards();
  assert.deepEqual((await custodyOf(federation.authority, card.reference)).map((c) => c.event), ['dispatched', 'arrived']);
});

test('an operator of another centre neither sees nor checks in a card sent to Seoul', async () => {
  const card = await approved(3);
  await federation.moveCards();
  assert.doesNotMatch((await dubai.get('/centre/stock')).body, new RegExp(card.documentNumber));
  const refused = await dubai.submit('/centre/stock', '/centre/arrivals', { documentNumber: card.documentNumber });
  assert.equal(refused.status, 404);
  const stock = await listStock(federation.centre.storage.db, 'seoul-vfs', { state: 'in_transit', offset: 0, size: 100 });
  assert.ok(stock.items.some((i) => i.documentNumber === card.documentNumber), 'the card is still in transit to Seoul');
});

test('another centre’s subsystem, through the exchange, learns nothing of a Seoul card and cannot hand it over', async () => {
  const card = await approved(4);
  await federation.moveCards();
  await seoul.submit('/centre/stock', '/centre/arrivals', { documentNumber: card.documentNumber });
  await federation.moveCards();
  const gateway = federation.exchange.gateways.centre!;
  const manifest = await fetch(gateway + authorityService(`card-manifests/cards?references=${card.reference}`), { headers: { 'X-Road-Client': centreClientId('dubai-vfs') } });
  assert.equal(manifest.status, 200);
  assert.deepEqual(await manifest.json(), { cards: [] });
  const handover = await fetch(gateway + authorityService(`handovers/handovers/${card.reference}`), {
    method: 'POST', headers: { 'X-Road-Client': centreClientId('dubai-vfs'), 'content-type': 'application/json' }, body: JSON.stringify({ confirmedBy: 'intruder', logEntry: logEntryText({ context: 'centre', type: 'handover.confirmed', subject: 'h-1', actor: 'intruder', at: clock.now(), data: { centre: 'dubai-vfs', reference: card.reference } }) }),
  });
  assert.equal(handover.status, 404);
  assert.equal(((await handover.json()) as { code: string }).code, 'ERR_CARD_NOT_AT_CENTRE');
  assert.equal((await federation.authority.cards!.cardsFor([card.reference])).get(card.reference)!.state, 'personalised');
});

test('a replayed shipment manifest changes nothing at the centre', async () => {
  const card = await approved(5);
  await federation.moveCards();
  const before = await listStock(federation.centre.storage.db, 'seoul-vfs', { offset: 0, size: 1000 });
  const row = before.items.find((i) => i.documentNumber === card.documentNumber)!;
  const manifest = { shipmentId: row.shipmentId, centre: 'seoul-vfs', sentAt: new Date().toISOString(), cards: [{ reference: row.reference, documentNumber: row.documentNumber, collectBy: row.collectBy }] };
  const replay = await fetch(`${federation.exchange.gateways.authority}/r1/${centreClientId('seoul-vfs')}/shipments/manifests`, {
    method: 'POST', headers: { 'X-Road-Client': `${INSTANCE}/${MEMBERS.authority.memberClass}/${MEMBERS.authority.memberCode}/${MEMBERS.authority.subsystem}`, 'content-type': 'application/json' }, body: JSON.stringify(manifest),
  });
  assert.equal(replay.status, 200);
  assert.equal(((await replay.json()) as { replayed: boolean }).replayed, true);
  const after = await listStock(federation.centre.storage.db, 'seoul-vfs', { offset: 0, size: 1000 });
  assert.equal(after.total, before.total);
});

/** A card checked in at Seoul, with the applicant's booking link from the authority's e-mail. */
async function cardInStock(n: number) {
  const card = await approved(n);
  await federation.moveCards();
  await seoul.submit('/centre/stock', '/centre/arrivals', { documentNumber: card.documentNumber });
  await federation.moveCards();
  const link = await bookingLinkFor(federation.storage.db, federation.urls.mailbox!, card.email);
  assert.ok(link, 'the applicant is e-mailed a booking link');
  return { ...card, bookingPath: link.pathname };
}

const offeredSlots = (body: string) => [...body.matchAll(/name="startsAt" type="radio" value="([^"]+)"/g)].map((m) => m[1]!);

test('the applicant books, moves and cancels a pickup slot on the public page; a full slot is refused', async () => {
  const card = await cardInStock(6);
  const applicant = new HttpBrowser(federation.centre.url);
  const page = await applicant.get(card.bookingPath);
  assert.equal(page.status, 200);
  const slots = offeredSlots(page.body);
  assert.ok(slots.length > 5);
  assert.equal((await applicant.submit(card.bookingPath, card.bookingPath, { startsAt: slots[0]! })).status, 303);
  assert.match((await applicant.get(card.bookingPath)).body, /You are booked for/);
  assert.equal((await applicant.submit(card.bookingPath, card.bookingPath, { startsAt: slots[1]! })).status, 303);
  const booked = (await listAppointments(federation.centre.storage.db, 'seoul-vfs', { from: clock.now(), hours: 24 * 30 })).filter((r) => r.card.documentNumber === card.documentNumber);
  assert.deepEqual(booked.map((r) => r.appointment.startsAt.toISOString()), [slots[1]], 'moving keeps one booking, at the new time');
  assert.equal((await applicant.submit(card.bookingPath, `${card.bookingPath}/cancel`, {})).status, 303);
  assert.match((await applicant.get(card.bookingPath)).body, /You have not booked a time yet/);

  // Seoul serves two applicants a slot: a third is refused.
  const others = [await cardInStock(7), await cardInStock(8)];
  for (const other of others) assert.equal((await applicant.submit(other.bookingPath, other.bookingPath, { startsAt: slots[2]! })).status, 303);
  const full = await applicant.submit(card.bookingPath, card.bookingPath, { startsAt: slots[2]! });
  assert.equal(full.status, 409);
  assert.match(full.body, /ERR_SLOT_UNAVAILABLE|full/);
  assert.equal((await applicant.get('/book/' + 'A'.repeat(43))).status, 404, 'a guessed link finds nothing');
});

/** Books the first free slot for a card in stock and returns the appointment id and its start. */
async function booked(card: { bookingPath: string; documentNumber: string }) {
  const applicant = new HttpBrowser(federation.centre.url);
  const slot = offeredSlots((await applicant.get(card.bookingPath)).body)[3]!;
  assert.equal((await applicant.submit(card.bookingPath, card.bookingPath, { startsAt: slot })).status, 303);
  const row = (await listAppointments(federation.centre.storage.db, 'seoul-vfs', { from: clock.now(), hours: 24 * 30 })).find((r) => r.card.documentNumber === card.documentNumber)!;
  return { id: row.appointment.id, startsAt: row.appointment.startsAt };
}

/** Moves the federation's clock to `at`, keeping the exchange's global configuration fresh. */
async function travelTo(at: Date) {
  clock.set(at);
  await federation.exchange.publish();
  // Sessions expire by the same clock: the operator signs in again, as they would the next morning
  // (only when theirs has expired: sign-in is rate-limited to ten a minute by the wall clock).
  if ((await seoul.get('/centre/stock')).status !== 200) seoul = await signIn('seoul.operator');
}

/** The Dubai operator, signed in again if the session expired (only when needed: sign-ins are rate-limited). */
async function dubaiOperator(): Promise<HttpBrowser> {
  if ((await dubai.get('/centre/stock')).status !== 200) dubai = await signIn('dubai.operator');
  return dubai;
}

/** Signs an operator in; refused for the rate limit (ten a minute), waits as long as the server says, as a person would. */
/** The operator's checks at a handover: passport and face confirmed, the live sample sent to the matcher. */
function submitChecks(path: string, identifiedPage: string, sample: Uint8Array) {
  const form = new FormData();
  form.set('_csrf', /name="_csrf" value="([^"]+)"/.exec(identifiedPage)![1]!);
  form.set('passportMatches', 'yes');
  form.set('faceMatches', 'yes');
  form.set('sample', new Blob([new Uint8Array(sample)], { type: 'image/png' }), 'live.png');
  return seoul.send(`${path}/checks`, { method: 'POST', body: form });
}

async function signIn(username: string): Promise<HttpBrowser> {
  try {
    return await HttpBrowser.signedIn(federation.centre.url, username, PASSWORD);
  } catch (error) {
    if (!/failed with 429/.test(String(error))) throw error;
    const seconds = Number(/try again in (\d+) s/.exec(String(error))?.[1] ?? 60);
    await new Promise((resolve) => setTimeout(resolve, (seconds + 1) * 1000));
    return HttpBrowser.signedIn(federation.centre.url, username, PASSWORD);
  }
}

test('a handover cannot start outside an open appointment, nor for another centre’s appointment', async () => {
  const card = await cardInStock(9);
  const appointment = await booked(card);
  const early = await seoul.submit('/centre/stock', `/centre/appointments/${appointment.id}/handover`, {});
  assert.equal(early.status, 403);
  assert.match(early.body, /ERR_NO_OPEN_APPOINTMENT|not open|no open appointment/i);
  await travelTo(appointment.startsAt);
  const otherCentre = await (await dubaiOperator()).submit('/centre/stock', `/centre/appointments/${appointment.id}/handover`, {});
  assert.equal(otherCentre.status, 403);
});

test('the guided handover inside an open appointment: identity over the exchange in the data tracker, checks, receipt, card active', async () => {
  const card = await cardInStock(10);
  const appointment = await booked(card);
  await travelTo(new Date(appointment.startsAt.getTime() + 60_000));
  const started = await seoul.submit('/centre/stock', `/centre/appointments/${appointment.id}/handover`, {});
  assert.equal(started.status, 303);
  const path = started.location!;
  const identified = await seoul.submit(path, `${path}/identify`, {});
  assert.equal(identified.status, 200);
  assert.match(identified.body, /CENTREFLOW10/i, 'the applicant’s name from the authority');
  assert.match(identified.body, /data:image\/png;base64,/);

  const checked = await submitChecks(path, identified.body, specimenPortrait());
  assert.equal(checked.status, 303);
  assert.match((await seoul.get(path)).body, /Biometric score 1 \(match\)/);
  const done = await seoul.submit(path, `${path}/complete`, { receiptSignedBy: 'CENTREFLOW10' });
  assert.equal(done.status, 303);
  assert.match((await seoul.get(path)).body, /Handed over/);

  assert.equal((await federation.authority.cards!.cardsFor([card.reference])).get(card.reference)!.state, 'active');
  assert.deepEqual((await custodyOf(federation.authority, card.reference)).map((c) => c.event), ['dispatched', 'arrived', 'handed_over']);
  const [stockRow] = (await listStock(federation.centre.storage.db, 'seoul-vfs', { state: 'handed_over', offset: 0, size: 1000 })).items.filter((i) => i.documentNumber === card.documentNumber);
  assert.ok(stockRow, 'the centre records the card as handed over');
  const tracker = await accessesOf(federation.storage.db, stockRow.dataSubject!, { offset: 0, size: 50 });
  assert.ok(JSON.stringify(tracker).includes('identity check at the handover'), 'the read is in the person’s data tracker with its purpose');
});

test('a failed biometric check stops the handover with its reason and the card stays on hold', async () => {
  const card = await cardInStock(11);
  const appointment = await booked(card);
  await travelTo(new Date(appointment.startsAt.getTime() + 60_000));
  const path = (await seoul.submit('/centre/stock', `/centre/appointments/${appointment.id}/handover`, {})).location!;
  const identified = await seoul.submit(path, `${path}/identify`, {});
  assert.equal((await submitChecks(path, identified.body, specimenPortrait(600, 750, 180))).status, 303);
  assert.match((await seoul.get(path)).body, /The handover stopped: Biometric check failed/);
  assert.equal((await federation.authority.cards!.cardsFor([card.reference])).get(card.reference)!.state, 'personalised');
  assert.equal((await seoul.submit(path, `${path}/complete`, { receiptSignedBy: 'X' })).status, 409, 'a stopped handover cannot be completed');
});

test('the authority unreachable while completing: the handover stays completing, and once resumed is complete on both sides', async () => {
  const card = await cardInStock(12);
  const appointment = await booked(card);
  await travelTo(new Date(appointment.startsAt.getTime() + 60_000));
  const path = (await seoul.submit('/centre/stock', `/centre/appointments/${appointment.id}/handover`, {})).location!;
  const identified = await seoul.submit(path, `${path}/identify`, {});
  assert.equal((await submitChecks(path, identified.body, specimenPortrait())).status, 303);
  federation.centre.useGateway('http://127.0.0.1:9');
  try {
    const lost = await seoul.submit(path, `${path}/complete`, { receiptSignedBy: 'CENTREFLOW12' });
    assert.equal(lost.status, 502, 'the unreachable authority is a bad gateway, not a fault of the centre');
    assert.match((await seoul.get(path)).body, /being completed with the authority/);
    assert.equal((await federation.authority.cards!.cardsFor([card.reference])).get(card.reference)!.state, 'personalised');
  } finally {
    federation.centre.useGateway(federation.exchange.gateways.centre!);
  }
  await federation.centre.deliver();
  assert.match((await seoul.get(path)).body, /Handed over/);
  assert.equal((await federation.authority.cards!.cardsFor([card.reference])).get(card.reference)!.state, 'active');
  assert.deepEqual((await custodyOf(federation.authority, card.reference)).map((c) => c.event), ['dispatched', 'arrived', 'handed_over']);
});

test('a suspended centre is refused at once: its staff’s sessions end, its access rights leave the registry, its operators reach no applicant, no shipment goes to it; reinstated, it works again', async () => {
  const card = await cardInStock(15);
  const appointment = await booked(card);
  await travelTo(new Date(appointment.startsAt.getTime() + 60_000));
  const path = (await seoul.submit('/centre/stock', `/centre/appointments/${appointment.id}/handover`, {})).location!;
  // The overseer suspends the centre on its dashboard page, confirming the consequences.
  await createStaff(federation.storage.db, { username: 'suspending.overseer', displayName: 'Suspending Overseer', organisation: 'PBGB', roles: ['officer'], password: PASSWORD }, clock);
  const overseer = await HttpBrowser.signedIn(federation.urls.portal, 'suspending.overseer', PASSWORD);
  const centrePage = '/officer/centres/seoul-vfs?lang=en';
  const change = (state: string, reason: string, confirmed: boolean) => overseer.submit(centrePage, '/officer/centres/seoul-vfs/state', { state, reason, ...(confirmed ? { confirmed: 'yes' } : {}) });
  assert.match((await change('suspended', 'Audit finding at the Seoul centre', false)).body, /Confirm the suspension/);
  assert.equal((await seoul.get(path)).status, 200, 'asking changes nothing: the operator still works');
  assert.equal((await change('suspended', 'Audit finding at the Seoul centre', true)).status, 303);
  try {
    // The operator's open session ended at once; signed in again, every page is refused.
    const ended = await seoul.get(path);
    assert.equal(ended.status, 303);
    assert.match(ended.location ?? '', /\/auth\/sign-in/);
    const again = await signIn('seoul.operator');
    const refused = await again.get('/centre/stock');
    assert.equal(refused.status, 403);
    assert.match(refused.body, /ERR_CENTRE_SUSPENDED|suspended/);
    const identified = await again.send(`${path}/identify`, { method: 'POST', body: '', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.ok(identified.status >= 400, `status ${identified.status}`);
    assert.doesNotMatch(identified.body, /CENTREFLOW15/i, 'no identifying data reached the operator');
    // The registry no longer grants the centre's subsystem the authority's services: its gateway call is refused before the authority sees it.
    const direct = await fetch(federation.exchange.gateways.centre + authorityService(`card-manifests/cards?references=${card.reference}`), { headers: { 'X-Road-Client': centreClientId('seoul-vfs') } });
    assert.match(direct.headers.get('x-road-error') ?? '', /AccessDenied/);
    assert.doesNotMatch(await direct.text(), new RegExp(card.documentNumber));
    // Dubai is not suspended and keeps its rights.
    const dubaiCall = await fetch(federation.exchange.gateways.centre + authorityService(`card-manifests/cards?references=${card.reference}`), { headers: { 'X-Road-Client': centreClientId('dubai-vfs') } });
    assert.equal(dubaiCall.status, 200);
    const waiting = await approved(16);
    await federation.moveCards();
    const stock = await listStock(federation.centre.storage.db, 'seoul-vfs', { offset: 0, size: 1000 });
    assert.ok(!stock.items.some((i) => i.documentNumber === waiting.documentNumber), 'no manifest went to the suspended centre');
    assert.equal((await setCentreState(federation.authority, 'seoul-vfs', { state: 'suspended', actor: 'officer-a' })).changed, false);
  } finally {
    assert.equal((await change('active', 'Audit closed', true)).status, 303);
  }
  seoul = await signIn('seoul.operator');
  assert.equal((await seoul.submit(path, `${path}/identify`, {})).status, 200, 'reinstated, the handover goes on');
  const direct = await fetch(federation.exchange.gateways.centre + authorityService(`card-manifests/cards?references=${card.reference}`), { headers: { 'X-Road-Client': centreClientId('seoul-vfs') } });
  assert.equal(direct.status, 200, 'its access rights are back');
  const centreEvents = await federation.centre.storage.db.select().from(logEntries).where(eq(logEntries.subject, 'seoul-vfs')).orderBy(logEntries.id);
  assert.deepEqual(centreEvents.map((e) => e.type).filter((t) => t === 'centre.suspended' || t === 'centre.reinstated'), ['centre.suspended', 'centre.reinstated'], 'the centre logged both notices');
  const events = await federation.storage.db.select().from(logEntries).where(eq(logEntries.subject, 'seoul-vfs')).orderBy(logEntries.id);
  assert.deepEqual(events.map((e) => e.type).filter((t) => t === 'centre.suspended' || t === 'centre.reinstated'), ['centre.suspended', 'centre.reinstated']);
  assert.match(events.find((e) => e.type === 'centre.suspended')!.leaf, /"reason":"Audit finding at the Seoul centre"/, 'the overseer’s reason is in the authority’s log');
});

test('a card revoked by the authority while at the centre is not handed over, and the operator sees no one (an on-hold card cannot be suspended, only revoked)', async () => {
  const card = await cardInStock(17);
  const appointment = await booked(card);
  await travelTo(new Date(appointment.startsAt.getTime() + 60_000));
  const path = (await seoul.submit('/centre/stock', `/centre/appointments/${appointment.id}/handover`, {})).location!;
  const row = await findCardByOrder(federation.trust.db, card.reference);
  await assert.rejects(changeCardState(federation.trust, row.id, { action: 'suspend' }, 'officer-a'), /ERR_INVALID_TRANSITION|cannot/i);
  await changeCardState(federation.trust, row.id, { action: 'revoke', reason: 'stolen' }, 'officer-a');
  const identified = await seoul.submit(path, `${path}/identify`, {});
  assert.ok(identified.status >= 400 && identified.status < 500, `status ${identified.status}`);
  assert.match(identified.body, /ERR_CARD_NOT_AT_CENTRE/);
  assert.doesNotMatch(identified.body, /CENTREFLOW17/i, 'no identifying data reached the operator');
  assert.equal((await federation.authority.cards!.cardsFor([card.reference])).get(card.reference)!.state, 'revoked');
  assert.ok(!(await custodyOf(federation.authority, card.reference)).some((c) => c.event === 'handed_over'), 'no handover in the chain of custody');
});

test('the daily reconciliation accounts for every card on both sides and reports a card whose state the centre changed without telling the authority', async () => {
  await federation.moveCards();
  const clean = await federation.centre.reconcile();
  assert.deepEqual(clean['seoul-vfs']!.discrepancies, [], 'every card sent is accounted for');
  assert.ok(clean['seoul-vfs']!.checked >= 10);
  // A card's stock row changed behind the log's back (no custody report): a discrepancy on both sides.
  const card = await cardInStock(20);
  await federation.centre.storage.db.execute(sql`update centre.stock set state = 'handed_over' where document_number = ${card.documentNumber}`);
  const report = await federation.centre.reconcile();
  assert.deepEqual(report['seoul-vfs']!.discrepancies, [{ documentNumber: card.documentNumber, authority: 'in_stock', centre: 'handed_over' }]);
  const authoritySide = await federation.storage.db.select().from(logEntries).where(and(eq(logEntries.type, 'centre.reconciled'), eq(logEntries.subject, 'seoul-vfs'))).orderBy(logEntries.id);
  assert.match(authoritySide.at(-1)!.leaf, new RegExp(card.documentNumber));
  const centreSide = await federation.centre.storage.db.select().from(logEntries).where(and(eq(logEntries.type, 'stock.reconciled'), eq(logEntries.subject, 'seoul-vfs'))).orderBy(logEntries.id);
  assert.match(centreSide.at(-1)!.leaf, new RegExp(card.documentNumber));
  await federation.centre.storage.db.execute(sql`update centre.stock set state = 'in_stock' where document_number = ${card.documentNumber}`);
});

test('the authority’s oversight dashboard shows the Seoul centre’s cards from the authority’s own records; a centre operator cannot see it', async () => {
  await federation.moveCards();
  await createStaff(federation.storage.db, { username: 'overseer', displayName: 'Overseer', organisation: 'PBGB', roles: ['officer'], password: PASSWORD }, clock);
  const overseer = await HttpBrowser.signedIn(federation.urls.portal, 'overseer', PASSWORD);
  const answer = await overseer.send('/api/v1/officer/centres/seoul-vfs?event=handed_over&size=100', { headers: { accept: 'application/json' } });
  assert.equal(answer.status, 200, answer.body);
  const seoulFigures = JSON.parse(answer.body) as { figures: Record<string, number>; failures: Array<{ reason: string; count: number }>; biometricNoMatches: number; actions: { total: number }; lastReconciliation: { discrepancies: number } };
  // The authority's count agrees with what the centre itself holds as handed over.
  const handedOverAtCentre = (await listStock(federation.centre.storage.db, 'seoul-vfs', { state: 'handed_over', offset: 0, size: 1000 })).total;
  assert.ok(handedOverAtCentre >= 2);
  assert.equal(seoulFigures.figures.handedOver, handedOverAtCentre);
  assert.equal(seoulFigures.actions.total, handedOverAtCentre);
  // The stopped biometric check reached the authority over the exchange, and its own matcher recorded the no-match.
  assert.equal(seoulFigures.failures.find((f) => f.reason === 'biometric_no_match')?.count, 1);
  assert.equal(seoulFigures.biometricNoMatches, 1);
  assert.equal(seoulFigures.lastReconciliation.discrepancies, 1);
  const page = await overseer.get('/officer/centres/seoul-vfs?lang=en');
  assert.equal(page.status, 200);
  assert.match(page.body, /<svg role="img" aria-labelledby="per-day-title"/);

  // The operator's session is the centre's own: the authority's portal knows no such session or account.
  const operatorAtPortal = new HttpBrowser(federation.urls.portal);
  for (const [name, value] of seoul.jar) operatorAtPortal.jar.set(name, value);
  const refused = await operatorAtPortal.get('/officer/centres');
  assert.notEqual(refused.status, 200);
  assert.doesNotMatch(refused.body, /aria-labelledby="handed-over-title"/);
  const api = await operatorAtPortal.send('/api/v1/officer/centres', { headers: { accept: 'application/json' } });
  assert.equal(api.status, 401);
  await assert.rejects(HttpBrowser.signedIn(federation.urls.portal, 'seoul.operator', PASSWORD), /sign-in of seoul.operator failed/);
});

test('the centre’s signed tree heads reach the authority over the exchange and are checked; a rewritten centre log is refused and flagged', async () => {
  await federation.centre.sendTreeHeads();
  const first = await latestCentreTreeHead(federation.authority, 'seoul-vfs');
  assert.ok(first && first.size > 0, 'the authority accepted a first head');
  await cardInStock(22);
  const sent = await federation.centre.sendTreeHeads();
  assert.equal(sent['seoul-vfs']!.sent, true);
  const second = await latestCentreTreeHead(federation.authority, 'seoul-vfs');
  assert.ok(second!.size > first.size, 'a larger head, proven consistent with the first, was accepted');
  assert.equal(second!.rootHash, (await latestTreeHead(federation.centre.storage.db))!.rootHash);
  const failedChecks = async () => (await federation.storage.db.select().from(logEntries).where(and(eq(logEntries.type, 'centre.log_check_failed'), eq(logEntries.subject, 'seoul-vfs')))).length;
  assert.equal(await failedChecks(), 0);
  // Every check-in, stop, return and handover the centre reported is proven to be in the head it sent.
  await federation.centre.sendTreeHeads();
  const claims = await logClaimCounts(federation.storage.db, 'seoul-vfs');
  assert.ok(claims.included > 0, 'the reported actions were proven included');
  assert.deepEqual({ pending: claims.pending, missing: claims.missing }, { pending: 0, missing: 0 });

  // Someone at the centre rewrites an entry the authority already holds a head over, and the log goes on.
  const [entry] = await federation.centre.storage.db.select().from(logEntries).where(eq(logEntries.index, 1));
  await federation.centre.storage.db.update(logEntries).set({ leafHash: Buffer.alloc(32, 7) }).where(eq(logEntries.index, 1));
  try {
    await cardInStock(23);
    await assert.rejects(federation.centre.sendTreeHeads(), (error: { upstreamCode?: string }) => error.upstreamCode === 'ERR_CENTRE_LOG_FORKED');
    assert.equal((await latestCentreTreeHead(federation.authority, 'seoul-vfs'))!.size, second!.size, 'the rewritten head is not kept');
    // At least once: the centre's own minute timer may have sent the rewritten head too.
    assert.ok(await failedChecks() >= 1, 'the authority flags the fork in its own log');
    await createStaff(federation.storage.db, { username: 'log.overseer', displayName: 'Log Overseer', organisation: 'PBGB', roles: ['officer'], password: PASSWORD }, clock);
    const overseer = await HttpBrowser.signedIn(federation.urls.portal, 'log.overseer', PASSWORD);
    const dashboard = await overseer.get('/officer/centres/seoul-vfs?lang=en');
    assert.match(dashboard.body, /Problems found in this centre’s log/);
    assert.match(dashboard.body, /A tree head that is not an extension of the accepted one: rewritten history/);
  } finally {
    await federation.centre.storage.db.update(logEntries).set({ leafHash: entry!.leafHash }).where(eq(logEntries.index, 1));
  }
});

// Last in the file: it moves the clock past the cards' six-month collection deadline.
test('an uncollected card is destroyed only after its deadline, by a supervisor with a witness of the centre; the authority records it and revokes the card', async () => {
  const card = await cardInStock(19);
  const lead = await signIn('seoul.lead');
  const dispose = (witness: string) => lead.submit('/centre/stock', '/centre/disposals', { disposalDocumentNumber: card.documentNumber, disposition: 'destroyed', witness, method: 'shredded' });
  assert.match((await lead.get('/centre/stock')).body, /action="\/centre\/disposals"/, 'the supervisor has the form');
  assert.doesNotMatch((await seoul.get('/centre/stock')).body, /action="\/centre\/disposals"/, 'an operator has not');
  const early = await dispose('seoul.operator');
  assert.equal(early.status, 409);
  assert.match(early.body, /The holder may collect this card until/);
  assert.equal((await seoul.submit('/centre/stock', '/centre/disposals', { disposalDocumentNumber: card.documentNumber, disposition: 'destroyed', witness: 'seoul.lead', method: 'shredded' })).status, 403, 'an operator may not dispose of cards');

  const row = (await listStock(federation.centre.storage.db, 'seoul-vfs', { offset: 0, size: 1000 })).items.find((i) => i.documentNumber === card.documentNumber)!;
  // The day after the deadline, in Seoul and in UTC alike.
  await travelTo(new Date(Date.parse(`${row.collectBy}T12:00:00Z`) + 86_400_000));
  const late = await signIn('seoul.lead');
  for (const witness of ['seoul.lead', 'dubai.operator', 'nobody']) {
    const refused = await late.submit('/centre/stock', '/centre/disposals', { disposalDocumentNumber: card.documentNumber, disposition: 'destroyed', witness, method: 'shredded' });
    assert.equal(refused.status, 400, `witness ${witness}`);
    assert.match(refused.body, /The witness must be another staff member of this centre/);
  }
  assert.equal((await late.submit('/centre/stock', '/centre/disposals', { disposalDocumentNumber: card.documentNumber, disposition: 'destroyed', witness: 'seoul.operator', method: 'shredded' })).status, 303);
  const after = (await listStock(federation.centre.storage.db, 'seoul-vfs', { offset: 0, size: 1000 })).items.find((i) => i.documentNumber === card.documentNumber)!;
  assert.equal(after.state, 'destroyed');
  assert.match(after.note ?? '', /witnessed by Seoul Operator \(seoul\.operator\)/);
  await federation.centre.deliver();
  const chain = await custodyOf(federation.authority, card.reference);
  assert.deepEqual(chain.map((c) => c.event), ['dispatched', 'arrived', 'destroyed']);
  assert.match(String(chain[2]!.detail.note), /witnessed by/);
  await revokeUnclaimedCards(federation.trust);
  assert.equal((await federation.authority.cards!.cardsFor([card.reference])).get(card.reference)!.state, 'revoked');
});
