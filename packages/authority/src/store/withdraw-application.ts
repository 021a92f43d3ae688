// SPDX-License-Identifier: Apache-2.0
import { eq } from 'drizzle-orm';
import { enqueueMail, NotFound } from '@tessera/platform';
import { nextStatus, type ApplicationStatus } from '../domain/application/application-status.ts';
import { applicantMail } from '../domain/application/applicant-mail.ts';
import type { AuthorityDeps } from './authority-deps.ts';
import { issueRefund } from './issue-refund.ts';
import { recordChange } from './record-change.ts';
import { applications } from './schema.ts';
import { hashToken } from './submit-application.ts';

/** The applicant withdraws before a decision; a paid fee is refunded. */
export async function withdrawApplication(deps: AuthorityDeps, statusToken: string): Promise<{ status: ApplicationStatus }> {
  const result = await deps.db.transaction(async (tx) => {
    const [app] = await tx.select().from(applications).where(eq(applications.statusTokenHash, hashToken(statusToken))).for('update');
    if (!app) throw new NotFound('No application was found for this link.');
    const to = nextStatus(app.status, 'withdraw');
    const paid = app.paymentStatus === 'succeeded';
    await tx.update(applications).set({ status: to, updatedAt: deps.clock.now(), ...(paid ? { paymentStatus: 'refund_pending' as const } : {}) }).where(eq(applications.id, app.id));
    await recordChange(tx, deps.clock, { applicationId: app.id, actor: 'applicant', type: 'withdrawn', fromStatus: app.status, toStatus: to });
    await enqueueMail(tx, { to: app.email, ...applicantMail('withdrawn', app.locale, { name: app.givenNames, reference: app.reference }), locale: app.locale, idempotencyKey: `application:${app.id}:withdrawn` }, deps.clock.now());
    return { id: app.id, status: to, refund: paid };
  });
  if (result.refund) await issueRefund(deps, result.id);
  return { status: result.status };
}
