// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { MessageImprint, TimeStampReq } from '@peculiar/asn1-tsp';
import { asc, count, eq, isNull } from 'drizzle-orm';
import { ManualClock, MerkleTree, verifyInclusion, type Storage } from '@tessera/platform';
import { verifyTimeStampToken } from '@tessera/trust';
import { DuplicateMessageId, TimeStampFailed } from '../exchange-errors.ts';
import { logMessage, messageLeaf, MessageLogWriter, stampPendingBatch } from './message-log.ts';
import type { MessageSigningKey } from './message-signature.ts';
import { messages, timestampBatches } from './schema.ts';
import { createMemberCa, createTestTsa, openMigratedLog, signedExchange, type TestTsa } from './test-fixtures.ts';

let storage: Storage;
let client: MessageSigningKey;
let server: MessageSigningKey;
let tsa: TestTsa;
const clock = new ManualClock('2026-11-27T10:00:00Z');

before(async () => {
  storage = await openMigratedLog();
  const ca = await createMemberCa();
  client = await ca.issueGateway('Client gateway');
  server = await ca.issueGateway('Server gateway');
  tsa = await createTestTsa();
});
after(() => storage.close());

const pendingCount = async () => (await storage.db.select({ n: count() }).from(messages).where(isNull(messages.batchId)))[0]!.n;
const rowsFor = (messageId: string) => storage.db.select().from(messages).where(eq(messages.messageId, messageId)).orderBy(asc(messages.direction));

test('a request and its response are logged with digest, signature and body', async () => {
  const exchange = await signedExchange('log-1', client, server);
  await logMessage(storage.db, exchange.request, { clock });
  await logMessage(storage.db, exchange.response, { clock });
  const [request, response] = await rowsFor('log-1');
  assert.deepEqual(request?.digest, exchange.request.digest);
  assert.equal(request?.signature, exchange.request.signature);
  assert.deepEqual(request?.body, Buffer.from(exchange.request.body));
  assert.equal(request?.batchId, null);
  assert.equal(response?.direction, 'response');
  assert.equal(response?.service, 'TS/GOV/70000002/population/persons');
  assert.equal(response?.loggedAt.toISOString(), '2026-11-27T10:00:00.000Z');
});

test('a replayed X-Road-Id is refused with DuplicateMessageId and nothing is written', async () => {
  const original = await signedExchange('replay-1', client, server, { request: '{"n":1}' });
  await logMessage(storage.db, original.request);
  const replay = await signedExchange('replay-1', client, server, { request: '{"n":2}' });
  const before = (await storage.db.select({ n: count() }).from(messages))[0]!.n;
  await assert.rejects(logMessage(storage.db, replay.request), { code: 'ERR_DUPLICATE_MESSAGE_ID', fault: 'Server.ServerProxy.DuplicateMessageId' });
  assert.equal((await storage.db.select({ n: count() }).from(messages))[0]!.n, before);
  const [kept] = await rowsFor('replay-1');
  assert.deepEqual(kept?.body, Buffer.from('{"n":1}'));
  // the response for the same id is a different direction and still welcome
  await logMessage(storage.db, original.response);
});

test('a replay inside a transaction does not abort it', async () => {
  const exchange = await signedExchange('replay-tx', client, server);
  await logMessage(storage.db, exchange.request);
  await storage.db.transaction(async (tx) => {
    await assert.rejects(logMessage(tx, exchange.request), DuplicateMessageId);
    await logMessage(tx, exchange.response);
  });
  assert.equal((await rowsFor('replay-tx')).length, 2);
});

test('a body above the size limit keeps only its signed hash', async () => {
  const exchange = await signedExchange('big-1', client, server, { request: '{}', response: 'x'.repeat(2048) });
  assert.equal((await logMessage(storage.db, exchange.request, { maxStoredBodyBytes: 1024 })).bodyStored, true);
  assert.equal((await logMessage(storage.db, exchange.response, { maxStoredBodyBytes: 1024 })).bodyStored, false);
  const [request, response] = await rowsFor('big-1');
  assert.deepEqual(request?.body, Buffer.from('{}'));
  assert.equal(response?.body, null);
  assert.equal(response?.digest.bodyHash, exchange.response.digest.bodyHash);
});

test('a body that does not match the signed bodyHash, or a signature over another digest, is not logged', async () => {
  const exchange = await signedExchange('mismatch-1', client, server);
  await assert.rejects(logMessage(storage.db, { ...exchange.request, body: new TextEncoder().encode('other') }), { code: 'ERR_LOG_BODY_MISMATCH' });
  await assert.rejects(logMessage(storage.db, { ...exchange.request, signature: exchange.response.signature }), { code: 'ERR_LOG_SIGNATURE_MISMATCH' });
  assert.equal((await rowsFor('mismatch-1')).length, 0);
});

