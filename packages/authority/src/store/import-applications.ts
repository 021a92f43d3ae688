// SPDX-License-Identifier: Apache-2.0
import { and, inArray, ne, or } from 'drizzle-orm';
import { enqueueMails, ValidationFailed, type MailMessage } from '@tessera/platform';
import type { ApplicationForm } from '../domain/application/application-form.ts';
import type { UploadedFile } from '../domain/application/uploaded-file.ts';
import type { ExistingApplication } from '../domain/checks/index.ts';
import type { PaymentRequest } from '../payment/payment-port.ts';
import type { AuthorityDeps } from './authority-deps.ts';
import { recordChanges, type ApplicationChange } from './record-change.ts';
import { paidApplicationRows } from './record-payment-event.ts';
import { applicationFiles, applications, checkResults, payments, pickupLocations } from './schema.ts';
import { paymentRequestFor } from './start-payment.ts';
import { checkSubmission, newApplicationRows, nextReferences, type CheckedSubmission, type SubmittedApplication } from './submit-application.ts';

export interface ApplicationImport {
  form: ApplicationForm;
  files: { photo: UploadedFile; passportScan: UploadedFile };
  /** The applicant has paid the state fee: the provider holds the succeeded payment. */
  paid: boolean;
}

export interface ImportOptions {
  /**
   * Has the provider record the paid fees — each request as `startPayment` opens it, then paid
   * with its webhook delivered — and answers their payment ids in order. Called before the
   * import's transaction begins, never inside it.
   */
  recordPaidFees(requests: PaymentRequest[]): Promise<string[]>;
}

/** Rows per INSERT: files carry their bytes (a few hundred kB each), applications 27 columns. */
const FILE_CHUNK = 40;
const ROW_CHUNK = 1000;

/**
 * Applications that arrive many at once — the demo world, a caseload moved from another system —
 * written as the portal's own flows leave them after submit, payment and the provider's
 * `payment.succeeded` webhook: the same rows, history, check results, transparency-log events
 * and e-mails, built by the same functions (`newApplicationRows`, `paidApplicationRows`), in
 * about ten statements for the whole batch instead of some thirty per application. Each item is
 * checked as `submitApplication` checks it and one invalid item fails the batch; the automated
 * checks see the items before it as already received, as if they had come one after another.
 */
export async function importApplications(deps: AuthorityDeps, items: readonly ApplicationImport[], options: ImportOptions): Promise<SubmittedApplication[]> {
  if (items.length === 0) return [];
  const locations = new Map((await deps.db.select().from(pickupLocations)).map((l) => [l.code, l]));
  const submissions = items.map((item, i) => checkItem(() => checkSubmission(deps, item.form, item.files, locations.get(item.form.pickupLocation)), i));
  const now = deps.clock.now();
  const references = await nextReferences(deps.db, now, items.length);
  const rows = items.map((item, i) => newApplicationRows(deps, item.form, submissions[i]!, references[i]!));
  const paid = rows.filter((_, i) => items[i]!.paid);
  const paymentIds = await options.recordPaidFees(paid.map((r) => paymentRequestFor(deps, r.application)));
  const paymentOf = new Map(paid.map((r, i) => [r.application.id, paymentIds[i]!]));

  await deps.db.transaction(async (tx) => {
    const earlier: ExistingApplication[] = await tx.select({ nameKey: applications.nameKey, documentKey: applications.documentKey, reference: applications.reference })
      .from(applications)
      .where(and(ne(applications.status, 'withdrawn'), or(inArray(applications.nameKey, rows.map((r) => r.application.nameKey)), inArray(applications.documentKey, rows.map((r) => r.application.documentKey)))));
    const changes: ApplicationChange[] = [];
    const mails: MailMessage[] = [];
    const results: Array<ReturnType<typeof paidApplicationRows>['checkResults'][number]> = [];
    const written = rows.map((row) => {
      changes.push(row.change);
      mails.push(row.mail);
      const paymentId = paymentOf.get(row.application.id);
      const others = earlier.filter((e) => e.nameKey === row.application.nameKey || e.documentKey === row.application.documentKey);
      earlier.push(row.application);
      if (paymentId === undefined) return row.application;
      changes.push({ applicationId: row.application.id, actor: 'applicant', type: 'payment_started', detail: { paymentId } });
      const afterPayment = paidApplicationRows(deps, row.application, others, now);
      changes.push(afterPayment.change);
      mails.push(afterPayment.mail);
      results.push(...afterPayment.checkResults);
      return { ...row.application, paymentId, ...afterPayment.update };
    });
    for (const chunk of chunks(written, ROW_CHUNK)) await tx.insert(applications).values(chunk);
    const fees = written.flatMap((a) => ('paymentId' in a && a.paymentId ? [{ paymentId: a.paymentId, applicationId: a.id, amountMinor: a.feeMinor, currency: a.currency, status: 'succeeded' as const, createdAt: now, updatedAt: now }] : []));
    for (const chunk of chunks(fees, ROW_CHUNK)) await tx.insert(payments).values(chunk);
    for (const chunk of chunks(rows.flatMap((r) => r.files), FILE_CHUNK)) await tx.insert(applicationFiles).values(chunk);
    for (const chunk of chunks(results, ROW_CHUNK)) await tx.insert(checkResults).values(chunk);
    await recordChanges(tx, deps.clock, changes);
    await enqueueMails(tx, mails, now);
  });
  return rows.map((r) => r.submitted);
}

function checkItem(check: () => CheckedSubmission, index: number): CheckedSubmission {
  try {
    return check();
  } catch (error) {
    if (!(error instanceof ValidationFailed)) throw error;
    throw new ValidationFailed(error.issues.map((issue) => ({ ...issue, path: `items/${index}/${issue.path}` })));
  }
}

function chunks<T>(rows: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < rows.length; start += size) out.push(rows.slice(start, start + size));
  return out;
}
