// SPDX-License-Identifier: Apache-2.0
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Database } from '../storage/database.ts';
import type { AuthDeps } from './auth-deps.ts';
import { sessions, staff, type StaffRow } from './schema.ts';
import { sessionIdOf } from './start-session.ts';

/**
 * The staff member a session token belongs to, or null when the session is unknown, revoked,
 * past its absolute expiry, idle for longer than the idle timeout, or its account is disabled.
 * Every expiry decision uses the injected clock. Marks the session as used (at most once per
 * `touchIntervalMs`).
 */
export async function resolveSession(db: Database, deps: AuthDeps, token: string): Promise<StaffRow | null> {
  const now = deps.clock.now();
  const id = sessionIdOf(token);
  const [found] = await db.select({ session: sessions, staff }).from(sessions)
    .innerJoin(staff, eq(staff.id, sessions.staffId))
    .where(and(eq(sessions.id, id), isNull(sessions.revokedAt), gt(sessions.expiresAt, now), isNull(staff.disabledAt)));
  if (!found) return null;
  const idleFor = now.getTime() - found.session.lastSeenAt.getTime();
  if (idleFor >= deps.policy.idleTimeoutMs) return null;
  if (idleFor >= deps.policy.touchIntervalMs) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, id));
  }
  return found.staff;
}
