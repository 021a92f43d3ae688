// SPDX-License-Identifier: Apache-2.0
import { and, inArray, isNull } from 'drizzle-orm';
import type { Database } from '../storage/database.ts';
import { sessions } from './schema.ts';

/**
 * Ends every open session of these staff accounts at once, inside the caller's transaction (the
 * caller logs why: a suspended organisation, a disabled account). Returns how many ended.
 */
export async function endStaffSessions(tx: Database, staffIds: readonly string[], now: Date): Promise<number> {
  if (staffIds.length === 0) return 0;
  const ended = await tx.update(sessions).set({ revokedAt: now }).where(and(inArray(sessions.staffId, [...staffIds]), isNull(sessions.revokedAt))).returning({ id: sessions.id });
  return ended.length;
}
