// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq, inArray, sql } from 'drizzle-orm';
import { logEntries, ManualClock, seededRandom, ValidationFailed, type Database, type StaffPrincipal } from '@tessera/platform';
import { importCentreCustody, importCentreLogClaims } from '@tessera/authority';
import {
  bookSlot, centreByCode, CENTRE_ROLES, checkIdentity, completeHandover, confirmArrival, createCentreStaff, identifyApplicant, importCards, openingHoursText, startHandover, upcomingSlots, type CentreDeps,
} from '@tessera/centre';
import { readConfig } from '../config.ts';
import { startFederation, type Federation } from '../federation.ts';
import { approvedApplication } from '../testing/approved-application.ts';
import { federationPorts } from '../testing/free-port.ts';
import { recordHandoverReads } from './centre-world.ts';
import { koreanApplicant } from './korean-applicants.ts';


let dir: string;
let federation: Federation;
let operator: StaffPrincipal;
const clock = new ManualClock(new Date());
const random = seededRandom(7);
const SEOUL = 'seoul-vfs';

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-centre-import-'));
  const config = readConfig({ ...(await federationPorts()), TESSERA_DATA_DIR: dir, TESSERA_DEMO: 'false', TESSERA_LOG_LEVEL: 'silent' }).values;
  // No job moves cards on its own: the test takes each step itself, so no shipment catches the imported card first.
  federation = await startFederation(config, { warnings: [], quiet: true, clock, scheduledJobs: false });
  const account = await createCentreStaff(federation.centre.storage.db, { username: 'import.operator', displayName: 'Import Operator', organisation: 'VFS Global', roles: ['operator'], centre: SEOUL, password: 'a long passphrase for centre staff' }, clock);
  operator = { id: account.id, username: account.username, displayName: account.displayName, organisation: 'VFS Global', roles: ['operator'], permissions: new Set(CENTRE_ROLES.operator), secondFactor: false };
});
after(async () => {
  await federation?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function approved(n: number) {
  const form = { ...koreanApplicant(random, n, clock.now()), surname: `Bulkimport${n}` };
  return { ...(await approvedApplication(federation, form)), form };
}

/** Moves the clock, keeping the exchange's global configuration fresh. */
async function travelTo(at: Date) {
  clock.set(at);
  await federation.exchange.publish();
}

type Row = Record<string, unknown>;
const rows = async (db: Database, query: ReturnType<typeof sql>) => ((await db.execute(query)) as unknown as { rows: Row[] }).rows;

/** Everything both sides hold about one card, every identifier of it replaced by a name, so two cards' records compare. */
async function recordsOf(card: Awaited<ReturnType<typeof approved>>) {
  const a = federation.storage.db;
  const c: Database = federation.centre.storage.db;
  const custody = await rows(a, sql`select * from authority.card_custody where reference = ${card.reference} order by at, id`);
  const shipmentId = String(custody[0]!.shipment_id);
  const [stock] = await rows(c, sql`select * from centre.stock where reference = ${card.reference}`);
  const appointments = await rows(c, sql`select * from centre.appointments where stock_id = ${stock!.id}`);
  const handovers = await rows(c, sql`select * from centre.handovers where stock_id = ${stock!.id}`);
  const cardTypes = ['card_dispatched', 'card_arrived', 'identity_released', 'biometric_check', 'handed_over'];
  const ids: Record<string, string> = {
    [card.id]: '<application>', [card.reference]: '<reference>', [card.card.documentNumber]: '<card>', [card.card.holderCode]: '<holder>', [shipmentId]: '<shipment>', [String(stock!.id)]: '<stock>',
    [String(appointments[0]!.id)]: '<appointment>', [String(handovers[0]!.id)]: '<handover>', [card.form.email]: '<email>', [card.form.givenNames]: '<given>', [card.form.surname]: '<surname>', [operator.id]: '<operator>',
  };
  if (stock!.booking_token_hash) ids[String(stock!.booking_token_hash)] = '<token>';
  const drop = (list: Row[], ...columns: string[]) => list.map((row) => Object.fromEntries(Object.entries(row).filter(([k]) => !columns.includes(k))));
  const log = async (db: Database, subjects: string[]) => (await db.select().from(logEntries).where(inArray(logEntries.subject, subjects)).orderBy(logEntries.at, logEntries.id))
    .filter((e) => e.context !== 'trust').map((e) => ({ context: e.context, type: e.type, subject: e.subject, at: e.at, leaf: e.leaf }));
  // What the authority keeps to check in the centre's log: each claim's entry must be one the centre's log holds (its hash differs per card, so it is checked here).
  const claims = await rows(a, sql`select * from authority.centre_log_claims where reference = ${card.reference} order by at, id`);
  const claimedEntries = await Promise.all(claims.map(async (claim) => (await c.select({ type: logEntries.type }).from(logEntries).where(eq(logEntries.leafHash, Buffer.from(String(claim.leaf_hash), 'hex'))))[0]?.type ?? 'not in the centre’s log'));
  const records = {
    logClaims: { claims: drop(claims, 'id', 'leaf_hash'), entries: claimedEntries },
    authority: {
      custody: drop(custody, 'id'),
      shipment: drop(await rows(a, sql`select * from authority.shipments where id = ${shipmentId}`), 'attempts'),
      history: drop(await rows(a, sql`select * from authority.application_events where application_id = ${card.id} and type in ${sql.raw(`(${cardTypes.map((t) => `'${t}'`).join(', ')})`)} order by at, id`), 'id'),
      accesses: drop(await rows(a, sql`select * from authority.personal_data_access where application_id = ${card.id} order by at, id`), 'id'),
      // Delivery (every second) clears a sent message's body: its text is checked on its own below.
      mail: drop(await rows(a, sql`select * from platform_mail.outbox where idempotency_key = ${`application:${card.id}:card_ready`}`), 'id', 'sent_at', 'attempts', 'next_attempt_at', 'failed_at', 'last_error', 'text', 'html'),
      log: (await log(a, [card.id, shipmentId])).filter((e) => e.type === 'shipment.sent' || cardTypes.some((t) => e.type === `application.${t}`)),
      card: (await federation.authority.cards!.cardsFor([card.reference])).get(card.reference)!.state,
    },
    // The exchange's data tracker: the identity read at the handover, as both gateways recorded it.
    tracker: drop(await rows(a, sql`select * from exchange_tracker.data_access where subject = ${`EE${card.card.holderCode}`} order by at, side`), 'id', 'message_id'),
    centre: {
      shipment: await rows(c, sql`select * from centre.shipments where id = ${shipmentId}`),
      stock: [stock],
      reports: drop(await rows(c, sql`select * from centre.custody_reports where reference = ${card.reference}`), 'id'),
      appointments,
      handovers,
      log: await log(c, [shipmentId, card.card.documentNumber, String(appointments[0]!.id), String(handovers[0]!.id)]),
    },
  };
  let text = JSON.stringify(records);
  for (const [value, name] of Object.entries(ids).sort((x, y) => y[0].length - x[0].length)) text = text.split(value).join(name);
  // The booking link's token itself (only in the e-mail) is the card's own secret.
  return JSON.parse(text.replace(/\/book\/[A-Za-z0-9_-]{43}/g, '/book/<token>')) as { authority: { card: string } };
}

test('the bulk import of a centre’s records writes on both sides what the flows write for a card taken through them, step by step', async () => {
  const centre = centreByCode(federation.centre.deps.centres, SEOUL)!;
  const t0 = clock.now();
  const flowCard = await approved(1);
  await federation.moveCards();
  // Approved after the shipment left: the imported card is in no shipment of the flows.
  const bulkCard = await approved(2);

  // The flows, as the operator and the applicant take them, over the exchange.
  const tokens = [randomBytes(32).toString('base64url'), randomBytes(32).toString('base64url')] as const;
  const deps: CentreDeps = { ...federation.centre.deps, randomToken: () => tokens[0] };
  const t1 = new Date(t0.getTime() + 3_600_000);
  await travelTo(t1);
  await confirmArrival(deps, operator, flowCard.card.documentNumber);
  await federation.centre.deliver();
  const t2 = new Date(t1.getTime() + 3_600_000);
  await travelTo(t2);
  const slot = upcomingSlots(centre, t2, 14)[0]!.startsAt;
  const appointment = await bookSlot(deps, tokens[0], slot);
  const t3 = new Date(slot.getTime() + 2 * 60_000);
  await travelTo(t3);
  const handover = await startHandover(deps, operator, appointment.id);
  await identifyApplicant(deps, operator, handover.id);
  const checked = await checkIdentity(deps, operator, handover.id, { passportMatches: true, faceMatches: true, sample: flowCard.photo });
  await completeHandover(deps, operator, handover.id, { receiptSignedBy: `${flowCard.form.givenNames} ${flowCard.form.surname}` });

  // The same steps at the same times, for the other card, in bulk on both sides.
  const shipmentId = 'SHP-BULK-IMPORT-1';
  const results = await importCentreCustody(federation.authority, {
    location: SEOUL, shipments: [{ id: shipmentId, createdAt: t0, sentAt: t0 }],
    cards: [{
      reference: bulkCard.reference, shipmentId,
      arrived: { report: { actor: operator.id, at: t1.toISOString(), bookingUrl: new URL(`/book/${tokens[1]}`, deps.publicUrl).toString(), pickup: { address: `${centre.address}, ${centre.city}`, hours: openingHoursText(centre, 'en') } }, recordedAt: t1 },
      handedOver: { operator: operator.id, identifiedAt: t3, matchedAt: t3, sample: bulkCard.photo, at: t3 },
    }],
  });
  assert.deepEqual(results.get(bulkCard.reference), checked.checks.biometric, 'the authority’s matcher compared the sample as in the flow');
  await recordHandoverReads(federation.storage.db, SEOUL, [{ dataSubject: `EE${bulkCard.card.holderCode}`, at: t3 }]);
  const imported = await importCards(deps, SEOUL, {
    shipments: [{ receivedAt: t0, manifest: { shipmentId, centre: SEOUL, sentAt: t0.toISOString(), cards: [{ reference: bulkCard.reference, documentNumber: bulkCard.card.documentNumber, collectBy: bulkCard.card.collectBy, dataSubject: `EE${bulkCard.card.holderCode}` }] } }],
    cards: [{
      documentNumber: bulkCard.card.documentNumber,
      arrived: { at: t1, operator: operator.id, bookingToken: tokens[1] },
      booked: { at: t2, startsAt: slot },
      handedOver: { operator: operator.id, startedAt: t3, identifiedAt: t3, checkedAt: t3, biometric: results.get(bulkCard.reference)!, receiptSignedBy: `${bulkCard.form.givenNames} ${bulkCard.form.surname}`, confirmedAt: t3, finishedAt: t3 },
    }],
  });

  // An entry that does not record the action it is given for (the two swapped) refuses them all, as the live calls are refused.
  const swapped = imported.reported.map((r, i, all) => ({ ...r, logEntry: all[1 - i]!.logEntry, receivedAt: t3 }));
  await assert.rejects(importCentreLogClaims(federation.authority, SEOUL, swapped), { code: 'ERR_CENTRE_LOG_ENTRY_MISMATCH' });
  assert.equal((await rows(federation.storage.db, sql`select id from authority.centre_log_claims where reference = ${bulkCard.reference}`)).length, 0);
  // The claims the live calls would have left, received when they would have come: the check-in at t1, the handover at t3.
  await importCentreLogClaims(federation.authority, SEOUL, imported.reported.map((r) => ({ ...r, receivedAt: r.action === 'arrived' ? t1 : t3 })));

  const [mail] = await rows(federation.storage.db, sql`select text from platform_mail.outbox where idempotency_key = ${`application:${bulkCard.id}:card_ready`}`);
  assert.ok(mail!.text === '' || String(mail!.text).includes(`/book/${tokens[1]}`), 'the applicant is e-mailed their booking link');
  const flow = await recordsOf(flowCard);
  const bulk = await recordsOf(bulkCard);
  assert.equal(flow.authority.card, 'active');
  assert.ok(JSON.stringify(flow).includes('handover.confirmed') && JSON.stringify(flow).includes('identity check at handover'), 'the flow’s records are all there to compare');
  assert.equal((flow as unknown as { tracker: unknown[] }).tracker.length, 2, 'both gateways recorded the identity read');
  assert.deepEqual((flow as unknown as { logClaims: { entries: string[] } }).logClaims.entries, ['card.arrived', 'handover.confirmed'], 'the flow keeps a claim of the check-in and of the handover, each an entry of the centre’s log');
  assert.deepEqual(bulk, flow);
});

test('an import the flows would refuse writes nothing on either side: a card of another centre, a slot not offered, an operator of another centre', async () => {
  const card = await approved(3);
  const countBefore = async () => ({
    custody: (await rows(federation.storage.db, sql`select id from authority.card_custody where reference = ${card.reference}`)).length,
    stock: (await rows(federation.centre.storage.db, sql`select id from centre.stock where reference = ${card.reference} or shipment_id = 'SHP-BULK-REFUSED'`)).length,
  });
  const shipment = { id: 'SHP-BULK-REFUSED', createdAt: clock.now(), sentAt: clock.now() };
  await assert.rejects(importCentreCustody(federation.authority, { location: 'dubai-vfs', shipments: [shipment], cards: [{ reference: card.reference, shipmentId: shipment.id }] }), ValidationFailed);
  const manifest = { shipmentId: shipment.id, centre: SEOUL, sentAt: clock.now().toISOString(), cards: [{ reference: card.reference, documentNumber: card.card.documentNumber, collectBy: card.card.collectBy, dataSubject: `EE${card.card.holderCode}` }] };
  const arrived = { at: new Date(clock.now().getTime() + 60_000), operator: operator.id, bookingToken: randomBytes(32).toString('base64url') };
  // 03:07 UTC is no slot's start at Seoul.
  const notOffered = new Date(Date.UTC(2030, 0, 7, 3, 7));
  await assert.rejects(importCards(federation.centre.deps, SEOUL, { shipments: [{ manifest, receivedAt: clock.now() }], cards: [{ documentNumber: card.card.documentNumber, arrived, booked: { at: arrived.at, startsAt: notOffered } }] }), ValidationFailed);
  await assert.rejects(importCards(federation.centre.deps, SEOUL, { shipments: [{ manifest, receivedAt: clock.now() }], cards: [{ documentNumber: card.card.documentNumber, arrived: { ...arrived, operator: '00000000-0000-4000-8000-000000000000' } }] }), ValidationFailed);
  assert.deepEqual(await countBefore(), { custody: 0, stock: 0 });
});
