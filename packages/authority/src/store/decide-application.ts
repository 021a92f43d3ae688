// SPDX-License-Identifier: Apache-2.0
import { eq } from 'drizzle-orm';
import { enqueueMail, NotFound, ValidationFailed } from '@tessera/platform';
import { FourEyesRequired } from '../domain/authority-errors.ts';
import { nextStatus, type ApplicationStatus } from '../domain/application/application-status.ts';
import { applicantMail } from '../domain/application/applicant-mail.ts';
import { REJECTION_REASONS, type RejectionReason } from '../domain/application/rejection-reasons.ts';
import type { AuthorityDeps } from './authority-deps.ts';
import { recordChange } from './record-change.ts';
import { applications, pickupLocations } from './schema.ts';
import { issueRefund } from './issue-refund.ts';
import { orderCard } from './order-card.ts';

export type Decision =
  | { decision: 'approve' }
  | { decision: 'reject'; reason: RejectionReason | undefined; note: string };

export interface DecisionResult {
  status: ApplicationStatus;
}

/**
 * An officer's decision. Approving a flagged application records the first approval and waits
 * for a second officer (four eyes); rejecting records the reason, queues the refund and tells
 * the applicant. One transaction; an invalid transition changes nothing.
 */
export async function decideApplication(deps: AuthorityDeps, applicationId: string, officerId: string, decision: Decision): Promise<DecisionResult> {
  if (decision.decision === 'reject') {
    const issues = [];
    if (decision.reason === undefined || !REJECTION_REASONS.includes(decision.reason)) issues.push({ code: 'enum', path: 'body/reason', message: 'Choose a reason from the list.' });
    if (decision.note.trim().length < 10) issues.push({ code: 'minLength', path: 'body/note', message: 'Explain the decision in at least 10 characters.' });
    if (issues.length) throw new ValidationFailed(issues);
  }
  const result = await deps.db.transaction(async (tx) => {
    const [app] = await tx.select().from(applications).where(eq(applications.id, applicationId)).for('update');
    if (!app) throw new NotFound('No such application.');
    const from = app.status;
    const now = deps.clock.now();
    const [location] = await tx.select().from(pickupLocations).where(eq(pickupLocations.code, app.pickupLocation));
    const mailParams = { name: app.givenNames, reference: app.reference, link: new URL('/applications/status', deps.publicUrl).toString(), location: location?.name ?? app.pickupLocation };

    if (decision.decision === 'approve') {
      const action = from === 'awaiting_second_approval' ? 'second_approve' : 'approve';
      const to = nextStatus(from, action, app.flagged);
      if (action === 'second_approve' && app.firstApprover === officerId) throw new FourEyesRequired();
      const first = to === 'awaiting_second_approval';
      await tx.update(applications).set({
        status: to,
        updatedAt: now,
        ...(first ? { firstApprover: officerId } : { decidedBy: officerId, decidedAt: now }),
      }).where(eq(applications.id, app.id));
      await recordChange(tx, deps.clock, { applicationId: app.id, actor: officerId, type: first ? 'first_approval' : 'approved', fromStatus: from, toStatus: to });
      if (to === 'approved') {
        await enqueueMail(tx, { to: app.email, ...applicantMail('approved', app.locale, mailParams), locale: app.locale, idempotencyKey: `application:${app.id}:approved` }, deps.clock.now());
      }
      return { status: to, refund: false };
    }

    const to = nextStatus(from, 'reject');
    await tx.update(applications).set({
      status: to,
      rejectionReason: decision.reason,
      rejectionNote: decision.note.trim(),
      decidedBy: officerId,
      decidedAt: now,
      paymentStatus: 'refund_pending',
      updatedAt: now,
    }).where(eq(applications.id, app.id));
    await recordChange(tx, deps.clock, { applicationId: app.id, actor: officerId, type: 'rejected', fromStatus: from, toStatus: to, detail: { reason: decision.reason } });
    const reasonText = decision.note.trim();
    await enqueueMail(tx, { to: app.email, ...applicantMail('rejected', app.locale, { ...mailParams, reason: reasonText }), locale: app.locale, idempotencyKey: `application:${app.id}:rejected` }, deps.clock.now());
    return { status: to, refund: true };
  });
  if (result.refund) await issueRefund(deps, applicationId);
  // The approval has committed; a card issuer that fails now is retried (and reported) by the
  // periodic card-order job, so the officer's decision is not answered as a failure.
  if (result.status === 'approved') await orderCard(deps, applicationId).catch(() => false);
  return { status: result.status };
}
