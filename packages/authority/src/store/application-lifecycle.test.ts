// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { count, eq } from 'drizzle-orm';
import { outbox, logEntries } from '@tessera/platform';
import { openAuthorityFixture, sampleFiles, sampleForm, type AuthorityFixture } from '../testing/authority-fixture.ts';
import { specimenPortrait } from '../specimen/specimen-files.ts';
import { submitApplication } from './submit-application.ts';
import { startPayment } from './start-payment.ts';
import { recordPaymentEvent } from './record-payment-event.ts';
import { decideApplication } from './decide-application.ts';
import { withdrawApplication } from './withdraw-application.ts';
import { getApplication } from './get-application.ts';
import { findOwnApplication } from './find-own-application.ts';
import { applications, personalDataAccess } from './schema.ts';

let f: AuthorityFixture;
before(async () => {
  f = await openAuthorityFixture();
});
after(() => f.storage.close());

const tableCount = async (table: typeof applications | typeof outbox | typeof logEntries) => (await f.storage.db.select({ n: count() }).from(table))[0]!.n;

async function paidApplication(overrides = {}) {
  const submitted = await submitApplication(f.deps, sampleForm(overrides), sampleFiles());
  await startPayment(f.deps, submitted.statusToken);
  const payment = f.payments.payments.at(-1)!;
  await recordPaymentEvent(f.deps, { type: 'payment.succeeded', paymentId: payment.paymentId, reference: payment.reference, amountMinor: payment.amountMinor, currency: payment.currency });
  return submitted;
}

test('a submitted application waits for the state fee plus the partner centre surcharge, with an e-mail and a log event', async () => {
  const mailsBefore = await tableCount(outbox);
  const logBefore = await tableCount(logEntries);
  const submitted = await submitApplication(f.deps, sampleForm({ surname: 'Park', documentNumber: 'M20000001' }), sampleFiles());
  assert.match(submitted.reference, /^ER-2026-\d{6}$/);
  const own = await findOwnApplication(f.deps.db, submitted.statusToken);
  assert.equal(own.status, 'awaiting_payment');
  assert.equal(own.feeMinor, 18000);
  assert.equal(await tableCount(outbox), mailsBefore + 1);
  assert.equal(await tableCount(logEntries), logBefore + 1);
  const [row] = await f.storage.db.select().from(applications).where(eq(applications.id, submitted.id));
  assert.notEqual(row!.statusTokenHash, submitted.statusToken, 'the status token is stored only as a hash');
});

test('bad input is reported all at once and writes nothing', async () => {
  const before = await tableCount(applications);
  await assert.rejects(
    submitApplication(f.deps, sampleForm({ dateOfBirth: '2030-01-01', documentExpiresOn: '2020-01-01', pickupLocation: 'dubai-vfs' }), { photo: { bytes: specimenPortrait(300, 300) } }),
    (error: { code: string; issues: Array<{ path: string; code: string }> }) => {
      assert.equal(error.code, 'ERR_VALIDATION');
      assert.deepEqual(error.issues.map((i) => `${i.path}:${i.code}`).sort(), [
        'body/dateOfBirth:date_in_future',
        'body/documentExpiresOn:date_order',
        'body/passportScan:required',
        'body/photo:photo_too_small',
        'body/pickupLocation:unknown_location',
      ]);
      return true;
    },
  );
  assert.equal(await tableCount(applications), before);
});

test('payment submits the application, runs the checks and puts it in the queue', async () => {
  const submitted = await paidApplication({ surname: 'Choi', givenNames: 'Ha-eun', documentNumber: 'M30000001', email: 'ha-eun@example.kr' });
  const detail = await getApplication(f.deps.db, f.clock, submitted.id, { staffId: 'officer-1', purpose: 'vetting' });
  assert.equal(detail.application.status, 'in_review');
  assert.equal(detail.application.paymentStatus, 'succeeded');
  assert.deepEqual(detail.checks.map((c) => c.check).sort(), ['document-validity', 'duplicate-applicant', 'sanctions-screening']);
  assert.equal(detail.application.flagged, false);
});

test('a repeated payment webhook changes nothing', async () => {
  const submitted = await paidApplication({ surname: 'Jung', documentNumber: 'M40000001' });
  const payment = f.payments.payments.at(-1)!;
  const logBefore = await tableCount(logEntries);
  const again = await recordPaymentEvent(f.deps, { type: 'payment.succeeded', paymentId: payment.paymentId, reference: payment.reference, amountMinor: payment.amountMinor, currency: payment.currency });
  assert.equal(again.applied, false);
  assert.equal(await tableCount(logEntries), logBefore);
  assert.equal((await findOwnApplication(f.deps.db, submitted.statusToken)).status, 'in_review');
});

test('a payment for the wrong amount does not submit the application (it is kept, to be refunded)', async () => {
  const submitted = await submitApplication(f.deps, sampleForm({ surname: 'Kang', documentNumber: 'M50000001' }), sampleFiles());
  await startPayment(f.deps, submitted.statusToken);
  const payment = f.payments.payments.at(-1)!;
  const result = await recordPaymentEvent(f.deps, { type: 'payment.succeeded', paymentId: payment.paymentId, reference: payment.reference, amountMinor: 100, currency: 'EUR' });
  assert.equal(result.applied, true);
  assert.equal((await findOwnApplication(f.deps.db, submitted.statusToken)).status, 'awaiting_payment');
});

