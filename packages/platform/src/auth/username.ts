// SPDX-License-Identifier: Apache-2.0
import { sql, type SQL } from 'drizzle-orm';
import { staff } from './schema.ts';

/** Usernames: 3–64 letters, digits and `. _ @ -`, so e-mail addresses fit; compared without case. */
export const USERNAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._@-]{2,63}$';

/** The WHERE clause matching a username regardless of case (uses the unique lower() index). */
export function usernameMatches(username: string): SQL {
  return sql`lower(${staff.username}) = lower(${username.trim()})`;
}
