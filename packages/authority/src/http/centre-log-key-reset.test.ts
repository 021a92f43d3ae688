// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { appendEvent, latestTreeHead, logEntries, openTestStorage, proveConsistency, signTreeHead, transparencyMigrations, type LogSigningKey, type Storage } from '@tessera/platform';
import { acceptCentreTreeHead, latestCentreTreeHead } from '../store/accept-centre-tree-head.ts';
import { upsertPartnerCentres } from '../store/partner-centres.ts';
import { centreLogAlerts, centreLogKeyResets, partnerCentres } from '../store/schema.ts';
import { openAuthorityServer, type AuthorityServer, type TestBrowser } from '../testing/authority-server.ts';

let a: AuthorityServer;
let proposer: TestBrowser;
let approver: TestBrowser;
let auditor: TestBrowser;
// The centre's log before it lost its key, and the log it keeps after (rebuilt: smaller, another history).
let lostLog: Storage;
let newLog: Storage;
let lost: { signing: LogSigningKey; publicJwk: JsonWebKey };
let replacement: { signing: LogSigningKey; publicJwk: JsonWebKey };
const BASE = '/api/v1/officer/centres/seoul-vfs/log-key-reset';

async function logKey(kid: string) {
  const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  return { signing: { privateKey: pair.privateKey, kid }, publicJwk: await crypto.subtle.exportKey('jwk', pair.publicKey) };
}
const publicKey = (jwk: JsonWebKey) => ({ kty: jwk.kty, crv: jwk.crv, x: jwk.x });

/** Appends `n` events to a centre's log and signs its head, as the centre's sequencer does. */
async function grow(storage: Storage, signing: LogSigningKey, n: number, label: string) {
  await storage.db.transaction(async (tx) => {
    for (let i = 0; i < n; i++) await appendEvent(tx, { context: 'centre', type: 'card.arrived', subject: `${label}-${i}`, actor: 'op-1', at: a.clock.now() });
  });
  return signTreeHead(storage.db, signing, a.clock);
}

async function post(browser: TestBrowser, url: string, payload?: unknown) {
  return browser.send({
    method: 'POST', url, ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
    headers: { ...(payload === undefined ? {} : { 'content-type': 'application/json' }), 'x-csrf-token': await browser.csrfToken('/officer') },
  });
}
const pinned = async () => (await a.deps.db.select().from(partnerCentres).where(eq(partnerCentres.location, 'seoul-vfs')))[0]!.logKey!.x;
const events = async (type: string) => (await a.deps.db.select().from(logEntries).where(and(eq(logEntries.type, type), eq(logEntries.subject, 'seoul-vfs')))).length;

before(async () => {
  a = await openAuthorityServer();
  [proposer, approver, auditor] = [await a.staffBrowser(['officer']), await a.staffBrowser(['officer']), await a.staffBrowser(['auditor'])];
  lostLog = await openTestStorage();
  newLog = await openTestStorage();
  for (const s of [lostLog, newLog]) await s.migrate(transparencyMigrations);
  [lost, replacement] = [await logKey('lost'), await logKey('replacement')];
  await upsertPartnerCentres(a.deps.db, a.clock, [{ location: 'seoul-vfs', exchangeClient: 'TESSERA/COM/1/seoul-centre', logKey: { ...lost.publicJwk } }]);
  const head = await grow(lostLog, lost.signing, 5, 'before');
  await acceptCentreTreeHead(a.deps, 'seoul-vfs', { head, from: 0, consistency: [] });
});
after(async () => {
  await lostLog?.close();
  await newLog?.close();
  await a?.close();
});

test('a proposed reset needs a public Ed25519 key other than the pinned one and a reason: anything else is a 422 problem and changes nothing', async () => {
  for (const payload of [
    { newKey: publicKey(lost.publicJwk), reason: 'Hardware security module failed' },
    { newKey: { kty: 'OKP', crv: 'Ed25519', x: 'AAAA' }, reason: 'Hardware security module failed' },
    { newKey: publicKey(replacement.publicJwk), reason: ' x ' },
  ]) {
    const refused = await post(proposer, BASE, payload);
    assert.equal(refused.statusCode, 422, refused.body);
    assert.match(refused.headers['content-type'] as string, /application\/problem\+json/);
    assert.equal(refused.json().code, 'ERR_CENTRE_LOG_KEY_RESET_REFUSED');
  }
  assert.equal(await events('centre.log_key_reset_proposed'), 0);
});

