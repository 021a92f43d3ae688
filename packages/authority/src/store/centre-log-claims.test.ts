// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import {
  appendEvent, leafHash, logEntries, logEntryText, openTestStorage, proveConsistency, proveInclusion, signTreeHead, transparencyMigrations,
  type LogEvent, type LogSigningKey, type SignedTreeHead, type Storage,
} from '@tessera/platform';
import { openAuthorityFixture, type AuthorityFixture } from '../testing/authority-fixture.ts';
import { acceptCentreTreeHead, latestCentreTreeHead } from './accept-centre-tree-head.ts';
import { INCLUSION_GRACE_MS, PENDING_CLAIMS_ASKED, pendingLogClaims } from './centre-log-claims.ts';
import { upsertPartnerCentres } from './partner-centres.ts';
import { recordCustodyReports } from './record-custody-reports.ts';
import { setCentreSla } from './set-centre-sla.ts';
import { cardCustody, centreLogAlerts, centreLogClaims } from './schema.ts';

let a: AuthorityFixture;
let centreLog: Storage;
let key: LogSigningKey;
const ref = (n: number) => `ER-2026-${String(800_000 + n).padStart(6, '0')}`;
const doc = (n: number) => `L${String(n).padStart(7, '0')}`;

/** What the centre's log holds for card `n` arriving now, and the report it sends with the entry. */
function arrival(n: number, actor = 'op-1') {
  const at = a.clock.now();
  const event: LogEvent = { context: 'centre', type: 'card.arrived', subject: doc(n), actor, at, data: { centre: 'seoul-vfs', reference: ref(n) } };
  return { event, report: { reference: ref(n), documentNumber: doc(n), event: 'arrived' as const, actor, at: at.toISOString(), logEntry: logEntryText(event) } };
}

/** The centre's side of sending a head: the head, the consistency proof from the accepted one, and inclusion proofs for the pending entries its log holds. */
async function submission(head: SignedTreeHead) {
  const accepted = (await latestCentreTreeHead(a.deps, 'seoul-vfs'))?.size ?? 0;
  const inclusions = [];
  for (const pending of await pendingLogClaims(a.deps.db, 'seoul-vfs')) {
    const [row] = await centreLog.db.select().from(logEntries).where(eq(logEntries.leafHash, Buffer.from(pending, 'hex')));
    if (row && row.index !== null && row.index < head.size) inclusions.push({ leafHash: pending, index: row.index, proof: await proveInclusion(centreLog.db, row.index, head.size) });
  }
  return { head, from: accepted, consistency: accepted > 0 && accepted < head.size ? await proveConsistency(centreLog.db, accepted, head.size) : [], inclusions };
}

const claims = () => a.deps.db.select().from(centreLogClaims).where(eq(centreLogClaims.location, 'seoul-vfs'));
const alertCodes = async () => (await a.deps.db.select().from(centreLogAlerts).where(eq(centreLogAlerts.location, 'seoul-vfs'))).map((x) => x.code);

before(async () => {
  a = await openAuthorityFixture();
  centreLog = await openTestStorage();
  await centreLog.migrate(transparencyMigrations);
  const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  key = { privateKey: pair.privateKey, kid: 'centre-log' };
  await upsertPartnerCentres(a.deps.db, a.clock, [{ location: 'seoul-vfs', exchangeClient: 'TESSERA/COM/1/seoul-centre', logKey: { ...(await crypto.subtle.exportKey('jwk', pair.publicKey)) } }]);
  for (let n = 1; n <= 8; n++) await a.deps.db.insert(cardCustody).values({ reference: ref(n), documentNumber: doc(n), location: 'seoul-vfs', event: 'dispatched', actor: 'system', at: a.clock.now() });
});
after(async () => {
  await centreLog?.close();
  await a?.storage.close();
});

