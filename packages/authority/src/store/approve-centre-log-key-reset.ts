// SPDX-License-Identifier: Apache-2.0
import { and, desc, eq } from 'drizzle-orm';
import { appendEvent, NotFound, type Clock, type Database } from '@tessera/platform';
import { CentreLogKeyResetFourEyes } from '../domain/authority-errors.ts';
import { centreLogKeyResets, centreTreeHeads, partnerCentres } from './schema.ts';

/**
 * A second overseer approves the proposed reset of a centre's lost log key (four eyes: the
 * proposer is refused with `ERR_CENTRE_LOG_KEY_RESET_FOUR_EYES` and nothing changes). In one
 * transaction with a `centre.log_key_reset_approved` event: the new key is pinned, the lost one
 * is no longer accepted at all (whoever holds it now may not be the centre), and a new run of
 * heads begins (`logEpoch`): the next head is taken as its first, since no consistency with the
 * heads before can be proven without the centre's old key and history. The break is kept for the
 * dashboard, with the last head accepted before it.
 */
export async function approveCentreLogKeyReset(deps: { db: Database; clock: Clock }, location: string, id: string, actor: string) {
  return deps.db.transaction(async (tx) => {
    const [centre] = await tx.select().from(partnerCentres).where(eq(partnerCentres.location, location)).for('update');
    if (!centre) throw new NotFound('No partner centre has this code.');
    const [reset] = await tx.select().from(centreLogKeyResets)
      .where(and(eq(centreLogKeyResets.id, id), eq(centreLogKeyResets.location, location), eq(centreLogKeyResets.state, 'proposed'))).for('update');
    if (!reset) throw new NotFound('No reset of this centre’s log key with this id waits for approval.');
    if (reset.proposedBy === actor) throw new CentreLogKeyResetFourEyes();
    const [last] = await tx.select().from(centreTreeHeads).where(and(eq(centreTreeHeads.location, location), eq(centreTreeHeads.epoch, centre.logEpoch)))
      .orderBy(desc(centreTreeHeads.size)).limit(1);
    const at = deps.clock.now();
    const epoch = centre.logEpoch + 1;
    await tx.update(partnerCentres).set({ logKey: reset.newKey, retiringLogKey: null, logEpoch: epoch }).where(eq(partnerCentres.location, location));
    await tx.update(centreLogKeyResets).set({ state: 'approved', approvedBy: actor, approvedAt: at, breakAfterSize: last?.size ?? null }).where(eq(centreLogKeyResets.id, id));
    await appendEvent(tx, {
      context: 'authority', type: 'centre.log_key_reset_approved', subject: location, actor, at,
      data: { id, from: centre.logKey, to: reset.newKey, reason: reset.reason, proposedBy: reset.proposedBy, epoch, breakAfter: last ? { size: last.size, rootHash: last.rootHash } : null },
    });
    return { id, location, key: reset.newKey, epoch, proposedBy: reset.proposedBy, approvedBy: actor, approvedAt: at };
  });
}