test('until a second overseer approves it, the proposed key’s heads are refused and flagged, and the dashboard shows the reset waiting', async () => {
  const proposed = await post(proposer, BASE, { newKey: publicKey(replacement.publicJwk), reason: 'Hardware security module failed' });
  assert.equal(proposed.statusCode, 201, proposed.body);
  assert.equal(await events('centre.log_key_reset_proposed'), 1);
  const head = await grow(newLog, replacement.signing, 2, 'after');
  await assert.rejects(acceptCentreTreeHead(a.deps, 'seoul-vfs', { head, from: 0, consistency: [] }), { code: 'ERR_CENTRE_TREE_HEAD_SIGNATURE' });
  assert.deepEqual((await a.deps.db.select().from(centreLogAlerts).where(eq(centreLogAlerts.location, 'seoul-vfs'))).map((x) => x.code), ['signature_invalid']);
  assert.equal(await pinned(), lost.publicJwk.x);
  const page = (await approver.get('/officer/centres/seoul-vfs?lang=en')).body;
  assert.match(page, /A reset of the log key waits for a second overseer/);
  assert.match(page, /Hardware security module failed/);
});

test('the overseer who proposed a reset cannot approve it: ERR_CENTRE_LOG_KEY_RESET_FOUR_EYES, and nothing changes', async () => {
  const { id } = await latestProposal();
  const own = await post(proposer, `${BASE}/${id}/approval`);
  assert.equal(own.statusCode, 409);
  assert.equal(own.json().code, 'ERR_CENTRE_LOG_KEY_RESET_FOUR_EYES');
  assert.equal(await pinned(), lost.publicJwk.x);
  assert.equal(await events('centre.log_key_reset_approved'), 0);
});

test('staff without centre:oversee can neither propose nor approve a reset', async () => {
  const { id } = await latestProposal();
  assert.equal((await post(auditor, BASE, { newKey: publicKey(replacement.publicJwk), reason: 'Taking over the centre' })).statusCode, 403);
  assert.equal((await post(auditor, `${BASE}/${id}/approval`)).statusCode, 403);
  assert.equal(await pinned(), lost.publicJwk.x);
  assert.equal(await events('centre.log_key_reset_proposed'), 1);
});

test('a reset approved by a second overseer pins the new key: its heads are accepted as a new run, the lost key’s are refused, and the dashboard says consistency across the reset cannot be proven', async () => {
  const { id } = await latestProposal();
  const approved = await post(approver, `${BASE}/${id}/approval`);
  assert.equal(approved.statusCode, 200, approved.body);
  assert.equal(await pinned(), replacement.publicJwk.x);
  assert.equal(await events('centre.log_key_reset_approved'), 1);
  assert.equal((await post(approver, `${BASE}/${id}/approval`)).statusCode, 404, 'an approved reset is not approved twice');
  assert.equal(await latestCentreTreeHead(a.deps, 'seoul-vfs'), null, 'the heads before the reset are not the base of the next');

  // The rebuilt log is smaller than the head accepted before: it starts a new run, not a rollback.
  const first = (await latestTreeHead(newLog.db))!;
  assert.equal((await acceptCentreTreeHead(a.deps, 'seoul-vfs', { head: first, from: 0, consistency: [] })).accepted, 2);
  const next = await grow(newLog, replacement.signing, 3, 'later');
  assert.equal((await acceptCentreTreeHead(a.deps, 'seoul-vfs', { head: next, from: 2, consistency: await proveConsistency(newLog.db, 2, next.size) })).accepted, 5);
  // Whoever holds the lost key now: its heads are refused.
  const stolen = await grow(lostLog, lost.signing, 1, 'stolen');
  await assert.rejects(acceptCentreTreeHead(a.deps, 'seoul-vfs', { head: stolen, from: 5, consistency: await proveConsistency(lostLog.db, 5, stolen.size) }), { code: 'ERR_CENTRE_TREE_HEAD_SIGNATURE' });

  for (const [lang, text] of [['en', /Consistency across the reset cannot be proven/], ['et', /Järjepidevust üle lähtestamise ei saa tõestada/], ['ko', /재설정 전후의 일관성은 증명할 수 없습니다/]] as const) {
    const page = (await approver.get(`/officer/centres/seoul-vfs?lang=${lang}`)).body;
    assert.match(page, text, lang);
  }
  const page = (await approver.get('/officer/centres/seoul-vfs?lang=en')).body;
  assert.match(page, /the last accepted before it had 5 entries/);
  assert.match(page, /proposed by Staff \d+, approved by Staff \d+/);
  assert.doesNotMatch(page, /waits for a second overseer/);
});

async function latestProposal() {
  const [row] = await a.deps.db.select().from(centreLogKeyResets).where(and(eq(centreLogKeyResets.location, 'seoul-vfs'), eq(centreLogKeyResets.state, 'proposed')));
  return row!;
}
