// SPDX-License-Identifier: Apache-2.0
import { eq } from 'drizzle-orm';
import { appendEvent, logEntryText, type Database, type StaffPrincipal } from '@tessera/platform';
import type { HandoverStopReason } from '../domain/appointment-window.ts';
import type { CentreDeps } from './centre-deps.ts';
import { handoverForStep } from './handover-context.ts';
import { centreEvent } from './record-centre-event.ts';
import { custodyReports, handovers, stock } from './schema.ts';

/**
 * Stops a handover with its reason, inside the caller's transaction; the card stays in stock. The
 * stop waits in the custody outbox too, so the authority's oversight counts failed checks by
 * reason from its own records.
 */
export async function recordStop(tx: Database, deps: Pick<CentreDeps, 'clock'>, o: { handoverId: string; actor: string; reason: HandoverStopReason; checks?: Record<string, unknown> }): Promise<void> {
  const now = deps.clock.now();
  const [stopped] = await tx.update(handovers).set({ state: 'stopped', reason: o.reason, finishedAt: now, ...(o.checks ? { checks: o.checks } : {}) }).where(eq(handovers.id, o.handoverId)).returning({ stockId: handovers.stockId });
  const [card] = stopped ? await tx.select().from(stock).where(eq(stock.id, stopped.stockId)) : [];
  const event = centreEvent(now, { type: 'handover.stopped', subject: o.handoverId, actor: o.actor, data: { reason: o.reason, ...(card ? { centre: card.centre, reference: card.reference } : {}) } });
  if (card) await tx.insert(custodyReports).values({ centre: card.centre, reference: card.reference, documentNumber: card.documentNumber, event: 'handover_stopped', actor: o.actor, at: now, detail: { reason: o.reason, logEntry: logEntryText(event) } });
  await appendEvent(tx, event);
}

/** The operator stops the handover (the applicant refused to sign, left, the card is defective…). */
export async function stopHandover(deps: CentreDeps, staff: StaffPrincipal, handoverId: string, reason: HandoverStopReason): Promise<void> {
  await deps.db.transaction(async (tx) => {
    await handoverForStep(tx, deps, staff, handoverId, ['identify', 'check', 'receipt']);
    await recordStop(tx, deps, { handoverId, actor: staff.id, reason });
  });
}