test('a reported action whose entry is in the centre’s log is proven included by the next head, and asked about no more', async () => {
  const { event, report } = arrival(1);
  await centreLog.db.transaction((tx) => appendEvent(tx, event));
  await recordCustodyReports(a.deps, 'seoul-vfs', [report]);
  assert.deepEqual(await pendingLogClaims(a.deps.db, 'seoul-vfs'), [leafHash(Buffer.from(report.logEntry)).toString('hex')]);
  const head = await signTreeHead(centreLog.db, key, a.clock);
  const result = await acceptCentreTreeHead(a.deps, 'seoul-vfs', await submission(head));
  assert.deepEqual({ included: result.included, missing: result.missing }, { included: 1, missing: 0 });
  const [claim] = await claims();
  assert.equal(claim!.state, 'included');
  assert.equal(claim!.headSize, head.size);
  assert.deepEqual(await pendingLogClaims(a.deps.db, 'seoul-vfs'), []);
  assert.deepEqual(await alertCodes(), []);
});

test('an action reported but not in the centre’s log stays pending within the grace period, then is flagged; the head itself is still accepted', async () => {
  const { report } = arrival(2);
  // The centre tells the authority of a check-in its own log never recorded.
  await recordCustodyReports(a.deps, 'seoul-vfs', [report]);
  await centreLog.db.transaction((tx) => appendEvent(tx, arrival(3).event));
  const soon = await signTreeHead(centreLog.db, key, a.clock);
  assert.deepEqual((({ missing }) => ({ missing }))(await acceptCentreTreeHead(a.deps, 'seoul-vfs', await submission(soon))), { missing: 0 });
  assert.equal((await claims()).find((c) => c.reference === ref(2))!.state, 'pending');

  a.clock.advance(INCLUSION_GRACE_MS);
  await centreLog.db.transaction((tx) => appendEvent(tx, arrival(4).event));
  const later = await signTreeHead(centreLog.db, key, a.clock);
  const result = await acceptCentreTreeHead(a.deps, 'seoul-vfs', await submission(later));
  assert.equal(result.accepted, later.size);
  assert.equal(result.missing, 1);
  assert.equal((await claims()).find((c) => c.reference === ref(2))!.state, 'missing');
  assert.deepEqual(await alertCodes(), ['action_not_in_log']);
  const [event] = await a.deps.db.select().from(logEntries).where(eq(logEntries.type, 'centre.log_check_failed'));
  assert.match(event!.leaf, /"code":"action_not_in_log"/);
});

test('a rewritten entry — the log holds another version of the reported action — has no valid proof and is flagged', async () => {
  const { event, report } = arrival(5);
  // The log's entry names another operator than the report: the hash the authority computed is not in it.
  await centreLog.db.transaction((tx) => appendEvent(tx, { ...event, actor: 'op-2' }));
  await recordCustodyReports(a.deps, 'seoul-vfs', [report]);
  const head = await signTreeHead(centreLog.db, key, a.clock);
  const honest = await submission(head);
  assert.deepEqual(honest.inclusions, [], 'the centre’s log has no entry with the reported hash');
  // The centre answers with the proof of the entry it did write, under the reported entry's hash.
  const [written] = await centreLog.db.select().from(logEntries).where(eq(logEntries.leafHash, leafHash(Buffer.from(logEntryText({ ...event, actor: 'op-2' })))));
  const forged = { ...honest, inclusions: [{ leafHash: leafHash(Buffer.from(report.logEntry)).toString('hex'), index: written!.index!, proof: await proveInclusion(centreLog.db, written!.index!, head.size) }] };
  const result = await acceptCentreTreeHead(a.deps, 'seoul-vfs', forged);
  assert.equal(result.missing, 1);
  assert.equal((await claims()).find((c) => c.reference === ref(5))!.state, 'missing');
  assert.deepEqual((await alertCodes()).slice(-1), ['inclusion_invalid']);
});

