// SPDX-License-Identifier: Apache-2.0
import { eq } from 'drizzle-orm';
import type { Database } from '../storage/database.ts';
import type { Clock } from '../time/clock.ts';
import { StaffNotFound } from '../errors/platform-errors.ts';
import { recordAuthEvent } from './record-auth-event.ts';
import { staff } from './schema.ts';

/**
 * Removes a staff member's authenticator app (for a lost phone), so they sign in with the
 * password alone until they enrol a new one. An administrator's action, recorded as
 * `staff.totp-reset` in the same transaction. Throws `StaffNotFound` for an unknown id.
 */
export async function resetStaffTotp(db: Database, input: { staffId: string; actor: string }, clock: Clock): Promise<void> {
  const now = clock.now();
  await db.transaction(async (tx) => {
    const [row] = await tx.update(staff).set({ totpSecretEncrypted: null, totpLastStep: null })
      .where(eq(staff.id, input.staffId)).returning({ id: staff.id });
    if (!row) throw new StaffNotFound();
    await recordAuthEvent(tx, { type: 'totp-reset', subject: row.id, actor: input.actor, at: now });
  });
}
