// SPDX-License-Identifier: Apache-2.0
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { eq } from 'drizzle-orm';
import { openTestStorage } from '../storage/test-storage.ts';
import type { Storage } from '../storage/database.ts';
import { ManualClock } from '../time/clock.ts';
import { CLAIM_LEASE_MS, deliverPendingMail, enqueueMail, mailMigrations, outbox, smtpTransport, type MailTransport } from './index.ts';

interface Received { to: string[]; raw: string }
let storage: Storage;
let smtp: SMTPServer;
let port: number;
const received: Received[] = [];
let rejectRecipients = false;
const clock = new ManualClock('2026-11-24T10:00:00Z');

before(async () => {
  storage = await openTestStorage();
  await storage.migrate(mailMigrations);
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      callback(rejectRecipients ? Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }) : undefined);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((done) => smtp.listen(0, '127.0.0.1', done));
  port = (smtp.server.address() as AddressInfo).port;
});
after(async () => {
  await new Promise<void>((done) => smtp.close(() => done()));
  await storage.close();
});
beforeEach(async () => {
  received.length = 0;
  rejectRecipients = false;
  await storage.db.delete(outbox);
});

const transport = () => smtpTransport({ host: '127.0.0.1', port, secure: false, from: 'e-Residency <noreply@eresidency.example>' });

test('a mail enqueued in a committed transaction is delivered over SMTP with its UTF-8 subject intact', async () => {
  await storage.db.transaction((tx) => enqueueMail(tx, { to: 'applicant@example.kr', subject: '전자영주권 신청 ER-2026-000001 – taotlus', text: 'Tere! 안녕하세요.', locale: 'ko' }, clock.now()));
  const result = await deliverPendingMail({ db: storage.db, transport: transport(), clock });
  assert.deepEqual(result, { sent: 1, failed: 0 });
  assert.equal(received.length, 1);
  assert.deepEqual(received[0]!.to, ['applicant@example.kr']);
  assert.match(received[0]!.raw, /^Subject: =\?UTF-8\?/m);
  const [row] = await storage.db.select().from(outbox);
  assert.ok(row!.sentAt);
});

test('a rolled-back transaction sends nothing', async () => {
  await assert.rejects(storage.db.transaction(async (tx) => {
    await enqueueMail(tx, { to: 'a@example.kr', subject: 'x', text: 'y', locale: 'en' }, clock.now());
    throw new Error('the change failed');
  }));
  assert.deepEqual(await deliverPendingMail({ db: storage.db, transport: transport(), clock }), { sent: 0, failed: 0 });
  assert.equal(received.length, 0);
});

test('the same idempotency key enqueues one mail', async () => {
  for (let i = 0; i < 2; i++) await enqueueMail(storage.db, { to: 'a@example.kr', subject: 's', text: 't', locale: 'en', idempotencyKey: 'application:1:approved' }, clock.now());
  assert.equal((await storage.db.select().from(outbox)).length, 1);
});

test('a rejected delivery is retried later with backoff and its error holds no address', async () => {
  rejectRecipients = true;
  await enqueueMail(storage.db, { to: 'gone@example.kr', subject: 's', text: 't', locale: 'en' }, clock.now());
  assert.deepEqual(await deliverPendingMail({ db: storage.db, transport: transport(), clock }), { sent: 0, failed: 1 });
  const [row] = await storage.db.select().from(outbox);
  assert.equal(row!.attempts, 1);
  assert.equal(row!.nextAttemptAt.getTime(), clock.now().getTime() + 30_000);
  assert.doesNotMatch(row!.lastError ?? '', /gone@example/);
  assert.deepEqual(await deliverPendingMail({ db: storage.db, transport: transport(), clock }), { sent: 0, failed: 0 }, 'not due yet');
  rejectRecipients = false;
  clock.advance(30_000);
  assert.deepEqual(await deliverPendingMail({ db: storage.db, transport: transport(), clock }), { sent: 1, failed: 0 });
});

