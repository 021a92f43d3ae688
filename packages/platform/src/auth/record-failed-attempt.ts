// SPDX-License-Identifier: Apache-2.0
import { eq } from 'drizzle-orm';
import type { Database } from '../storage/database.ts';
import type { AuthDeps } from './auth-deps.ts';
import { recordAuthEvent } from './record-auth-event.ts';
import { staff, type StaffRow } from './schema.ts';

/** Why a sign-in attempt on an existing account failed; goes into the transparency log. */
export type FailureReason = 'password' | 'second-factor' | 'locked' | 'disabled';

/**
 * Records a failed attempt on an account, inside the caller's transaction on a row it has
 * locked. Wrong passwords and codes count towards the lockout; attempts on an account that is
 * already locked or disabled are recorded but do not extend the lockout (or an attacker could
 * keep a real user out indefinitely with one request every quarter hour).
 */
export async function recordFailedAttempt(tx: Database, deps: AuthDeps, row: StaffRow, reason: FailureReason): Promise<void> {
  const now = deps.clock.now();
  await recordAuthEvent(tx, { type: 'sign-in-failed', subject: row.id, actor: 'anonymous', at: now, data: { reason } });
  if (reason === 'locked' || reason === 'disabled') return;
  const attempts = row.failedAttempts + 1;
  if (attempts < deps.policy.maxFailedAttempts) {
    await tx.update(staff).set({ failedAttempts: attempts }).where(eq(staff.id, row.id));
    return;
  }
  const until = new Date(now.getTime() + deps.policy.lockoutMs);
  await tx.update(staff).set({ failedAttempts: 0, lockedUntil: until }).where(eq(staff.id, row.id));
  await recordAuthEvent(tx, { type: 'locked-out', subject: row.id, actor: 'anonymous', at: now, data: { attempts, until: until.toISOString() } });
}

/** True while a lockout lasts, by the injected clock. */
export function isLocked(row: StaffRow, now: Date): boolean {
  return row.lockedUntil !== null && row.lockedUntil.getTime() > now.getTime();
}

/** Why the account takes no sign-in at all right now (checked before any password or code), if it does not. */
export function accountRefusal(row: StaffRow, now: Date): 'disabled' | 'locked' | undefined {
  if (row.disabledAt !== null) return 'disabled';
  return isLocked(row, now) ? 'locked' : undefined;
}
