// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { asc, eq } from 'drizzle-orm';
import { appendEvent, logEntries, openTestStorage, proveConsistency, signLogKeyRotation, signTreeHead, transparencyMigrations, treeHeads, type LogSigningKey, type Storage } from '@tessera/platform';
import { openAuthorityFixture, type AuthorityFixture } from '../testing/authority-fixture.ts';
import { acceptCentreTreeHead, latestCentreTreeHead } from './accept-centre-tree-head.ts';
import { upsertPartnerCentres } from './partner-centres.ts';
import { rotateCentreLogKey } from './rotate-centre-log-key.ts';
import { centreLogAlerts, centreTreeHeads } from './schema.ts';

let a: AuthorityFixture;
let centreLog: Storage;
let forkedLog: Storage;
let key: LogSigningKey;
let otherKey: LogSigningKey;

async function logKey(kid: string): Promise<{ signing: LogSigningKey; publicJwk: JsonWebKey }> {
  const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  return { signing: { privateKey: pair.privateKey, kid }, publicJwk: await crypto.subtle.exportKey('jwk', pair.publicKey) };
}

/** Appends `n` events to a centre's log and signs its head, as the centre's sequencer does. */
async function grow(storage: Storage, signing: LogSigningKey, n: number, label: string) {
  await storage.db.transaction(async (tx) => {
    for (let i = 0; i < n; i++) await appendEvent(tx, { context: 'centre', type: 'card.arrived', subject: `${label}-${i}`, actor: 'op-1', at: a.clock.now() });
  });
  return signTreeHead(storage.db, signing, a.clock);
}

const alerts = () => a.deps.db.select().from(centreLogAlerts).where(eq(centreLogAlerts.location, 'seoul-vfs'));
const accepted = async () => (await a.deps.db.select().from(centreTreeHeads).where(eq(centreTreeHeads.location, 'seoul-vfs'))).map((h) => h.size).sort((x, y) => x - y);
const logged = async (type: string) => (await a.deps.db.select().from(logEntries).where(eq(logEntries.type, type))).length;

before(async () => {
  a = await openAuthorityFixture();
  centreLog = await openTestStorage();
  forkedLog = await openTestStorage();
  for (const s of [centreLog, forkedLog]) await s.migrate(transparencyMigrations);
  const registered = await logKey('centre-log');
  key = registered.signing;
  otherKey = (await logKey('someone-else')).signing;
  await upsertPartnerCentres(a.deps.db, a.clock, [{ location: 'seoul-vfs', exchangeClient: 'TESSERA/COM/1/seoul-centre', logKey: { ...registered.publicJwk } }]);
});
after(async () => {
  await centreLog?.close();
  await forkedLog?.close();
  await a?.storage.close();
});

test('a centre’s heads that only ever grow are accepted and kept, each proven consistent with the one before', async () => {
  const first = await grow(centreLog, key, 3, 'a');
  assert.deepEqual(await acceptCentreTreeHead(a.deps, 'seoul-vfs', { head: first, from: 0, consistency: [] }), { accepted: first.size, rootHash: first.rootHash, included: 0, missing: 0 });
  const second = await grow(centreLog, key, 4, 'b');
  const proof = await proveConsistency(centreLog.db, first.size, second.size);
  assert.equal((await acceptCentreTreeHead(a.deps, 'seoul-vfs', { head: second, from: first.size, consistency: proof })).accepted, second.size);
  // The same head again (a retried call) is accepted and stored once.
  assert.equal((await acceptCentreTreeHead(a.deps, 'seoul-vfs', { head: second, from: first.size, consistency: proof })).accepted, second.size);
  assert.deepEqual(await accepted(), [first.size, second.size]);
  assert.equal(await logged('centre.tree_head_accepted'), 2);
  assert.deepEqual(await alerts(), []);
});

test('a head whose proof starts from another size is refused with the accepted size, and nothing is flagged', async () => {
  const last = (await latestCentreTreeHead(a.deps, 'seoul-vfs'))!;
  const next = await grow(centreLog, key, 2, 'c');
  await assert.rejects(acceptCentreTreeHead(a.deps, 'seoul-vfs', { head: next, from: 1, consistency: await proveConsistency(centreLog.db, 1, next.size) }),
    (error: Error & { code: string; extensions?: Record<string, unknown> }) => error.code === 'ERR_TREE_HEAD_BASE_MISMATCH' && error.extensions?.acceptedSize === last.size);
  assert.deepEqual(await alerts(), []);
  assert.equal((await acceptCentreTreeHead(a.deps, 'seoul-vfs', { head: next, from: last.size, consistency: await proveConsistency(centreLog.db, last.size, next.size) })).accepted, next.size);
});

