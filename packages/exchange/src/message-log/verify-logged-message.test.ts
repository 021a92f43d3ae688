// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { ManualClock, type Storage } from '@tessera/platform';
import { logMessage, stampPendingBatch } from './message-log.ts';
import { signMessage, type MessageSigningKey } from './message-signature.ts';
import { messages, timestampBatches } from './schema.ts';
import { createMemberCa, createTestTsa, openMigratedLog, signedExchange, type MemberCa, type TestTsa } from './test-fixtures.ts';
import { verifyLoggedMessage, type LoggedMessageVerification, type VerifyLoggedMessageOptions } from './verify-logged-message.ts';

let storage: Storage;
let ca: MemberCa;
let client: MessageSigningKey;
let server: MessageSigningKey;
let tsa: TestTsa;
let trust: VerifyLoggedMessageOptions;
let dir: string;
const genTime = new Date(Math.floor(Date.now() / 1000) * 1000);
const clock = new ManualClock(genTime);

before(async () => {
  storage = await openMigratedLog();
  ca = await createMemberCa();
  client = await ca.issueGateway('Client gateway TS/GOV/70000001');
  server = await ca.issueGateway('Server gateway TS/GOV/70000002');
  tsa = await createTestTsa(() => genTime);
  trust = { trustedCaDer: [ca.der], tsaTrustedCertificates: [new Uint8Array(tsa.pki.root.rawData)] };
  dir = mkdtempSync(join(tmpdir(), 'message-log-'));
});
after(async () => {
  rmSync(dir, { recursive: true, force: true });
  await storage.close();
});

/** Logs a request and response under `messageId` and stamps them in a batch of their own. */
async function loggedAndStamped(messageId: string): Promise<number> {
  const exchange = await signedExchange(messageId, client, server);
  await logMessage(storage.db, exchange.request);
  await logMessage(storage.db, exchange.response);
  const batch = await stampPendingBatch(storage.db, { tsa: tsa.send, clock, maxBatch: 100 });
  assert.equal(batch?.size, 2, 'each test stamps its own exchange');
  return batch!.batchId;
}

const codes = (result: LoggedMessageVerification, direction: 'request' | 'response') =>
  result.messages.find((message) => message.direction === direction)?.problems.map((problem) => problem.code) ?? [];
const row = (messageId: string, direction: 'request' | 'response') => and(eq(messages.messageId, messageId), eq(messages.direction, direction));

test('a logged, stamped exchange verifies: who signed each message, when it was signed and stamped', async () => {
  const batchId = await loggedAndStamped('e2e-1');
  const result = await verifyLoggedMessage(storage.db, 'e2e-1', trust);
  assert.equal(result.ok, true, JSON.stringify(result.messages.map((message) => message.problems)));
  assert.deepEqual(result.messages.map((message) => message.direction), ['request', 'response']);
  const [request, response] = result.messages;
  assert.equal(request?.signer, 'CN=Client gateway TS/GOV/70000001, O=Tessera Test');
  assert.equal(response?.signer, 'CN=Server gateway TS/GOV/70000002, O=Tessera Test');
  assert.equal(request?.stampedAt?.toISOString(), genTime.toISOString());
  assert.equal(request?.batchId, batchId);
  assert.ok(request?.at && Date.parse(request.at) <= Date.parse(response!.at));
});

test('verification does not depend on the other messages of the batch being intact', async () => {
  await loggedAndStamped('neighbour-1');
  await storage.db.update(messages).set({ signature: 'broken' }).where(row('neighbour-1', 'response'));
  const result = await verifyLoggedMessage(storage.db, 'neighbour-1', trust);
  assert.deepEqual(codes(result, 'request'), []);
  assert.ok(codes(result, 'response').includes('invalid-signature'));
});

test('a stored body changed after logging is reported as a body hash mismatch', async () => {
  await loggedAndStamped('tamper-body');
  await storage.db.update(messages).set({ body: Buffer.from('{"name":"Someone Else"}') }).where(row('tamper-body', 'response'));
  const result = await verifyLoggedMessage(storage.db, 'tamper-body', trust);
  assert.equal(result.ok, false);
  assert.deepEqual(codes(result, 'response'), ['body-hash-mismatch']);
  assert.deepEqual(codes(result, 'request'), []);
});

