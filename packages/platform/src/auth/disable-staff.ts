// SPDX-License-Identifier: Apache-2.0
import { and, eq, isNull } from 'drizzle-orm';
import type { Database } from '../storage/database.ts';
import type { Clock } from '../time/clock.ts';
import { StaffNotFound } from '../errors/platform-errors.ts';
import { recordAuthEvent } from './record-auth-event.ts';
import { sessions, staff } from './schema.ts';

/**
 * Disables a staff account: it can no longer sign in and every open session of it ends at once.
 * Records `staff.disabled` in the same transaction. Disabling a disabled account changes nothing.
 * Throws `StaffNotFound` for an unknown id.
 */
export async function disableStaff(db: Database, input: { staffId: string; actor: string }, clock: Clock): Promise<void> {
  const now = clock.now();
  await db.transaction(async (tx) => {
    const [row] = await tx.select({ id: staff.id, disabledAt: staff.disabledAt }).from(staff).where(eq(staff.id, input.staffId)).for('update');
    if (!row) throw new StaffNotFound();
    if (row.disabledAt !== null) return;
    await tx.update(staff).set({ disabledAt: now }).where(eq(staff.id, row.id));
    await tx.update(sessions).set({ revokedAt: now }).where(and(eq(sessions.staffId, row.id), isNull(sessions.revokedAt)));
    await recordAuthEvent(tx, { type: 'disabled', subject: row.id, actor: input.actor, at: now });
  });
}
