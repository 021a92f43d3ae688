// SPDX-License-Identifier: Apache-2.0
import { eq } from 'drizzle-orm';
import { appendEvent, type StaffPrincipal } from '@tessera/platform';
import type { CentreDeps } from './centre-deps.ts';
import { handoverForStep } from './handover-context.ts';
import { handoverRows } from './handover-rows.ts';
import { recordStop } from './stop-handover.ts';
import { handovers, type HandoverRow } from './schema.ts';

/**
 * Step 2: the operator checked the passport against the authority's data and the person against
 * the photo, and captured a live sample, which the authority's matcher compares. Any failed
 * check stops the handover with its reason; passing them all leads to the receipt.
 */
export async function checkIdentity(deps: CentreDeps, staff: StaffPrincipal, handoverId: string, o: { passportMatches: boolean; faceMatches: boolean; sample: Uint8Array }): Promise<HandoverRow> {
  const ctx = await deps.db.transaction((tx) => handoverForStep(tx, deps, staff, handoverId, ['check']));
  const stop = !o.passportMatches ? 'passport_mismatch' as const : !o.faceMatches ? 'face_mismatch' as const : null;
  const biometric = stop ? undefined : await deps.authority.matchBiometric(ctx.centre.code, { reference: ctx.card.reference, operator: staff.id, sample: o.sample });
  return deps.db.transaction(async (tx) => {
    await handoverForStep(tx, deps, staff, handoverId, ['check']);
    const rows = handoverRows.checked(handoverId, staff.id, ctx.handover.checks, { passportMatches: o.passportMatches, faceMatches: o.faceMatches, ...(biometric ? { biometric } : {}) }, deps.clock.now());
    const reason = stop ?? (biometric!.decision === 'match' ? null : 'biometric_no_match' as const);
    if (reason) await recordStop(tx, deps, { handoverId, actor: staff.id, reason, checks: rows.checks });
    else {
      await tx.update(handovers).set({ step: 'receipt', checks: rows.checks }).where(eq(handovers.id, handoverId));
      await appendEvent(tx, rows.event);
    }
    const [row] = await tx.select().from(handovers).where(eq(handovers.id, handoverId));
    return row!;
  });
}
