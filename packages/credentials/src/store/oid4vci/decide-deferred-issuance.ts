// SPDX-License-Identifier: Apache-2.0
import { and, eq } from 'drizzle-orm';
import { appendEvent, Conflict, NotFound, type Clock, type Database } from '@tessera/platform';
import { deferredIssuances } from '../schema.ts';

/**
 * The owning agency's decision on a deferred request: approve (the wallet's next poll gets the
 * credentials) or reject (it gets credential_request_denied). Only a pending request can be
 * decided, once; the decision and its log event commit together.
 */
export async function decideDeferredIssuance(deps: { db: Database; clock: Clock }, id: string, decision: 'approve' | 'reject', actor: string): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const [row] = await tx.select({ state: deferredIssuances.state, typeId: deferredIssuances.typeId }).from(deferredIssuances).where(eq(deferredIssuances.id, id)).for('update');
    if (!row) throw new NotFound('No deferred credential request has this id.');
    if (row.state !== 'pending') throw new Conflict(`The deferred credential request was already decided (${row.state}).`);
    await tx.update(deferredIssuances).set({ state: decision === 'approve' ? 'approved' : 'rejected', decidedAt: now, decidedBy: actor })
      .where(and(eq(deferredIssuances.id, id), eq(deferredIssuances.state, 'pending')));
    await appendEvent(tx, { context: 'credentials', type: decision === 'approve' ? 'credentials.deferred_approved' : 'credentials.deferred_rejected', subject: id, actor, at: now, data: { type: row.typeId } });
  });
}
