// SPDX-License-Identifier: Apache-2.0
import { eq } from 'drizzle-orm';
import type { Database } from '../storage/database.ts';
import type { AuthDeps } from './auth-deps.ts';
import { accountRefusal, recordFailedAttempt } from './record-failed-attempt.ts';
import { recordAuthEvent } from './record-auth-event.ts';
import { staff } from './schema.ts';
import { deriveKey, open } from './secret-box.ts';
import { startSession, type NewSession } from './start-session.ts';
import { verifyTotp } from './totp.ts';

export type SecondFactorSignIn = { outcome: 'signed-in'; session: NewSession } | { outcome: 'failed' };

/**
 * The second step of staff sign-in (RFC 6238 TOTP), after the password step said
 * `second-factor`. Rules:
 * - the account must still be enabled and not locked;
 * - a wrong code counts towards the same lockout as a wrong password;
 * - a code is accepted once: its time step must be later than the last accepted one (RFC 6238 §5.2);
 * - only now is the session created, with the `staff.signed-in` event, in one transaction.
 */
export async function signInWithTotp(db: Database, deps: AuthDeps, input: { staffId: string; code: string; ip?: string }): Promise<SecondFactorSignIn> {
  return db.transaction(async (tx): Promise<SecondFactorSignIn> => {
    const [row] = await tx.select().from(staff).where(eq(staff.id, input.staffId)).for('update');
    if (!row || row.totpSecretEncrypted === null) return { outcome: 'failed' };
    const now = deps.clock.now();
    const refusal = accountRefusal(row, now);
    if (refusal) {
      await recordFailedAttempt(tx, deps, row, refusal);
      return { outcome: 'failed' };
    }
    const secret = open(deriveKey(deps.secretKey, 'totp-secret'), row.totpSecretEncrypted, row.id);
    const step = verifyTotp({ secret, code: input.code, at: now, lastStep: row.totpLastStep });
    if (step === null) {
      await recordFailedAttempt(tx, deps, row, 'second-factor');
      return { outcome: 'failed' };
    }
    await tx.update(staff).set({ totpLastStep: step, failedAttempts: 0, lockedUntil: null }).where(eq(staff.id, row.id));
    const session = await startSession(tx, deps, row.id, input.ip);
    await recordAuthEvent(tx, { type: 'signed-in', subject: row.id, actor: row.id, at: now, data: { secondFactor: 'totp' } });
    return { outcome: 'signed-in', session };
  });
}