test('stamping covers pending messages in id order with one TSA request per batch', async () => {
  // drain whatever earlier tests left, so this test sees only its own messages
  while (await stampPendingBatch(storage.db, { tsa: tsa.send, clock, maxBatch: 100 }));
  for (let i = 0; i < 3; i++) {
    const exchange = await signedExchange(`batch-${i}`, client, server);
    await logMessage(storage.db, exchange.request);
    await logMessage(storage.db, exchange.response);
  }
  const calls = tsa.send.calls;
  const first = await stampPendingBatch(storage.db, { tsa: tsa.send, clock, maxBatch: 4 });
  assert.equal(first?.size, 4);
  assert.equal(tsa.send.calls, calls + 1);
  assert.equal(await pendingCount(), 2);
  const second = await stampPendingBatch(storage.db, { tsa: tsa.send, clock, maxBatch: 4, tsaTrustedCertificates: [new Uint8Array(tsa.pki.root.rawData)] });
  assert.equal(second?.size, 2);
  assert.equal(tsa.send.calls, calls + 2);
  assert.equal(await pendingCount(), 0);
  assert.equal(await stampPendingBatch(storage.db, { tsa: tsa.send, clock, maxBatch: 4 }), undefined);
  assert.equal(tsa.send.calls, calls + 2, 'nothing pending, no TSA request');

  const covered = await storage.db.select().from(messages).where(eq(messages.batchId, first!.batchId)).orderBy(asc(messages.id));
  assert.deepEqual(covered.map((row) => row.batchIndex), [0, 1, 2, 3]);
  assert.deepEqual(covered.map((row) => `${row.messageId}/${row.direction}`), ['batch-0/request', 'batch-0/response', 'batch-1/request', 'batch-1/response']);
  const tree = new MerkleTree(covered.map((row) => messageLeaf(row.digest, row.signature)));
  assert.deepEqual(first!.merkleRoot, tree.hash());
  for (const row of covered) {
    const proof = [];
    for (let o = 0; o < row.inclusionProof!.length; o += 32) proof.push(row.inclusionProof!.subarray(o, o + 32));
    assert.ok(verifyInclusion(row.batchIndex!, 4, messageLeaf(row.digest, row.signature), proof, first!.merkleRoot));
  }

  const [batch] = await storage.db.select().from(timestampBatches).where(eq(timestampBatches.id, first!.batchId));
  assert.deepEqual(batch?.merkleRoot, first!.merkleRoot);
  assert.equal(batch?.stampedAt.toISOString(), '2026-11-27T10:00:00.000Z');
  const token = await verifyTimeStampToken(batch!.token, {
    digest: createHash('sha256').update(batch!.merkleRoot).digest(),
    trustedCertificates: [new Uint8Array(tsa.pki.root.rawData)],
  });
  assert.ok(token.ok, token.ok ? '' : token.reason);
  assert.equal(token.genTime.toISOString(), batch?.genTime.toISOString());
});

test('a refused time-stamp leaves the messages pending and stores no batch', async () => {
  const exchange = await signedExchange('refused-1', client, server);
  await logMessage(storage.db, exchange.request);
  const batches = (await storage.db.select({ n: count() }).from(timestampBatches))[0]!.n;
  // a mangled request makes the real TSA answer with a badDataFormat rejection
  const refusing = (requestDer: Uint8Array) => tsa.authority.respond(requestDer.subarray(1));
  await assert.rejects(stampPendingBatch(storage.db, { tsa: refusing, clock, maxBatch: 10 }), (error: unknown) => {
    assert.ok(error instanceof TimeStampFailed);
    assert.equal(error.code, 'ERR_TIME_STAMP_REFUSED');
    return true;
  });
  assert.equal((await storage.db.select({ n: count() }).from(timestampBatches))[0]!.n, batches);
  assert.equal((await rowsFor('refused-1'))[0]?.batchId, null);
});

test('a response to some other request (other imprint, other nonce) is not stored', async () => {
  const exchange = await signedExchange('foreign-token', client, server);
  await logMessage(storage.db, exchange.request);
  const otherImprint = new TimeStampReq({
    messageImprint: new MessageImprint({ hashAlgorithm: new AlgorithmIdentifier({ algorithm: '2.16.840.1.101.3.4.2.1' }), hashedMessage: new OctetString(createHash('sha256').update('other').digest()) }),
    certReq: true,
  });
  await assert.rejects(
    stampPendingBatch(storage.db, { tsa: () => tsa.authority.respond(new Uint8Array(AsnConvert.serialize(otherImprint))), clock, maxBatch: 10 }),
    { code: 'ERR_TIME_STAMP_OTHER_REQUEST' },
  );
  // same imprint, but the nonce swapped: a replay of an earlier answer for the same root looks like this
  const swapNonce = (requestDer: Uint8Array) => {
    const request = AsnConvert.parse(requestDer, TimeStampReq);
    request.nonce = new Uint8Array([0x01, 0x02, 0x03]).buffer;
    return tsa.authority.respond(new Uint8Array(AsnConvert.serialize(request)));
  };
  await assert.rejects(stampPendingBatch(storage.db, { tsa: swapNonce, clock, maxBatch: 10 }), { code: 'ERR_TIME_STAMP_OTHER_REQUEST' });
  assert.equal((await rowsFor('foreign-token'))[0]?.batchId, null);
});

