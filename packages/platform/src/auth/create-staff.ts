// SPDX-License-Identifier: Apache-2.0
import { expectRow } from '../storage/expect-row.ts';
import { ValidationFailed, type ValidationIssue } from '../errors/tessera-error.ts';
import { isUniqueViolation, type Database } from '../storage/database.ts';
import type { Clock } from '../time/clock.ts';
import { StaffExists } from '../errors/platform-errors.ts';
import { hashPassword } from './password-hash.ts';
import { checkPasswordPolicy } from './password-policy.ts';
import { recordAuthEvent } from './record-auth-event.ts';
import { staff } from './schema.ts';
import { toStaffAccount, type StaffAccount } from './staff-account.ts';
import { USERNAME_PATTERN } from './username.ts';

export interface NewStaff {
  username: string;
  displayName: string;
  /** e.g. 'PBGB', 'VFS Global'. */
  organisation: string;
  /** Role names of the composition root's roles table; unknown names grant nothing. */
  roles: readonly string[];
  password: string;
  /**
   * `password` already hashed (`hashPassword`), for accounts made together with one known
   * password — the demo world's — so they share one scrypt run instead of ~100 ms of CPU each.
   */
  passwordHash?: string;
}

/**
 * Creates a staff account with a scrypt-hashed password and records `staff.created` in the
 * transparency log in the same transaction. Throws `ValidationFailed` for a bad username,
 * display name or password (see `checkPasswordPolicy`) and `StaffExists` when the username is
 * taken, in any letter case.
 */
export async function createStaff(db: Database, input: NewStaff, clock: Clock, actor = 'system'): Promise<StaffAccount> {
  const username = input.username.trim();
  const issues: ValidationIssue[] = [];
  if (!new RegExp(USERNAME_PATTERN).test(username)) {
    issues.push({ code: 'pattern', path: 'username', message: 'Use 3–64 letters, digits or . _ @ -, starting with a letter or digit.' });
  }
  if (input.displayName.trim().length === 0 || input.displayName.length > 200) {
    issues.push({ code: 'length', path: 'displayName', message: 'Give a display name of at most 200 characters.' });
  }
  if (input.organisation.trim().length === 0 || input.organisation.length > 200) {
    issues.push({ code: 'length', path: 'organisation', message: 'Give an organisation of at most 200 characters.' });
  }
  issues.push(...checkPasswordPolicy(input.password, username));
  if (issues.length > 0) throw new ValidationFailed(issues);

  const passwordHash = input.passwordHash ?? (await hashPassword(input.password));
  const now = clock.now();
  try {
    return await db.transaction(async (tx) => {
      const row = expectRow(await tx.insert(staff).values({
        username,
        displayName: input.displayName.trim(),
        organisation: input.organisation.trim(),
        roles: [...input.roles],
        passwordHash,
        createdAt: now,
      }).returning());
      await recordAuthEvent(tx, {
        type: 'created',
        subject: row.id,
        actor,
        at: now,
        data: { organisation: row.organisation, roles: row.roles },
      });
      return toStaffAccount(row);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new StaffExists();
    throw error;
  }
}
