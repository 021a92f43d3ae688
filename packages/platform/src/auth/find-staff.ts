// SPDX-License-Identifier: Apache-2.0
import { eq } from 'drizzle-orm';
import type { Database } from '../storage/database.ts';
import { staff } from './schema.ts';
import { toStaffAccount, type StaffAccount } from './staff-account.ts';
import { usernameMatches } from './username.ts';

/** The staff account with this username, compared without case; null when there is none. */
export async function findStaffByUsername(db: Database, username: string): Promise<StaffAccount | null> {
  const [row] = await db.select().from(staff).where(usernameMatches(username));
  return row ? toStaffAccount(row) : null;
}

/** The staff account with this id; null when there is none. */
export async function findStaffById(db: Database, id: string): Promise<StaffAccount | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
  const [row] = await db.select().from(staff).where(eq(staff.id, id));
  return row ? toStaffAccount(row) : null;
}
