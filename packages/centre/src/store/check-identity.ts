// SPDX-License-Identifier: Apache-2.0
import { eq } from 'drizzle-orm';
import type { StaffPrincipal } from '@tessera/platform';
import type { CentreDeps } from './centre-deps.ts';
import { handoverForStep } from './handover-context.ts';
import { recordCentreEvent } from './record-centre-event.ts';
import { recordStop } from './stop-handover.ts';
import { handovers, type HandoverRow } from './schema.ts';

/**
 * Step 2: the operator checked the passport against the authority's data and the person against
 * the photo, and captured a live sample, which the authority's matcher compares. Any failed
 * check stops the handover with its reason; passing them all leads to the receipt.
 */
export async function checkIdentity(deps: CentreDeps, staff: StaffPrincipal, handoverId: string, o: { passportMatches: boolean; faceMatches: boolean; sample: Uint8Array }): Promise<HandoverRow> {
  const ctx = await deps.db.transaction((tx) => handoverForStep(tx, deps, staff, handoverId, ['check']));
  const checks: Record<string, unknown> = { ...ctx.handover.checks, passportMatches: o.passportMatches, faceMatches: o.faceMatches };
  const stop = !o.passportMatches ? 'passport_mismatch' as const : !o.faceMatches ? 'face_mismatch' as const : null;
  if (!stop) {
    const result = await deps.authority.matchBiometric(ctx.centre.code, { reference: ctx.card.reference, operator: staff.id, sample: o.sample });
    checks.biometric = result;
  }
  return deps.db.transaction(async (tx) => {
    await handoverForStep(tx, deps, staff, handoverId, ['check']);
    const reason = stop ?? ((checks.biometric as { decision: string }).decision === 'match' ? null : 'biometric_no_match' as const);
    if (reason) await recordStop(tx, deps, { handoverId, actor: staff.id, reason, checks });
    else {
      await tx.update(handovers).set({ step: 'receipt', checks }).where(eq(handovers.id, handoverId));
      await recordCentreEvent(tx, deps.clock, { type: 'handover.checked', subject: handoverId, actor: staff.id, data: { biometric: checks.biometric } });
    }
    const [row] = await tx.select().from(handovers).where(eq(handovers.id, handoverId));
    return row!;
  });
}
