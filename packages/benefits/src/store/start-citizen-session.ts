// SPDX-License-Identifier: Apache-2.0
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { lt } from 'drizzle-orm';
import type { Clock, Database } from '@tessera/platform';
import { CitizenAssertionReplayed } from '../benefits-errors.ts';
import { recordBenefitEvent } from './benefits-deps.ts';
import { citizenSessions, redeemedAssertions } from './schema.ts';

/** How long a session on the benefits service lasts (as the portal's own citizen session). */
export const CITIZEN_SESSION_TTL_MS = 15 * 60_000;

export const tokenHashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Starts the person's session from a checked portal assertion, in one transaction with its log
 * event: the assertion's `jti` is redeemed first, so a replayed assertion starts nothing.
 * Answers the token for the browser; the database keeps only its hash.
 */
export async function startCitizenSession(deps: { db: Database; clock: Clock }, o: { jti: string; assertionExpiresAt: Date; subject: string; name: string }): Promise<{ token: string; expiresAt: Date }> {
  const now = deps.clock.now();
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + CITIZEN_SESSION_TTL_MS);
  await deps.db.transaction(async (tx) => {
    await tx.delete(redeemedAssertions).where(lt(redeemedAssertions.expiresAt, now));
    const redeemed = await tx.insert(redeemedAssertions).values({ jti: o.jti, expiresAt: o.assertionExpiresAt }).onConflictDoNothing().returning({ jti: redeemedAssertions.jti });
    if (redeemed.length === 0) throw new CitizenAssertionReplayed('This sign-in was already used. Sign in again.');
    await tx.delete(citizenSessions).where(lt(citizenSessions.expiresAt, now));
    const id = randomUUID();
    await tx.insert(citizenSessions).values({ id, tokenHash: tokenHashOf(token), subject: o.subject, name: o.name, createdAt: now, expiresAt });
    // The public log names the session, never the person.
    await recordBenefitEvent(tx, deps.clock, { type: 'citizen-session.started', subject: id, actor: 'person' });
  });
  return { token, expiresAt };
}
