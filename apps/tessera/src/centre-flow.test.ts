// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStaff, outbox, systemClock } from '@tessera/platform';
import { custodyOf, decideApplication, retryCardOrders, specimenPassportScan, specimenPortrait, startPayment, submitApplication } from '@tessera/authority';
import { listStock } from '@tessera/centre';
import { readConfig } from './config.ts';
import { koreanApplicant, seededRandom } from './demo/korean-applicants.ts';
import { centreClientId, INSTANCE, MEMBERS } from './exchange/members.ts';
import { startFederation, type Federation } from './federation.ts';
import { freePort } from './testing/free-port.ts';
import { HttpBrowser } from './testing/http-browser.ts';

const PASSWORD = 'a long passphrase for centre staff';
let dir: string;
let federation: Federation;
let seoul: HttpBrowser;
let dubai: HttpBrowser;
const random = seededRandom(42);
const authorityService = (path: string) => `/r1/${INSTANCE}/${MEMBERS.authority.memberClass}/${MEMBERS.authority.memberCode}/${MEMBERS.authority.subsystem}/${path}`;

/** An application taken to approval the way applicants and officers do; resolves with its reference and card number. */
async function approvedApplication(n: number, pickupLocation = 'seoul-vfs'): Promise<{ reference: string; documentNumber: string; email: string }> {
  const form = { ...koreanApplicant(random, n, systemClock.now()), pickupLocation, surname: `Centreflow${n}`.slice(0, 20) };
  const submitted = await submitApplication(federation.authority, form, { photo: { bytes: specimenPortrait() }, passportScan: { bytes: specimenPassportScan(form.documentNumber) } });
  await federation.pay((await startPayment(federation.authority, submitted.statusToken)).redirectUrl);
  const first = await decideApplication(federation.authority, submitted.id, 'officer-a', { decision: 'approve' });
  if (first.status !== 'approved') await decideApplication(federation.authority, submitted.id, 'officer-b', { decision: 'approve' });
  await retryCardOrders(federation.authority);
  const chain = await federation.authority.cards!.cardsFor([submitted.reference]);
  return { reference: submitted.reference, documentNumber: chain.get(submitted.reference)!.documentNumber, email: form.email };
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-centre-'));
  const config = readConfig({
    TESSERA_PORT: String(await freePort()), TESSERA_PAYMENT_PORT: String(await freePort()), TESSERA_TRUST_PORT: String(await freePort()), TESSERA_CENTRE_PORT: String(await freePort()),
    TESSERA_DATA_DIR: dir, TESSERA_DEMO: 'false', TESSERA_LOG_LEVEL: 'silent', TESSERA_OPEN_LOCATIONS: 'tallinn-service-point,seoul-vfs,dubai-vfs',
  }).values;
  federation = await startFederation(config, { warnings: [], quiet: true });
  const centreDb = federation.centre.storage.db;
  await createStaff(centreDb, { username: 'seoul.operator', displayName: 'Seoul Operator', organisation: 'VFS Global', roles: ['operator'], centreId: 'seoul-vfs', password: PASSWORD }, systemClock);
  await createStaff(centreDb, { username: 'dubai.operator', displayName: 'Dubai Operator', organisation: 'VFS Global', roles: ['operator'], centreId: 'dubai-vfs', password: PASSWORD }, systemClock);
  seoul = await HttpBrowser.signedIn(federation.centre.url, 'seoul.operator', PASSWORD);
  dubai = await HttpBrowser.signedIn(federation.centre.url, 'dubai.operator', PASSWORD);
});
after(async () => {
  await federation?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('a shipment reaches the centre over the exchange and each card is checked in; the authority sees the chain of custody', async () => {
  const card = await approvedApplication(1);
  await federation.moveCards();
  const announced = await listStock(federation.centre.storage.db, 'seoul-vfs', { state: 'in_transit', offset: 0, size: 100 });
  assert.ok(announced.items.some((i) => i.documentNumber === card.documentNumber), 'the manifest announced the card to the centre');

  const checkedIn = await seoul.submit('/centre/stock', '/centre/arrivals', { documentNumber: card.documentNumber.toLowerCase() });
  assert.equal(checkedIn.status, 303);
  await federation.moveCards();
  const chain = await custodyOf(federation.authority, card.reference);
  assert.deepEqual(chain.map((c) => c.event), ['dispatched', 'arrived']);
  assert.equal(chain[1]!.location, 'seoul-vfs');
  const mail = await federation.storage.db.select().from(outbox);
  const ready = mail.find((m) => m.to === card.email && /\/book\/[A-Za-z0-9_-]{43}/.test(m.text));
  assert.ok(ready, 'the applicant is told the card is ready, with a booking link');
});

test('a card scanned twice is refused the second time and reported to the authority once', async () => {
  const card = await approvedApplication(2);
  await federation.moveCards();
  assert.equal((await seoul.submit('/centre/stock', '/centre/arrivals', { documentNumber: card.documentNumber })).status, 303);
  const again = await seoul.submit('/centre/stock', '/centre/arrivals', { documentNumber: card.documentNumber });
  assert.equal(again.status, 409);
  assert.match(again.body, /ERR_CARD_ALREADY_RECEIVED|already checked in/);
  await federation.moveCards();
  assert.deepEqual((await custodyOf(federation.authority, card.reference)).map((c) => c.event), ['dispatched', 'arrived']);
});

test('an operator of another centre neither sees nor checks in a card sent to Seoul', async () => {
  const card = await approvedApplication(3);
  await federation.moveCards();
  assert.doesNotMatch((await dubai.get('/centre/stock')).body, new RegExp(card.documentNumber));
  const refused = await dubai.submit('/centre/stock', '/centre/arrivals', { documentNumber: card.documentNumber });
  assert.equal(refused.status, 404);
  const stock = await listStock(federation.centre.storage.db, 'seoul-vfs', { state: 'in_transit', offset: 0, size: 100 });
  assert.ok(stock.items.some((i) => i.documentNumber === card.documentNumber), 'the card is still in transit to Seoul');
});

test('another centre’s subsystem, through the exchange, learns nothing of a Seoul card and cannot hand it over', async () => {
  const card = await approvedApplication(4);
  await federation.moveCards();
  await seoul.submit('/centre/stock', '/centre/arrivals', { documentNumber: card.documentNumber });
  await federation.moveCards();
  const gateway = federation.exchange.gateways.centre!;
  const manifest = await fetch(gateway + authorityService(`card-manifests/cards?references=${card.reference}`), { headers: { 'X-Road-Client': centreClientId('dubai-vfs') } });
  assert.equal(manifest.status, 200);
  assert.deepEqual(await manifest.json(), { cards: [] });
  const handover = await fetch(gateway + authorityService(`handovers/handovers/${card.reference}`), {
    method: 'POST', headers: { 'X-Road-Client': centreClientId('dubai-vfs'), 'content-type': 'application/json' }, body: JSON.stringify({ confirmedBy: 'intruder' }),
  });
  assert.equal(handover.status, 404);
  assert.equal(((await handover.json()) as { code: string }).code, 'ERR_CARD_NOT_AT_CENTRE');
  assert.equal((await federation.authority.cards!.cardsFor([card.reference])).get(card.reference)!.state, 'personalised');
});

test('a replayed shipment manifest changes nothing at the centre', async () => {
  const card = await approvedApplication(5);
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