test('after the last attempt a message is marked failed and no longer retried', async () => {
  rejectRecipients = true;
  await enqueueMail(storage.db, { to: 'gone@example.kr', subject: 's', text: 't', locale: 'en' }, clock.now());
  for (let i = 0; i < 2; i++) {
    await deliverPendingMail({ db: storage.db, transport: transport(), clock, maxAttempts: 2 });
    clock.advance(3_600_000);
  }
  const [row] = await storage.db.select().from(outbox).where(eq(outbox.to, 'gone@example.kr'));
  assert.ok(row!.failedAt);
  assert.deepEqual(await deliverPendingMail({ db: storage.db, transport: transport(), clock, maxAttempts: 2 }), { sent: 0, failed: 0 });
});

test('a sent message leaves no body in the outbox: private links in it are not kept in clear after sending', async () => {
  const secretLink = 'https://eresidency.example/applications/status/Zk3q-private-token-0123456789abcdefghijklm';
  await enqueueMail(storage.db, { to: 'a@example.kr', subject: 'Your application', text: `Follow it here: ${secretLink}`, html: `<a href="${secretLink}">status</a>`, locale: 'en' }, clock.now());
  assert.deepEqual(await deliverPendingMail({ db: storage.db, transport: transport(), clock }), { sent: 1, failed: 0 });
  assert.match(received[0]!.raw.replace(/=\r\n/g, ''), /private-token/, 'the recipient got the link');
  const [row] = await storage.db.select().from(outbox);
  assert.ok(row!.sentAt);
  assert.doesNotMatch(JSON.stringify(row), /private-token/);
});

test('no transaction is open while the SMTP server answers: the message row can be locked by others during the send', { timeout: 20_000 }, async () => {
  await enqueueMail(storage.db, { to: 'slow@example.kr', subject: 's', text: 't', locale: 'en' }, clock.now());
  let lockedDuringSend = false;
  const probing: MailTransport = {
    async send() {
      // Fails (PostgreSQL: row locked) or waits forever (PGlite: one connection) if the claim is still open.
      await storage.db.transaction(async (tx) => {
        await tx.select().from(outbox).where(eq(outbox.to, 'slow@example.kr')).for('update', { noWait: true });
      });
      lockedDuringSend = true;
    },
  };
  assert.deepEqual(await deliverPendingMail({ db: storage.db, transport: probing, clock }), { sent: 1, failed: 0 });
  assert.ok(lockedDuringSend);
});

test('two deliverers side by side send every message exactly once', { timeout: 20_000 }, async () => {
  for (let i = 0; i < 6; i++) await enqueueMail(storage.db, { to: `p${i}@example.kr`, subject: 's', text: 't', locale: 'en' }, clock.now());
  const sentTo: string[] = [];
  const slow: MailTransport = {
    async send(m) {
      await new Promise((done) => setImmediate(done));
      sentTo.push(m.to);
    },
  };
  const results = await Promise.all([deliverPendingMail({ db: storage.db, transport: slow, clock }), deliverPendingMail({ db: storage.db, transport: slow, clock })]);
  assert.equal(results[0].sent + results[1].sent, 6);
  assert.deepEqual([...sentTo].sort(), ['p0', 'p1', 'p2', 'p3', 'p4', 'p5'].map((p) => `${p}@example.kr`));
});

test('a message whose sender died after claiming it is sent by another once the claim lapses', { timeout: 20_000 }, async () => {
  await enqueueMail(storage.db, { to: 'orphan@example.kr', subject: 's', text: 't', locale: 'en' }, clock.now());
  const dying: MailTransport = { send: () => new Promise<void>(() => undefined) };
  void deliverPendingMail({ db: storage.db, transport: dying, clock, batchSize: 1 });
  // Wait until the claim is committed, then look as a second process would.
  while ((await storage.db.select().from(outbox))[0]!.attempts === 0) await new Promise((done) => setImmediate(done));
  assert.deepEqual(await deliverPendingMail({ db: storage.db, transport: transport(), clock }), { sent: 0, failed: 0 }, 'claimed by the first');
  clock.advance(CLAIM_LEASE_MS);
  assert.deepEqual(await deliverPendingMail({ db: storage.db, transport: transport(), clock }), { sent: 1, failed: 0 });
  assert.deepEqual(received.map((r) => r.to), [['orphan@example.kr']]);
});