test('a rewritten centre log — its head not an extension of the accepted one — is refused and flagged', async () => {
  const before = await accepted();
  const acceptedSize = before.at(-1)!;
  // The same key signs a log whose history differs: its first entries were written otherwise.
  const rewritten = await grow(forkedLog, key, acceptedSize + 3, 'rewritten');
  const proof = await proveConsistency(forkedLog.db, acceptedSize, rewritten.size);
  await assert.rejects(acceptCentreTreeHead(a.deps, 'seoul-vfs', { head: rewritten, from: acceptedSize, consistency: proof }), { code: 'ERR_CENTRE_LOG_FORKED' });
  assert.deepEqual(await accepted(), before, 'nothing of the rewritten log is kept');
  const flagged = await alerts();
  assert.deepEqual(flagged.map((f) => f.code), ['inconsistent']);
  assert.equal(flagged[0]!.detail.acceptedSize, acceptedSize);
  assert.equal(flagged[0]!.detail.rootHash, rewritten.rootHash);
  assert.equal(await logged('centre.log_check_failed'), 1);
});

test('a head of the accepted size with another root is a fork, and an older head replayed is a rollback; both are flagged', async () => {
  const acceptedSize = (await accepted()).at(-1)!;
  const other = await openTestStorage();
  try {
    await other.migrate(transparencyMigrations);
    const sameSize = await grow(other, key, acceptedSize, 'other');
    assert.equal(sameSize.size, acceptedSize);
    await assert.rejects(acceptCentreTreeHead(a.deps, 'seoul-vfs', { head: sameSize, from: acceptedSize, consistency: [] }), { code: 'ERR_CENTRE_LOG_FORKED' });
  } finally {
    await other.close();
  }
  const [oldest] = await centreLog.db.select().from(treeHeads).orderBy(asc(treeHeads.size)).limit(1);
  const replayed = { size: oldest!.size, rootHash: oldest!.rootHash.toString('base64'), timestamp: oldest!.timestamp.toISOString(), signature: oldest!.signature };
  await assert.rejects(acceptCentreTreeHead(a.deps, 'seoul-vfs', { head: replayed, from: acceptedSize, consistency: [] }), { code: 'ERR_CENTRE_LOG_FORKED' });
  assert.deepEqual((await alerts()).map((f) => f.code), ['inconsistent', 'fork', 'rollback']);
});

test('a head signed by another key, or changed after signing, is refused and flagged; a centre with no registered key has none accepted', async () => {
  const before = await accepted();
  const next = await grow(centreLog, otherKey, 2, 'd');
  const proof = await proveConsistency(centreLog.db, before.at(-1)!, next.size);
  await assert.rejects(acceptCentreTreeHead(a.deps, 'seoul-vfs', { head: next, from: before.at(-1)!, consistency: proof }), { code: 'ERR_CENTRE_TREE_HEAD_SIGNATURE' });
  const genuine = await grow(centreLog, key, 1, 'e');
  await assert.rejects(acceptCentreTreeHead(a.deps, 'seoul-vfs', { head: { ...genuine, size: genuine.size + 1 }, from: before.at(-1)!, consistency: [] }), { code: 'ERR_CENTRE_TREE_HEAD_SIGNATURE' });
  assert.deepEqual(await accepted(), before);
  assert.deepEqual((await alerts()).map((f) => f.code).slice(-2), ['signature_invalid', 'signature_invalid']);
  // The genuine head still goes through: the refusals changed nothing.
  assert.equal((await acceptCentreTreeHead(a.deps, 'seoul-vfs', { head: genuine, from: before.at(-1)!, consistency: await proveConsistency(centreLog.db, before.at(-1)!, genuine.size) })).accepted, genuine.size);

  await upsertPartnerCentres(a.deps.db, a.clock, [{ location: 'dubai-vfs', exchangeClient: 'TESSERA/COM/1/dubai-centre' }]);
  await assert.rejects(acceptCentreTreeHead(a.deps, 'dubai-vfs', { head: genuine, from: 0, consistency: [] }), { code: 'ERR_CENTRE_LOG_KEY_UNKNOWN' });
  assert.equal(await latestCentreTreeHead(a.deps, 'dubai-vfs'), null);
});

test('the log key pinned at a centre’s registration is kept: registering another key later is answered as a conflict, and heads signed with it are refused', async () => {
  const impostor = await logKey('impostor');
  const again = await upsertPartnerCentres(a.deps.db, a.clock, [{ location: 'seoul-vfs', exchangeClient: 'TESSERA/COM/1/seoul-centre', logKey: { ...impostor.publicJwk } }]);
  assert.deepEqual(again.conflicts, ['seoul-vfs']);
  const last = (await latestCentreTreeHead(a.deps, 'seoul-vfs'))!;
  const forged = await grow(centreLog, impostor.signing, 1, 'f');
  await assert.rejects(acceptCentreTreeHead(a.deps, 'seoul-vfs', { head: forged, from: last.size, consistency: await proveConsistency(centreLog.db, last.size, forged.size) }), { code: 'ERR_CENTRE_TREE_HEAD_SIGNATURE' });
  // Dubai had none: its first key is pinned, with an event in the authority's log.
  assert.deepEqual((await upsertPartnerCentres(a.deps.db, a.clock, [{ location: 'dubai-vfs', exchangeClient: 'TESSERA/COM/1/dubai-centre', logKey: { ...impostor.publicJwk } }])).conflicts, []);
  const pinned = await a.deps.db.select().from(logEntries).where(eq(logEntries.type, 'centre.log_key_pinned'));
  assert.deepEqual(pinned.map((p) => p.subject).sort(), ['dubai-vfs', 'seoul-vfs']);
});

