// SPDX-License-Identifier: Apache-2.0
import { eq, inArray } from 'drizzle-orm';
import { endStaffSessions } from '@tessera/platform';
import type { CentreDeps } from './centre-deps.ts';
import { recordCentreEvent } from './record-centre-event.ts';
import { centreSuspensions, staffCentres } from './schema.ts';

/** The authority's word on a centre's state, as it sends it over the exchange. */
export interface SuspensionNotice {
  state: 'active' | 'suspended';
  /** When the authority changed the state; an older notice than the one applied changes nothing. */
  at: string;
  reason?: string;
}

/**
 * Applies the authority's suspension or reinstatement of one centre, in one transaction with a
 * log event: the centre's own record of the state (every staff request of that centre checks
 * it, see `staffCentre`) and, on suspension, the end of every open session of its staff at
 * once. A notice older than the state already applied, or repeating it, changes nothing.
 */
export async function applySuspensionNotice(deps: Pick<CentreDeps, 'db' | 'clock'>, centre: string, notice: SuspensionNotice): Promise<{ changed: boolean; sessionsEnded: number }> {
  const at = new Date(notice.at);
  return deps.db.transaction(async (tx) => {
    const [current] = await tx.select().from(centreSuspensions).where(eq(centreSuspensions.centre, centre)).for('update');
    if (current && (current.changedAt.getTime() > at.getTime() || (current.changedAt.getTime() === at.getTime() && current.state === notice.state))) return { changed: false, sessionsEnded: 0 };
    const row = { state: notice.state, changedAt: at, reason: notice.reason ?? null, receivedAt: deps.clock.now() };
    if (current) await tx.update(centreSuspensions).set(row).where(eq(centreSuspensions.centre, centre));
    else await tx.insert(centreSuspensions).values({ centre, ...row });
    let sessionsEnded = 0;
    if (notice.state === 'suspended') {
      const staff = await tx.select({ id: staffCentres.staffId }).from(staffCentres).where(eq(staffCentres.centre, centre));
      sessionsEnded = await endStaffSessions(tx, staff.map((s) => s.id), deps.clock.now());
    }
    await recordCentreEvent(tx, deps.clock, {
      type: notice.state === 'suspended' ? 'centre.suspended' : 'centre.reinstated', subject: centre, actor: 'authority',
      data: { at: notice.at, sessionsEnded, ...(notice.reason ? { reason: notice.reason } : {}) },
    });
    return { changed: true, sessionsEnded };
  });
}

/** Whether the authority has suspended the centre, by the last notice the centre applied. */
export async function isCentreSuspended(db: CentreDeps['db'], centre: string): Promise<boolean> {
  const [row] = await db.select({ state: centreSuspensions.state }).from(centreSuspensions).where(inArray(centreSuspensions.centre, [centre]));
  return row?.state === 'suspended';
}
