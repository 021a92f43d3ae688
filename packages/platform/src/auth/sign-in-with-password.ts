// SPDX-License-Identifier: Apache-2.0
import { eq } from 'drizzle-orm';
import type { Database } from '../storage/database.ts';
import type { AuthDeps } from './auth-deps.ts';
import { burnPasswordVerification, hashPassword, passwordNeedsRehash, verifyPassword } from './password-hash.ts';
import { accountRefusal, recordFailedAttempt } from './record-failed-attempt.ts';
import { recordAuthEvent } from './record-auth-event.ts';
import { staff } from './schema.ts';
import { startSession, type NewSession } from './start-session.ts';
import { usernameMatches } from './username.ts';

/** The outcome of the password step. `failed` carries no reason, on purpose. */
export type PasswordSignIn =
  | { outcome: 'signed-in'; staffId: string; session: NewSession }
  | { outcome: 'second-factor'; staffId: string }
  | { outcome: 'failed' };

/**
 * The password step of staff sign-in. Rules:
 * - unknown username, wrong password, locked and disabled accounts all give `failed`, and all
 *   cost one scrypt verification, so neither the answer nor its timing tells them apart;
 * - failures on an existing account are counted and recorded in the transparency log; after
 *   `maxFailedAttempts` in a row the account is locked for `lockoutMs`, even for the right password;
 * - a success resets the count — unless a second factor is enrolled, in which case the count is
 *   reset only after the code, so knowing the password does not buy unlimited code guesses;
 * - a hash made with old scrypt parameters is replaced while the password is at hand;
 * - the session (a new token, never a reused one) is created in the same transaction as the
 *   `staff.signed-in` event;
 * - the password is verified before the transaction: no row lock or connection waits on scrypt.
 * Failures against unknown usernames are not logged in the transparency log: there is no
 * account to attribute them to, and the public log must not fill with attackers' guesses.
 */
export async function signInWithPassword(db: Database, deps: AuthDeps, input: { username: string; password: string; ip?: string }): Promise<PasswordSignIn> {
  // scrypt first, with no transaction, lock or pooled connection held: its ~100 ms of CPU must
  // not keep a row locked and a connection taken while other requests wait for one.
  const [found] = await db.select().from(staff).where(usernameMatches(input.username));
  if (!found) {
    await burnPasswordVerification(input.password);
    return { outcome: 'failed' };
  }
  const matches = await verifyPassword(found.passwordHash, input.password);
  const rehashed = matches && passwordNeedsRehash(found.passwordHash) ? await hashPassword(input.password) : found.passwordHash;
  return db.transaction(async (tx): Promise<PasswordSignIn> => {
    // Then lock and decide on the row as it is now (counts, lockout, disabling may have moved on).
    const [row] = await tx.select().from(staff).where(eq(staff.id, found.id)).for('update');
    if (!row) return { outcome: 'failed' };
    const now = deps.clock.now();
    const refusal = accountRefusal(row, now);
    if (refusal) {
      await recordFailedAttempt(tx, deps, row, refusal);
      return { outcome: 'failed' };
    }
    // A password changed while we verified: the verification was of the old one.
    if (!matches || row.passwordHash !== found.passwordHash) {
      await recordFailedAttempt(tx, deps, row, 'password');
      return { outcome: 'failed' };
    }
    const passwordHash = rehashed;
    if (row.totpSecretEncrypted !== null) {
      if (passwordHash !== row.passwordHash) await tx.update(staff).set({ passwordHash }).where(eq(staff.id, row.id));
      return { outcome: 'second-factor', staffId: row.id };
    }
    await tx.update(staff).set({ passwordHash, failedAttempts: 0, lockedUntil: null }).where(eq(staff.id, row.id));
    const session = await startSession(tx, deps, row.id, input.ip);
    await recordAuthEvent(tx, { type: 'signed-in', subject: row.id, actor: row.id, at: now, data: { secondFactor: 'none' } });
    return { outcome: 'signed-in', staffId: row.id, session };
  });
}
