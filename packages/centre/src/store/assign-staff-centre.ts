// SPDX-License-Identifier: Apache-2.0
import { createStaff, type Clock, type Database, type NewStaff, type StaffAccount } from '@tessera/platform';
import { recordCentreEvent } from './record-centre-event.ts';
import { staffCentres } from './schema.ts';

/**
 * Binds an existing staff account to the one centre whose work it sees, recording
 * `staff.assigned` in the centre's log in the caller's transaction.
 */
export async function assignStaffCentre(tx: Database, clock: Clock, o: { staffId: string; centre: string; actor: string }): Promise<void> {
  await tx.insert(staffCentres).values({ staffId: o.staffId, centre: o.centre, assignedAt: clock.now() });
  await recordCentreEvent(tx, clock, { type: 'staff.assigned', subject: o.staffId, actor: o.actor, data: { centre: o.centre } });
}

/**
 * Creates a centre staff account (see the platform's `createStaff` for its checks and errors)
 * bound to `centre`, both in one transaction.
 */
export async function createCentreStaff(
  db: Database, input: NewStaff & { centre: string }, clock: Clock, actor = 'system',
): Promise<StaffAccount & { centre: string }> {
  return db.transaction(async (tx) => {
    const account = await createStaff(tx, input, clock, actor);
    await assignStaffCentre(tx, clock, { staffId: account.id, centre: input.centre, actor });
    return { ...account, centre: input.centre };
  });
}
