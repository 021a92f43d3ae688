// SPDX-License-Identifier: Apache-2.0
import { and, eq, isNull } from 'drizzle-orm';
import type { Database } from '../storage/database.ts';
import type { Clock } from '../time/clock.ts';
import { recordAuthEvent } from './record-auth-event.ts';
import { sessions } from './schema.ts';
import { sessionIdOf } from './start-session.ts';

/**
 * Ends the session with this token on the server (OWASP Session Management: logout must
 * invalidate the session server-side, not only clear the cookie) and records `staff.signed-out`.
 * Returns false when there was no active session.
 */
export async function signOut(db: Database, token: string, clock: Clock): Promise<boolean> {
  const now = clock.now();
  return db.transaction(async (tx) => {
    const [revoked] = await tx.update(sessions).set({ revokedAt: now })
      .where(and(eq(sessions.id, sessionIdOf(token)), isNull(sessions.revokedAt)))
      .returning({ staffId: sessions.staffId });
    if (!revoked) return false;
    await recordAuthEvent(tx, { type: 'signed-out', subject: revoked.staffId, actor: revoked.staffId, at: now });
    return true;
  });
}
