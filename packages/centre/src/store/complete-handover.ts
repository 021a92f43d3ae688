// SPDX-License-Identifier: Apache-2.0
import { and, eq, sql } from 'drizzle-orm';
import { appendEvent, expectRow, type StaffPrincipal } from '@tessera/platform';
import { HandoverEntryMissing, HandoverNotCompleting } from '../domain/centre-errors.ts';
import type { CentreDeps } from './centre-deps.ts';
import { handoverForStep } from './handover-context.ts';
import { handoverRows } from './handover-rows.ts';
import { appointments, handovers, stock, type HandoverRow } from './schema.ts';

/**
 * Step 3: the applicant signed the receipt and the operator confirms. The intent ("completing")
 * commits first; then the authority activates the card (a repeat of the call is harmless there);
 * then the centre records the card as handed over. A crash or a lost call between leaves the
 * handover "completing", and `resumeHandovers` finishes it on both sides; before the intent
 * commits nothing has happened anywhere.
 */
export async function completeHandover(deps: CentreDeps, staff: StaffPrincipal, handoverId: string, o: { receiptSignedBy: string }): Promise<HandoverRow> {
  await deps.db.transaction(async (tx) => {
    const ctx = await handoverForStep(tx, deps, staff, handoverId, ['receipt']);
    const rows = handoverRows.confirmed(handoverId, ctx.centre.code, ctx.card, staff.id, o.receiptSignedBy, deps.clock.now());
    await tx.update(handovers).set({ step: 'completing', checks: sql`${handovers.checks} || ${JSON.stringify(rows.checks)}::jsonb` }).where(eq(handovers.id, handoverId));
    await appendEvent(tx, rows.event);
  });
  return finishHandover(deps, handoverId);
}

/** Activates at the authority and records the handover here, for a handover whose intent committed. */
export async function finishHandover(deps: CentreDeps, handoverId: string): Promise<HandoverRow> {
  const [row] = await deps.db.select().from(handovers).innerJoin(stock, eq(stock.id, handovers.stockId)).where(and(eq(handovers.id, handoverId), eq(handovers.state, 'in_progress'), eq(handovers.step, 'completing')));
  if (!row) throw new HandoverNotCompleting();
  const entry = row.handovers.checks.confirmedEntry;
  if (typeof entry !== 'string') throw new HandoverEntryMissing();
  await deps.authority.handOver(row.stock.centre, row.stock.reference, row.handovers.operatorId, entry);
  return deps.db.transaction(async (tx) => {
    const rows = handoverRows.finished(handoverId, row.stock, row.handovers.operatorId, deps.clock.now());
    const [done] = await tx.update(handovers).set(rows.handover).where(and(eq(handovers.id, handoverId), eq(handovers.state, 'in_progress'))).returning();
    if (!done) return expectRow(await tx.select().from(handovers).where(eq(handovers.id, handoverId)));
    await tx.update(stock).set(rows.stock).where(eq(stock.id, row.stock.id));
    await tx.update(appointments).set(rows.appointment).where(eq(appointments.id, row.handovers.appointmentId));
    await appendEvent(tx, rows.event);
    return done;
  });
}

/** Finishes every handover left "completing" by a crash or a lost call; run at start and periodically. */
export async function resumeHandovers(deps: CentreDeps): Promise<{ finished: number; failed: number }> {
  const pending = await deps.db.select({ id: handovers.id }).from(handovers).where(and(eq(handovers.state, 'in_progress'), eq(handovers.step, 'completing')));
  let finished = 0;
  let failed = 0;
  for (const { id } of pending) {
    try {
      await finishHandover(deps, id);
      finished++;
    } catch {
      failed++;
    }
  }
  return { finished, failed };
}
