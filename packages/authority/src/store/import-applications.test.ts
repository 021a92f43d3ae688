// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { asc, count, eq, inArray } from 'drizzle-orm';
import { logEntries, outbox, type Database } from '@tessera/platform';
import { openAuthorityFixture, sampleFiles, sampleForm, type AuthorityFixture } from '../testing/authority-fixture.ts';
import type { PaymentRequest } from '../payment/payment-port.ts';
import { importApplications } from './import-applications.ts';
import { recordPaymentEvent } from './record-payment-event.ts';
import { startPayment } from './start-payment.ts';
import { submitApplication } from './submit-application.ts';
import { applicationEvents, applications, checkResults } from './schema.ts';

let flows: AuthorityFixture;
let bulk: AuthorityFixture;
before(async () => {
  [flows, bulk] = await Promise.all([openAuthorityFixture(), openAuthorityFixture()]);
});
after(() => Promise.all([flows?.storage.close(), bulk?.storage.close()]));

// The third applicant applies again with the first one's passport: the duplicate check must flag it in both ways.
const batch = [
  { form: sampleForm({ givenNames: 'Minji', surname: 'Seo', documentNumber: 'M30000001', email: 'minji@example.kr' }), paid: true },
  { form: sampleForm({ givenNames: 'Jisoo', surname: 'Han', documentNumber: 'M30000002', email: 'jisoo@example.kr', locale: 'ko' }), paid: false },
  { form: sampleForm({ givenNames: 'Minji', surname: 'Seo', documentNumber: 'M30000001', email: 'minji.seo@example.kr' }), paid: true },
];

/** Everything an application's arrival wrote, without ids, tokens and times, in the order the applications came. */
async function written(db: Database, ids: string[]) {
  const rows = await db.select().from(applications).where(inArray(applications.id, ids));
  return Promise.all(ids.map(async (id) => {
    const app = rows.find((r) => r.id === id)!;
    const history = await db.select().from(applicationEvents).where(eq(applicationEvents.applicationId, id)).orderBy(asc(applicationEvents.id));
    const checks = await db.select().from(checkResults).where(eq(checkResults.applicationId, id)).orderBy(asc(checkResults.check));
    const log = await db.select().from(logEntries).where(eq(logEntries.subject, id)).orderBy(asc(logEntries.id));
    const mails = await db.select().from(outbox).where(inArray(outbox.idempotencyKey, [`application:${id}:received`, `application:${id}:submitted`])).orderBy(asc(outbox.idempotencyKey));
    return {
      application: { status: app.status, paymentStatus: app.paymentStatus, flagged: app.flagged, paid: app.paymentId !== null, submitted: app.submittedAt !== null, fee: app.feeMinor, surname: app.surname, locale: app.locale },
      history: history.map((h) => ({ type: h.type, actor: h.actor, from: h.fromStatus, to: h.toStatus, detail: h.detail })),
      checks: checks.map((c) => ({ check: c.check, outcome: c.outcome, reasons: c.reasons })),
      log: log.map((e) => ({ type: e.type, context: e.context })),
      mails: mails.map((m) => ({ to: m.to, subject: m.subject, locale: m.locale })),
    };
  }));
}

const normalise = <T>(value: T, paymentIds: string[]): T => JSON.parse(paymentIds.reduce((json, id, i) => json.replaceAll(id, `payment-${i}`), JSON.stringify(value))) as T;

test('an import writes what submitting and paying one by one writes: rows, history, checks (a duplicate flagged), log events and e-mails', async () => {
  const viaFlows: string[] = [];
  for (const item of batch) {
    const submitted = await submitApplication(flows.deps, item.form, sampleFiles());
    viaFlows.push(submitted.id);
    if (!item.paid) continue;
    await startPayment(flows.deps, submitted.statusToken);
    const payment = flows.payments.payments.at(-1)!;
    await recordPaymentEvent(flows.deps, { type: 'payment.succeeded', paymentId: payment.paymentId, reference: payment.reference, amountMinor: payment.amountMinor, currency: payment.currency });
  }

  const asked: PaymentRequest[] = [];
  const imported = await importApplications(bulk.deps, batch.map((item) => ({ form: item.form, files: sampleFiles() as { photo: { bytes: Uint8Array }; passportScan: { bytes: Uint8Array } }, paid: item.paid })), {
    recordPaidFees: async (requests) => {
      asked.push(...requests);
      return requests.map((_, i) => `pay_imported_${i + 1}`);
    },
  });

  assert.deepEqual(asked.map((r) => ({ ...r, idempotencyKey: '' })), flows.payments.payments.map(({ paymentId: _, ...r }) => ({ ...r, idempotencyKey: '' })), 'the provider is asked for the same payments');
  assert.equal(imported.length, 3);
  const expected = normalise(await written(flows.storage.db, viaFlows), flows.payments.payments.map((p) => p.paymentId));
  const actual = normalise(await written(bulk.storage.db, imported.map((i) => i.id)), ['pay_imported_1', 'pay_imported_2']);
  assert.deepEqual(actual, expected);
  assert.equal(actual[2]!.application.flagged, true, 'the second application with the same passport is flagged');
  assert.equal(actual[1]!.application.status, 'awaiting_payment');
});

test('one invalid item fails the whole import, names the item, asks the provider nothing and writes nothing', async () => {
  const before = (await bulk.storage.db.select({ n: count() }).from(applications))[0]!.n;
  let asked = 0;
  await assert.rejects(
    importApplications(bulk.deps, [
      { form: sampleForm({ documentNumber: 'M40000001' }), files: sampleFiles() as { photo: { bytes: Uint8Array }; passportScan: { bytes: Uint8Array } }, paid: true },
      { form: sampleForm({ documentNumber: 'M40000002', pickupLocation: 'nowhere' }), files: sampleFiles() as { photo: { bytes: Uint8Array }; passportScan: { bytes: Uint8Array } }, paid: true },
    ], { recordPaidFees: async (requests) => { asked += requests.length; return requests.map((_, i) => `pay_${i}`); } }),
    (error: { code: string; issues: Array<{ path: string; code: string }> }) => {
      assert.equal(error.code, 'ERR_VALIDATION');
      assert.deepEqual(error.issues.map((i) => `${i.path}:${i.code}`), ['items/1/body/pickupLocation:unknown_location']);
      return true;
    },
  );
  assert.equal(asked, 0);
  assert.equal((await bulk.storage.db.select({ n: count() }).from(applications))[0]!.n, before);
});
