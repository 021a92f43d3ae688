// SPDX-License-Identifier: Apache-2.0
import { eq } from 'drizzle-orm';
import { appendEvent, canonicalJson, NotFound, verifyLogKeyRotation, type Clock, type Database, type LogKeyRotation } from '@tessera/platform';
import { CentreLogKeyRotationRefused } from '../domain/authority-errors.ts';
import { partnerCentres } from './schema.ts';

/**
 * The overseer approves a centre's new transparency-log key. Only a rotation statement signed by
 * the key pinned for the centre (and by the new key) is taken: anything else is refused and
 * nothing changes. The new key is pinned at once, with a `centre.log_key_rotated` event naming
 * both keys and the approving overseer; the old one stays accepted only until the first head
 * signed with the new key is (the centre switches when it has the approval), so the log's
 * consistency is checked across the rotation like any other head.
 */
export async function rotateCentreLogKey(deps: { db: Database; clock: Clock }, location: string, statement: LogKeyRotation, actor: string): Promise<{ key: Record<string, unknown> }> {
  return deps.db.transaction(async (tx) => {
    const [centre] = await tx.select().from(partnerCentres).where(eq(partnerCentres.location, location)).for('update');
    if (!centre) throw new NotFound('No partner centre has this code.');
    if (!centre.logKey) throw new CentreLogKeyRotationRefused('No key is pinned for this centre: it is pinned at registration, not rotated.');
    const key = await verifyLogKeyRotation(statement, location, centre.logKey);
    if (!key) throw new CentreLogKeyRotationRefused('The statement is not signed by this centre’s pinned log key and by the new key, for this centre.');
    await tx.update(partnerCentres).set({ logKey: { ...key }, retiringLogKey: centre.logKey }).where(eq(partnerCentres.location, location));
    await appendEvent(tx, {
      context: 'authority', type: 'centre.log_key_rotated', subject: location, actor, at: deps.clock.now(),
      data: { from: centre.logKey, to: key, statement: canonicalJson(statement) },
    });
    return { key: { ...key } };
  });
}