test('a second application by the same person is flagged and needs two different officers', async () => {
  await paidApplication({ surname: 'Han', givenNames: 'Mi-rae', documentNumber: 'M60000001' });
  const second = await paidApplication({ surname: 'HAN', givenNames: 'Mi-rae', documentNumber: 'M60000002' });
  const approve = { decision: 'approve' } as const;
  assert.equal((await decideApplication(f.deps, second.id, 'officer-1', approve)).status, 'awaiting_second_approval');
  await assert.rejects(decideApplication(f.deps, second.id, 'officer-1', approve), { code: 'ERR_FOUR_EYES_REQUIRED' });
  assert.equal((await decideApplication(f.deps, second.id, 'officer-2', approve)).status, 'approved');
  const detail = await getApplication(f.deps.db, f.clock, second.id, { staffId: 'officer-2', purpose: 'vetting' });
  assert.ok(detail.checks.find((c) => c.check === 'duplicate-applicant')?.outcome === 'flag');
  assert.deepEqual(detail.history.map((h) => h.type), ['created', 'payment_started', 'submitted', 'first_approval', 'approved']);
});

test('a decided application cannot be decided again and nothing changes', async () => {
  const submitted = await paidApplication({ surname: 'Oh', documentNumber: 'M70000001' });
  await decideApplication(f.deps, submitted.id, 'officer-1', { decision: 'approve' });
  const logBefore = await tableCount(logEntries);
  await assert.rejects(
    decideApplication(f.deps, submitted.id, 'officer-2', { decision: 'reject', reason: 'false_information', note: 'The passport number does not exist.' }),
    { code: 'ERR_INVALID_TRANSITION', status: 409 },
  );
  assert.equal(await tableCount(logEntries), logBefore);
  assert.equal((await findOwnApplication(f.deps.db, submitted.statusToken)).status, 'approved');
});

test('rejection records the reason, tells the applicant and refunds the fee', async () => {
  const submitted = await paidApplication({ surname: 'Seo', documentNumber: 'M80000001' });
  const refundsBefore = f.payments.refunds.length;
  await decideApplication(f.deps, submitted.id, 'officer-1', { decision: 'reject', reason: 'purpose_not_legitimate', note: 'The stated purpose does not match the documents.' });
  assert.equal(f.payments.refunds.length, refundsBefore + 1);
  assert.equal(f.payments.refunds.at(-1)!.amountMinor, 18000);
  const own = await findOwnApplication(f.deps.db, submitted.statusToken);
  assert.equal(own.status, 'rejected');
  assert.equal(own.paymentStatus, 'refund_requested');
  const payment = f.payments.payments.at(-1)!;
  await recordPaymentEvent(f.deps, { type: 'refund.succeeded', paymentId: payment.paymentId, reference: payment.reference, amountMinor: 18000, currency: 'EUR' });
  assert.equal((await findOwnApplication(f.deps.db, submitted.statusToken)).paymentStatus, 'refunded');
});

test('a rejection without a reason or explanation is refused', async () => {
  const submitted = await paidApplication({ surname: 'Shin', documentNumber: 'M90000001' });
  await assert.rejects(decideApplication(f.deps, submitted.id, 'officer-1', { decision: 'reject', reason: 'nonsense' as never, note: 'short' }), { code: 'ERR_VALIDATION' });
  assert.equal((await findOwnApplication(f.deps.db, submitted.statusToken)).status, 'in_review');
});

test('the applicant can withdraw before the decision and a paid fee is refunded', async () => {
  const submitted = await paidApplication({ surname: 'Kwon', documentNumber: 'M11000001' });
  const refundsBefore = f.payments.refunds.length;
  assert.equal((await withdrawApplication(f.deps, submitted.statusToken)).status, 'withdrawn');
  assert.equal(f.payments.refunds.length, refundsBefore + 1);
  await assert.rejects(withdrawApplication(f.deps, submitted.statusToken), { code: 'ERR_INVALID_TRANSITION' });
});

test('opening an application records who accessed the personal data and why', async () => {
  const submitted = await paidApplication({ surname: 'Ahn', documentNumber: 'M12000001' });
  await getApplication(f.deps.db, f.clock, submitted.id, { staffId: 'auditor-7', purpose: 'audit' });
  const rows = await f.storage.db.select().from(personalDataAccess).where(eq(personalDataAccess.applicationId, submitted.id));
  assert.deepEqual(rows.map((r) => [r.staffId, r.purpose]), [['auditor-7', 'audit']]);
});

test('an unknown status link is a clear 404', async () => {
  await assert.rejects(findOwnApplication(f.deps.db, 'x'.repeat(43)), { code: 'ERR_NOT_FOUND', status: 404 });
});

test('the payment provider is never given the private status token: its return URL names no application', async () => {
  const submitted = await submitApplication(f.deps, sampleForm({ surname: 'Nam', documentNumber: 'M20000071' }), sampleFiles());
  await startPayment(f.deps, submitted.statusToken);
  const sent = f.payments.payments.at(-1)!;
  assert.doesNotMatch(JSON.stringify(sent), new RegExp(submitted.statusToken));
  assert.equal(sent.returnUrl, 'https://eresidency.example/applications/payment-return');
});