test('a report whose log entry records something else is refused whole, and nothing of it is kept', async () => {
  const before = (await claims()).length;
  const custody = (await a.deps.db.select().from(cardCustody)).length;
  const { report } = arrival(6);
  const other = arrival(6, 'op-9').report.logEntry;
  const spaced = report.logEntry.replace('{', '{ ');
  for (const logEntry of [other, spaced, '', 'not json']) {
    await assert.rejects(recordCustodyReports(a.deps, 'seoul-vfs', [arrival(1).report, { ...report, logEntry }]), { code: 'ERR_CENTRE_LOG_ENTRY_MISMATCH' });
  }
  assert.equal((await claims()).length, before);
  assert.equal((await a.deps.db.select().from(cardCustody)).length, custody);
});

test('the grace before an unproven action counts as missing is the centre’s own service level, set by its overseer', async () => {
  assert.equal((await setCentreSla(a.deps, 'seoul-vfs', { inclusionGraceMinutes: 60 }, 'overseer-1')).changed, true);
  const pendingOf = async (n: number) => (await claims()).find((c) => c.reference === ref(n))!.state;
  try {
    // Reported, but never written to the centre's log.
    await recordCustodyReports(a.deps, 'seoul-vfs', [arrival(7).report]);
    a.clock.advance(INCLUSION_GRACE_MS);
    await centreLog.db.transaction((tx) => appendEvent(tx, arrival(8).event));
    assert.equal((await acceptCentreTreeHead(a.deps, 'seoul-vfs', await submission(await signTreeHead(centreLog.db, key, a.clock)))).missing, 0);
    assert.equal(await pendingOf(7), 'pending', 'past the default grace, inside the centre’s own');
    a.clock.advance(50 * 60_000);
    await centreLog.db.transaction((tx) => appendEvent(tx, { ...arrival(8).event, subject: 'later' }));
    assert.equal((await acceptCentreTreeHead(a.deps, 'seoul-vfs', await submission(await signTreeHead(centreLog.db, key, a.clock)))).missing, 1);
    assert.equal(await pendingOf(7), 'missing');
  } finally {
    await setCentreSla(a.deps, 'seoul-vfs', {}, 'overseer-1');
  }
});

test('the centre is asked about the oldest pending claims, 200 at a time, and a head is judged on those only: a claim it was not asked about yet is not flagged missing, and the next head proves it', async () => {
  const cards = Array.from({ length: PENDING_CLAIMS_ASKED + 5 }, (_, i) => 1001 + i);
  await a.deps.db.insert(cardCustody).values(cards.map((n) => ({ reference: ref(n), documentNumber: doc(n), location: 'seoul-vfs', event: 'dispatched', actor: 'system', at: a.clock.now() })));
  // Many actions at once, as a bulk import leaves them, all in the centre's log.
  const arrivals = cards.map((n) => arrival(n));
  await centreLog.db.transaction(async (tx) => {
    for (const { event } of arrivals) await appendEvent(tx, event);
  });
  await recordCustodyReports(a.deps, 'seoul-vfs', arrivals.map((x) => x.report));
  a.clock.advance(INCLUSION_GRACE_MS * 3);
  const alertsBefore = (await alertCodes()).length;
  const first = await acceptCentreTreeHead(a.deps, 'seoul-vfs', await submission(await signTreeHead(centreLog.db, key, a.clock)));
  assert.deepEqual({ included: first.included, missing: first.missing }, { included: PENDING_CLAIMS_ASKED, missing: 0 });
  assert.equal((await pendingLogClaims(a.deps.db, 'seoul-vfs')).length, 5);
  // The same head again, with proofs for the rest (as the centre's job sends it while any are pending).
  const head = (await latestCentreTreeHead(a.deps, 'seoul-vfs'))!;
  const again = await acceptCentreTreeHead(a.deps, 'seoul-vfs', await submission({ size: head.size, rootHash: head.rootHash, timestamp: head.timestamp.toISOString(), signature: head.signature }));
  assert.deepEqual({ included: again.included, missing: again.missing }, { included: 5, missing: 0 });
  assert.equal((await alertCodes()).length, alertsBefore, 'no claim was flagged');
  assert.equal((await claims()).filter((c) => cards.some((n) => ref(n) === c.reference) && c.state !== 'included').length, 0);
});
