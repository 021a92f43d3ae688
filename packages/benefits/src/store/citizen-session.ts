// SPDX-License-Identifier: Apache-2.0
import { and, eq, gt } from 'drizzle-orm';
import type { Clock, Database } from '@tessera/platform';
import { recordBenefitEvent } from './benefits-deps.ts';
import { citizenSessions } from './schema.ts';
import { tokenHashOf } from './start-citizen-session.ts';

/** The person a session token belongs to, or null when it is unknown, ended or expired. */
export async function resolveCitizenSession(deps: { db: Database; clock: Clock }, token: string): Promise<{ subject: string; name: string } | null> {
  const [row] = await deps.db.select({ subject: citizenSessions.subject, name: citizenSessions.name }).from(citizenSessions)
    .where(and(eq(citizenSessions.tokenHash, tokenHashOf(token)), gt(citizenSessions.expiresAt, deps.clock.now())));
  return row ?? null;
}

/** Signs the person out of the benefits service: the session is deleted, with its log event. */
export async function endCitizenSession(deps: { db: Database; clock: Clock }, token: string): Promise<boolean> {
  return deps.db.transaction(async (tx) => {
    const ended = await tx.delete(citizenSessions).where(eq(citizenSessions.tokenHash, tokenHashOf(token))).returning({ id: citizenSessions.id });
    for (const e of ended) await recordBenefitEvent(tx, deps.clock, { type: 'citizen-session.ended', subject: e.id, actor: 'person' });
    return ended.length > 0;
  });
}