test('a stored digest changed after logging breaks the signature and the Merkle inclusion', async () => {
  await loggedAndStamped('tamper-digest');
  await storage.db.update(messages)
    .set({ digest: sql`jsonb_set(${messages.digest}, '{path}', '"/r1/TS/GOV/70000002/population/persons/49002020000"')` })
    .where(row('tamper-digest', 'request'));
  const result = await verifyLoggedMessage(storage.db, 'tamper-digest', trust);
  assert.equal(result.ok, false);
  const problems = codes(result, 'request');
  assert.ok(problems.includes('invalid-signature'), problems.join());
  assert.ok(problems.includes('inclusion-proof-failed'), problems.join());
  assert.ok(problems.includes('row-mismatch'), problems.join());
  assert.equal(result.messages[0]?.signer, undefined);
});

test('a copied search column that disagrees with the signed digest is reported', async () => {
  await loggedAndStamped('tamper-column');
  await storage.db.update(messages).set({ client: 'TS/GOV/99999999/other' }).where(row('tamper-column', 'request'));
  assert.deepEqual(codes(await verifyLoggedMessage(storage.db, 'tamper-column', trust), 'request'), ['row-mismatch']);
});

test('a signature replaced after stamping, even a valid one by another trusted gateway, fails the inclusion proof', async () => {
  await loggedAndStamped('tamper-signature');
  const [logged] = await storage.db.select().from(messages).where(row('tamper-signature', 'request'));
  const impostor = await ca.issueGateway('Impostor gateway');
  await storage.db.update(messages).set({ signature: await signMessage(logged!.digest, impostor) }).where(row('tamper-signature', 'request'));
  const result = await verifyLoggedMessage(storage.db, 'tamper-signature', trust);
  assert.equal(result.ok, false);
  assert.deepEqual(codes(result, 'request'), ['inclusion-proof-failed']);
  assert.equal(result.messages[0]?.signer, 'CN=Impostor gateway, O=Tessera Test');
});

test('a garbled signature is reported as an invalid signature', async () => {
  await loggedAndStamped('garbled-signature');
  const [logged] = await storage.db.select().from(messages).where(row('garbled-signature', 'response'));
  const garbled = `${logged!.signature.slice(0, -4)}AAAA`;
  await storage.db.update(messages).set({ signature: garbled }).where(row('garbled-signature', 'response'));
  const problems = codes(await verifyLoggedMessage(storage.db, 'garbled-signature', trust), 'response');
  assert.ok(problems.includes('invalid-signature'), problems.join());
});

test('a changed batch root fails both the inclusion proof and the time-stamp', async () => {
  const batchId = await loggedAndStamped('tamper-root');
  await storage.db.update(timestampBatches).set({ merkleRoot: createHash('sha256').update('forged root').digest() }).where(eq(timestampBatches.id, batchId));
  const result = await verifyLoggedMessage(storage.db, 'tamper-root', trust);
  assert.equal(result.ok, false);
  for (const direction of ['request', 'response'] as const) {
    assert.deepEqual(codes(result, direction), ['inclusion-proof-failed', 'time-stamp-invalid']);
  }
  assert.match(result.messages[0]?.problems[1]?.detail ?? '', /imprint/);
  assert.equal(result.messages[0]?.stampedAt, undefined);
});

test('a time-stamp from a TSA outside the trusted anchors is reported', async () => {
  await loggedAndStamped('untrusted-tsa');
  const other = await createTestTsa();
  const result = await verifyLoggedMessage(storage.db, 'untrusted-tsa', { ...trust, tsaTrustedCertificates: [new Uint8Array(other.pki.root.rawData)] });
  assert.deepEqual(codes(result, 'request'), ['time-stamp-invalid']);
});

