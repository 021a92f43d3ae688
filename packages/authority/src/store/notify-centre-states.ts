// SPDX-License-Identifier: Apache-2.0
import { and, eq, isNull, ne, or } from 'drizzle-orm';
import type { AuthorityDeps } from './authority-deps.ts';
import { partnerCentres } from './schema.ts';

/**
 * Tells each centre whose state changed since it was last told — suspended or reinstated — over
 * the exchange, outside any transaction; a centre is marked told only once it accepted the
 * notice (the same state and time), so a failed call is retried on the next run. The centre
 * ends its staff's sessions on a suspension (see the centre's `applySuspensionNotice`).
 */
export async function notifyCentreStates(deps: Pick<AuthorityDeps, 'db' | 'centreExchange'>): Promise<{ told: number; failed: number }> {
  if (!deps.centreExchange?.sendSuspension) return { told: 0, failed: 0 };
  const due = await deps.db.select().from(partnerCentres).where(or(isNull(partnerCentres.notifiedState), ne(partnerCentres.notifiedState, partnerCentres.state)));
  let told = 0;
  let failed = 0;
  for (const centre of due) {
    // A centre never suspended needs no notice.
    if (centre.notifiedState === null && centre.state === 'active') continue;
    try {
      await deps.centreExchange.sendSuspension(centre.exchangeClient, { state: centre.state, at: centre.changedAt.toISOString(), ...(centre.reason ? { reason: centre.reason } : {}) });
      await deps.db.update(partnerCentres).set({ notifiedState: centre.state })
        .where(and(eq(partnerCentres.location, centre.location), eq(partnerCentres.state, centre.state), eq(partnerCentres.changedAt, centre.changedAt)));
      told++;
    } catch {
      failed++;
    }
  }
  return { told, failed };
}