test('with trusted certificates given, a token from an untrusted TSA is not stored', async () => {
  const exchange = await signedExchange('untrusted-tsa', client, server);
  await logMessage(storage.db, exchange.request);
  const elsewhere = await createTestTsa();
  await assert.rejects(
    stampPendingBatch(storage.db, { tsa: elsewhere.send, clock, maxBatch: 10, tsaTrustedCertificates: [new Uint8Array(tsa.pki.root.rawData)] }),
    { code: 'ERR_TIME_STAMP_UNTRUSTED' },
  );
  assert.equal((await rowsFor('untrusted-tsa'))[0]?.batchId, null);
});

test('a TSA that does not answer holds up no other transaction on the log', { timeout: 60_000 }, async () => {
  while (await stampPendingBatch(storage.db, { tsa: tsa.send, clock, maxBatch: 100 }));
  await logMessage(storage.db, (await signedExchange('slow-tsa-1', client, server)).request);
  let answer: (value: Uint8Array) => void = () => undefined;
  let asked: () => void = () => undefined;
  const wasAsked = new Promise<void>((done) => (asked = done));
  const hanging = (requestDer: Uint8Array) => {
    asked();
    return new Promise<Uint8Array>((done) => (answer = (value) => done(value))).then(() => tsa.send(requestDer));
  };
  const stamping = stampPendingBatch(storage.db, { tsa: hanging, clock, maxBatch: 10 });
  await wasAsked;
  // while the TSA is silent, the log takes messages and the pending rows can be locked by anyone
  await logMessage(storage.db, (await signedExchange('slow-tsa-2', client, server)).request);
  await storage.db.transaction(async (tx) => {
    await tx.select({ id: messages.id }).from(messages).where(isNull(messages.batchId)).for('update');
  });
  answer(new Uint8Array());
  assert.equal((await stamping)?.size, 1);
  assert.equal(await pendingCount(), 1);
});

test('two stampers racing over the same messages never cover a message twice', async () => {
  while (await stampPendingBatch(storage.db, { tsa: tsa.send, clock, maxBatch: 100 }));
  for (let i = 0; i < 3; i++) await logMessage(storage.db, (await signedExchange(`race-${i}`, client, server)).request);
  let release: () => void = () => undefined;
  const held = new Promise<void>((done) => (release = done));
  const slow = async (requestDer: Uint8Array) => {
    await held;
    return tsa.send(requestDer);
  };
  const first = stampPendingBatch(storage.db, { tsa: slow, clock, maxBatch: 10 });
  const second = await stampPendingBatch(storage.db, { tsa: tsa.send, clock, maxBatch: 10 });
  assert.equal(second?.size, 3);
  release();
  assert.equal(await first, undefined, 'the later batch is dropped, not stored over the same messages');
  const covered = await storage.db.select({ batchId: messages.batchId }).from(messages).where(eq(messages.batchId, second!.batchId));
  assert.equal(covered.length, 3);
  assert.equal((await storage.db.select({ n: count() }).from(timestampBatches).where(eq(timestampBatches.merkleRoot, second!.merkleRoot)))[0]!.n, 1);
});

// Last: its rows belong to other gateways and stay pending, which the stamping tests above would count.
test('messages logged together share one commit, per gateway: the same X-Road-Id at two gateways is two rows, twice at one gateway a replay', async () => {
  const exchange = await signedExchange('group-1', client, server);
  const replay = await signedExchange('group-1', client, server, { request: '{"n":2}' });
  const clientLog = new MessageLogWriter(storage.db, { gateway: 'TS/GOV/70000001/gw1', clock });
  const providerLog = new MessageLogWriter(storage.db, { gateway: 'TS/GOV/70000002/gw1', clock });
  // all asked in one turn, so they form one group
  const results = await Promise.allSettled([
    clientLog.write(exchange.request), providerLog.write(exchange.request), clientLog.write(replay.request),
    providerLog.write(exchange.response), clientLog.write(exchange.response),
  ]);
  assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
  assert.ok((results[2] as PromiseRejectedResult).reason instanceof DuplicateMessageId);
  const rows = await rowsFor('group-1');
  assert.deepEqual(rows.map((r) => `${r.gateway} ${r.direction}`).sort(), [
    'TS/GOV/70000001/gw1 request', 'TS/GOV/70000001/gw1 response', 'TS/GOV/70000002/gw1 request', 'TS/GOV/70000002/gw1 response',
  ]);
  assert.deepEqual(rows.find((r) => r.gateway === 'TS/GOV/70000001/gw1' && r.direction === 'request')?.body, Buffer.from(exchange.request.body));
  // a replay after the group committed is refused too
  await assert.rejects(providerLog.write(exchange.request), DuplicateMessageId);
});