test('signatures by gateways outside the trusted member CAs are reported', async () => {
  await loggedAndStamped('untrusted-member');
  const other = await createMemberCa('Other Member CA');
  const result = await verifyLoggedMessage(storage.db, 'untrusted-member', { ...trust, trustedCaDer: [other.der] });
  assert.deepEqual(codes(result, 'request'), ['invalid-signature']);
  assert.match(result.messages[0]?.problems[0]?.detail ?? '', /trusted CA/);
});

test('a response whose requestHash does not match the logged request is reported', async () => {
  const exchange = await signedExchange('unbound-1', client, server);
  const stray = await signedExchange('unbound-1', client, server, { request: '{"query":"something else"}' });
  await logMessage(storage.db, exchange.request);
  await logMessage(storage.db, stray.response); // answers a different request under the same id
  await stampPendingBatch(storage.db, { tsa: tsa.send, clock, maxBatch: 100 });
  const result = await verifyLoggedMessage(storage.db, 'unbound-1', trust);
  assert.deepEqual(codes(result, 'response'), ['request-hash-mismatch']);
  assert.deepEqual(codes(result, 'request'), []);
});

test('a message whose body was too large to keep still verifies through its signed hash', async () => {
  const exchange = await signedExchange('large-1', client, server, { response: 'x'.repeat(4096) });
  await logMessage(storage.db, exchange.request, { maxStoredBodyBytes: 1024 });
  await logMessage(storage.db, exchange.response, { maxStoredBodyBytes: 1024 });
  await stampPendingBatch(storage.db, { tsa: tsa.send, clock, maxBatch: 100 });
  const result = await verifyLoggedMessage(storage.db, 'large-1', trust);
  assert.equal(result.ok, true);
  assert.deepEqual(result.messages.map((message) => message.bodyStored), [true, false]);
});

test('openssl independently verifies the stored batch token over SHA-256 of the Merkle root', async () => {
  const batchId = await loggedAndStamped('openssl-1');
  const [batch] = await storage.db.select().from(timestampBatches).where(eq(timestampBatches.id, batchId));
  writeFileSync(join(dir, 'token.der'), batch!.token);
  writeFileSync(join(dir, 'root.pem'), tsa.pki.root.toString('pem'));
  writeFileSync(join(dir, 'tsa.pem'), tsa.pki.tsa.toString('pem'));
  const verify = (digestHex: string) => {
    try {
      return execFileSync('openssl', [
        'ts', '-verify', '-digest', digestHex, '-in', join(dir, 'token.der'), '-token_in',
        '-CAfile', join(dir, 'root.pem'), '-untrusted', join(dir, 'tsa.pem'),
      ], { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
    } catch (error) {
      return String((error as { stdout?: Buffer }).stdout ?? '');
    }
  };
  assert.match(verify(createHash('sha256').update(batch!.merkleRoot).digest('hex')), /Verification: OK/);
  assert.match(verify(createHash('sha256').update('another root').digest('hex')), /Verification: FAILED/);
});

test('an X-Road-Id that was never logged is reported as such', async () => {
  const result = await verifyLoggedMessage(storage.db, 'never-logged', trust);
  assert.equal(result.ok, false);
  assert.deepEqual(result.problems.map((problem) => problem.code), ['not-logged']);
});

// last: it leaves messages pending, which the batch-per-test helper above would otherwise pick up
test('a message not yet time-stamped is reported not-stamped, with its signature still checked', async () => {
  const exchange = await signedExchange('pending-1', client, server);
  await logMessage(storage.db, exchange.request);
  const result = await verifyLoggedMessage(storage.db, 'pending-1', trust);
  assert.equal(result.ok, false);
  assert.deepEqual(codes(result, 'request'), ['not-stamped']);
  assert.equal(result.messages[0]?.signer, 'CN=Client gateway TS/GOV/70000001, O=Tessera Test');
  assert.equal(result.messages[0]?.stampedAt, undefined);

  await stampPendingBatch(storage.db, { tsa: tsa.send, clock, maxBatch: 100 });
  assert.equal((await verifyLoggedMessage(storage.db, 'pending-1', trust)).ok, true);
});