test('a centre’s log key is rotated only on a statement signed by its pinned key: consistency continues across it, the old key retires at the first new head, an unapproved key stays refused', async () => {
  const bangkokLog = await openTestStorage();
  try {
    await bangkokLog.migrate(transparencyMigrations);
    const [oldKey, newKey, rogue] = [await logKey('dubai-1'), await logKey('dubai-2'), await logKey('rogue')];
    await upsertPartnerCentres(a.deps.db, a.clock, [{ location: 'bangkok-vfs', exchangeClient: 'TESSERA/COM/1/bangkok-centre', logKey: { ...oldKey.publicJwk } }]);
    const send = async (head: Awaited<ReturnType<typeof grow>>) => {
      const from = (await latestCentreTreeHead(a.deps, 'bangkok-vfs'))?.size ?? 0;
      return acceptCentreTreeHead(a.deps, 'bangkok-vfs', { head, from, consistency: from > 0 ? await proveConsistency(bangkokLog.db, from, head.size) : [] });
    };
    const bangkokAlerts = async () => (await a.deps.db.select().from(centreLogAlerts).where(eq(centreLogAlerts.location, 'bangkok-vfs'))).map((x) => x.code);
    assert.equal((await send(await grow(bangkokLog, oldKey.signing, 3, 'before'))).accepted, 3);

    // A key nobody approved: its heads are refused, and a statement it signs for itself changes nothing.
    await assert.rejects(send(await grow(bangkokLog, rogue.signing, 1, 'rogue')), { code: 'ERR_CENTRE_TREE_HEAD_SIGNATURE' });
    const privateOf = async (k: { signing: LogSigningKey }) => k.signing.privateKey;
    const selfSigned = await signLogKeyRotation({ log: 'bangkok-vfs', oldKey: await privateOf(rogue), newKey: await privateOf(rogue), newPublicJwk: { ...rogue.publicJwk }, at: a.clock.now() });
    await assert.rejects(rotateCentreLogKey(a.deps, 'bangkok-vfs', selfSigned, 'overseer-1'), { code: 'ERR_CENTRE_LOG_KEY_ROTATION_REFUSED' });
    const forSeoul = await signLogKeyRotation({ log: 'seoul-vfs', oldKey: await privateOf(oldKey), newKey: await privateOf(newKey), newPublicJwk: { ...newKey.publicJwk }, at: a.clock.now() });
    await assert.rejects(rotateCentreLogKey(a.deps, 'bangkok-vfs', forSeoul, 'overseer-1'), { code: 'ERR_CENTRE_LOG_KEY_ROTATION_REFUSED' }, 'a statement for another centre');
    assert.equal(await logged('centre.log_key_rotated'), 0);

    // The centre signs the statement with its old key and its new one; the overseer approves it.
    const statement = await signLogKeyRotation({ log: 'bangkok-vfs', oldKey: await privateOf(oldKey), newKey: await privateOf(newKey), newPublicJwk: { ...newKey.publicJwk }, at: a.clock.now() });
    await assert.rejects(rotateCentreLogKey(a.deps, 'bangkok-vfs', { ...statement, payload: { ...statement.payload, newKey: rogue.publicJwk as never } }, 'overseer-1'), { code: 'ERR_CENTRE_LOG_KEY_ROTATION_REFUSED' }, 'another key put in the signed statement');
    await rotateCentreLogKey(a.deps, 'bangkok-vfs', statement, 'overseer-1');
    assert.equal(await logged('centre.log_key_rotated'), 1);
    // Until the centre switches, its heads under the old key are still taken; then the new key's, proven consistent with them.
    assert.equal((await send(await grow(bangkokLog, oldKey.signing, 2, 'switching'))).accepted, 6);
    assert.equal((await send(await grow(bangkokLog, newKey.signing, 2, 'after'))).accepted, 8);
    await assert.rejects(send(await grow(bangkokLog, oldKey.signing, 1, 'retired')), { code: 'ERR_CENTRE_TREE_HEAD_SIGNATURE' }, 'the old key is retired');
    assert.deepEqual(await bangkokAlerts(), ['signature_invalid', 'signature_invalid'], 'the rogue head and the retired key’s head, nothing else');
  } finally {
    await bangkokLog.close();
  }
});
