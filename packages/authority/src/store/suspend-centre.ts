// SPDX-License-Identifier: Apache-2.0
import { eq } from 'drizzle-orm';
import { appendEvent, NotFound } from '@tessera/platform';
import type { AuthorityDeps } from './authority-deps.ts';
import { notifyCentreStates } from './notify-centre-states.ts';
import { partnerCentres } from './schema.ts';

/**
 * Suspends a partner centre, or lifts its suspension. Every one of the authority's centre
 * services reads the centre's state on each call, so from the commit on its subsystems' calls
 * are refused (`ERR_CENTRE_SUSPENDED`): its operators can identify, match or hand over no one,
 * its reports are refused, and no shipment is sent to it. After the commit its access rights at
 * the exchange registry are withdrawn (restored on reinstatement) and the centre is told over the
 * exchange, which ends its staff's sessions at once; either, if it fails now, is completed by the
 * composition root's jobs. Setting the state it already has changes nothing and logs nothing.
 */
export async function setCentreState(
  deps: Pick<AuthorityDeps, 'db' | 'clock' | 'centreAccess' | 'centreExchange'>, location: string, change: { state: 'active' | 'suspended'; actor: string; reason?: string },
): Promise<{ location: string; state: 'active' | 'suspended'; changed: boolean; exchangeAccess?: 'withdrawn' | 'restored' | 'pending' | 'not_wired'; centreTold?: boolean }> {
  const result = await deps.db.transaction(async (tx) => {
    const [centre] = await tx.select().from(partnerCentres).where(eq(partnerCentres.location, location)).for('update');
    if (!centre) throw new NotFound('No partner centre has this code.');
    if (centre.state === change.state) return { location, state: change.state, changed: false as const };
    const at = deps.clock.now();
    await tx.update(partnerCentres).set({ state: change.state, changedAt: at, reason: change.reason ?? null }).where(eq(partnerCentres.location, location));
    await appendEvent(tx, {
      context: 'authority', type: change.state === 'suspended' ? 'centre.suspended' : 'centre.reinstated', subject: location, actor: change.actor, at,
      data: { exchangeClient: centre.exchangeClient, ...(change.reason ? { reason: change.reason } : {}) },
    });
    return { location, state: change.state, changed: true as const, exchangeClient: centre.exchangeClient };
  });
  if (!result.changed) return result;
  // After the commit, never inside it: the registry and the centre are other organisations' systems.
  // Both are repeated by the composition root's jobs until they succeed.
  let exchangeAccess: 'withdrawn' | 'restored' | 'pending' | 'not_wired' = 'not_wired';
  if (deps.centreAccess) {
    exchangeAccess = await deps.centreAccess(result.exchangeClient, change.state === 'active').then(() => (change.state === 'active' ? 'restored' as const : 'withdrawn' as const), () => 'pending' as const);
  }
  const told = await notifyCentreStates(deps).catch(() => ({ told: 0, failed: 1 }));
  return { location, state: change.state, changed: true, exchangeAccess, centreTold: told.told > 0 && told.failed === 0 };
}
