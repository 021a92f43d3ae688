// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { logEntries } from '@tessera/platform';
import { openAuthorityFixture, sampleFiles, sampleForm, type AuthorityFixture } from '../testing/authority-fixture.ts';
import { retryPendingRefunds } from './issue-refund.ts';
import { recordPaymentEvent } from './record-payment-event.ts';
import { applications, payments } from './schema.ts';
import { startPayment } from './start-payment.ts';
import { submitApplication } from './submit-application.ts';
import { withdrawApplication } from './withdraw-application.ts';

let f: AuthorityFixture;
before(async () => {
  f = await openAuthorityFixture();
});
after(() => f.storage.close());

let people = 0;
async function applied() {
  people++;
  return submitApplication(f.deps, sampleForm({ surname: ['Oh', 'Nam', 'Ryu', 'Jeon', 'Ahn'][people - 1]!, documentNumber: `M6600000${people}` }), sampleFiles());
}
const lastPayment = () => f.payments.payments.at(-1)!;
const taken = (p: { paymentId: string; amountMinor: number; currency: string; reference?: string }, amountMinor = p.amountMinor) =>
  recordPaymentEvent(f.deps, { type: 'payment.succeeded', paymentId: p.paymentId, reference: p.reference ?? '', amountMinor, currency: p.currency });
const refunded = (paymentId: string, amountMinor: number) => recordPaymentEvent(f.deps, { type: 'refund.succeeded', paymentId, reference: '', amountMinor, currency: 'EUR' });
const paymentRow = async (paymentId: string) => (await f.storage.db.select().from(payments).where(eq(payments.paymentId, paymentId)))[0];
const application = async (id: string) => (await f.storage.db.select().from(applications).where(eq(applications.id, id)))[0]!;

test('a second payment started while the first is pending is kept; when both are taken, the second is refunded', async () => {
  const submitted = await applied();
  await startPayment(f.deps, submitted.statusToken);
  const first = lastPayment();
  await startPayment(f.deps, submitted.statusToken);
  const second = lastPayment();
  assert.notEqual(first.paymentId, second.paymentId);

  assert.deepEqual(await taken(first), { applied: true });
  assert.ok((await application(submitted.id)).submittedAt, 'the first payment submits the application');
  assert.deepEqual(await taken(second), { applied: true }, 'the late success is recorded, not dropped');
  assert.deepEqual({ status: (await paymentRow(second.paymentId))!.status, reason: (await paymentRow(second.paymentId))!.refundReason }, { status: 'refund_pending', reason: 'duplicate' });
  assert.equal((await application(submitted.id)).paymentStatus, 'succeeded', 'the application keeps its one fee');

  const refundsBefore = f.payments.refunds.length;
  assert.equal(await retryPendingRefunds(f.deps), 1);
  assert.deepEqual(f.payments.refunds.slice(refundsBefore).map((r) => ({ paymentId: r.paymentId, amountMinor: r.amountMinor })), [{ paymentId: second.paymentId, amountMinor: second.amountMinor }]);
  assert.equal(await retryPendingRefunds(f.deps), 0, 'asked once');
  await refunded(second.paymentId, second.amountMinor);
  assert.equal((await paymentRow(second.paymentId))!.status, 'refunded');
  assert.equal((await paymentRow(first.paymentId))!.status, 'succeeded');
  assert.equal((await application(submitted.id)).paymentStatus, 'succeeded', 'refunding the extra payment does not touch the fee');
});

test('a payment taken after the application was withdrawn is refunded as late', async () => {
  const submitted = await applied();
  await startPayment(f.deps, submitted.statusToken);
  const payment = lastPayment();
  await withdrawApplication(f.deps, submitted.statusToken);
  await taken(payment);
  assert.deepEqual({ status: (await paymentRow(payment.paymentId))!.status, reason: (await paymentRow(payment.paymentId))!.refundReason }, { status: 'refund_pending', reason: 'late' });
  assert.equal((await application(submitted.id)).status, 'withdrawn');
  assert.equal(await retryPendingRefunds(f.deps), 1);
  assert.equal(f.payments.refunds.at(-1)!.paymentId, payment.paymentId);
});

test('a payment of the wrong amount does not submit the application and is given back', async () => {
  const submitted = await applied();
  await startPayment(f.deps, submitted.statusToken);
  const payment = lastPayment();
  await taken(payment, payment.amountMinor - 1);
  assert.equal((await application(submitted.id)).status, 'awaiting_payment');
  assert.equal((await paymentRow(payment.paymentId))!.refundReason, 'amount_mismatch');
  await retryPendingRefunds(f.deps);
  assert.equal(f.payments.refunds.at(-1)!.amountMinor, payment.amountMinor - 1, 'what was taken is what goes back');
});

test('a payment the provider reports that we never opened is kept, logged and refunded', async () => {
  const before = await f.storage.db.select().from(logEntries).where(and(eq(logEntries.context, 'authority'), eq(logEntries.type, 'payment.unmatched')));
  assert.deepEqual(await taken({ paymentId: 'pay_stranger', amountMinor: 9900, currency: 'EUR' }), { applied: true });
  assert.deepEqual(await taken({ paymentId: 'pay_stranger', amountMinor: 9900, currency: 'EUR' }), { applied: false }, 'a repeated webhook changes nothing');
  const row = (await paymentRow('pay_stranger'))!;
  assert.deepEqual({ applicationId: row.applicationId, status: row.status, reason: row.refundReason }, { applicationId: null, status: 'refund_pending', reason: 'unmatched' });
  const after = await f.storage.db.select().from(logEntries).where(and(eq(logEntries.context, 'authority'), eq(logEntries.type, 'payment.unmatched')));
  assert.equal(after.length, before.length + 1);
  await retryPendingRefunds(f.deps);
  assert.equal(f.payments.refunds.at(-1)!.paymentId, 'pay_stranger');
  await refunded('pay_stranger', 9900);
  assert.equal((await paymentRow('pay_stranger'))!.status, 'refunded');
});

test('a refund the provider cannot take now stays due and is asked again', async () => {
  await taken({ paymentId: 'pay_stranger_2', amountMinor: 100, currency: 'EUR' });
  f.payments.failNext = true;
  assert.equal(await retryPendingRefunds(f.deps), 0);
  assert.equal((await paymentRow('pay_stranger_2'))!.status, 'refund_pending');
  assert.equal(await retryPendingRefunds(f.deps), 1);
  assert.equal(f.payments.refunds.at(-1)!.idempotencyKey, 'refund:payment:pay_stranger_2');
});
