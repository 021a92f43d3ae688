// SPDX-License-Identifier: Apache-2.0
import { eq, sql } from 'drizzle-orm';
import { appendEvent, type StaffPrincipal } from '@tessera/platform';
import type { HandoverIdentity } from '../domain/authority-link.ts';
import { HandoverStepRefused } from '../domain/centre-errors.ts';
import type { CentreDeps } from './centre-deps.ts';
import { handoverForStep } from './handover-context.ts';
import { handoverRows } from './handover-rows.ts';
import { handovers } from './schema.ts';

/**
 * Step 1: fetches from the authority, over the exchange, only what identifies the applicant of
 * this open appointment, declaring the person and the purpose for their data tracker. Nothing of
 * it is stored at the centre: the operator's screen shows it, then it is gone.
 */
export async function identifyApplicant(deps: CentreDeps, staff: StaffPrincipal, handoverId: string): Promise<HandoverIdentity> {
  const ctx = await deps.db.transaction((tx) => handoverForStep(tx, deps, staff, handoverId, ['identify', 'check']));
  if (!ctx.card.dataSubject) throw new HandoverStepRefused('The manifest named no data subject for this card.');
  const identity = await deps.authority.identify(ctx.centre.code, { reference: ctx.card.reference, dataSubject: ctx.card.dataSubject, operator: staff.id });
  await deps.db.transaction(async (tx) => {
    const rows = handoverRows.identified(handoverId, ctx.centre.code, staff.id, deps.clock.now());
    await tx.update(handovers).set({ step: 'check', checks: sql`${handovers.checks} || ${JSON.stringify(rows.checks)}::jsonb` }).where(eq(handovers.id, handoverId));
    await appendEvent(tx, rows.event);
  });
  return identity;
}
