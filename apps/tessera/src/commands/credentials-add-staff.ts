// SPDX-License-Identifier: Apache-2.0
import { CREDENTIALS_ROLES } from '@tessera/credentials';
import { createStaff, systemClock, ValidationFailed, type Clock, type Storage } from '@tessera/platform';
import { readConfig } from '../config.ts';
import { CREDENTIALS_PART_MIGRATIONS } from '../parts/credentials-part.ts';
import { openOwnStorage } from '../parts/own-storage.ts';
import { requirePartSettings } from '../parts/part-settings.ts';

export interface AddCredentialsStaffInput {
  username: string | undefined;
  role: string | undefined;
  displayName: string | undefined;
  organisation: string | undefined;
  /** Read from standard input, never from the command line (where `ps` and shell history would show it). */
  password: string;
}

const ROLES = Object.keys(CREDENTIALS_ROLES) as Array<keyof typeof CREDENTIALS_ROLES>;
const isRole = (role: string | undefined): role is keyof typeof CREDENTIALS_ROLES => ROLES.includes(role as keyof typeof CREDENTIALS_ROLES);
const HOMES: Record<keyof typeof CREDENTIALS_ROLES, string> = { issuer_admin: '/issuer/admin/types', issuing_desk: '/issuer/desk/offers/new' };

/**
 * `tessera credentials add-staff <username> --role <issuer_admin|issuing_desk> --name <display name>
 * --organisation <org>`: creates a staff member of the credentials part, with that one role, in
 * the part's own database (TESSERA_CREDENTIALS_DATABASE_URL, never the authority's), with its
 * `staff.created` event in the part's log (actor `cli`). They sign in on the part's host. Exit
 * code 1 on an unknown role, a bad name or password, a taken username or a missing setting.
 */
export async function credentialsAddStaffCommand(
  env: Record<string, string | undefined>, input: AddCredentialsStaffInput, out: NodeJS.WritableStream,
  o: { open?: (url: string) => Promise<Storage>; clock?: Clock } = {},
): Promise<number> {
  const url = readConfig(env, []).values.credentialsDatabaseUrl;
  requirePartSettings('credentials', { required: [['TESSERA_CREDENTIALS_DATABASE_URL', url]], ownDatabase: ['TESSERA_CREDENTIALS_DATABASE_URL', url], authorityDatabaseUrl: env.DATABASE_URL });
  const role = input.role;
  // Before the database is opened: a mistyped role must not cost a migration run, nor create anyone.
  if (!isRole(role)) {
    const issue = { code: role ? 'unknown_role' : 'required', path: 'role', message: `${role ? `${role} is not a role of the credentials part` : 'Give the staff member’s role with --role'}: choose one of ${ROLES.join(', ')}.` };
    throw new ValidationFailed([issue], issue.message);
  }
  const storage = await (o.open ?? ((u) => openOwnStorage(u, 'credentials', CREDENTIALS_PART_MIGRATIONS)))(url);
  try {
    const member = await createStaff(storage.db, {
      username: input.username ?? '', displayName: input.displayName ?? '', organisation: input.organisation ?? '', roles: [role], password: input.password,
    }, o.clock ?? systemClock, 'cli');
    out.write(`Staff member ${member.username} (${role}) created in the credentials part's database; they sign in at /auth/sign-in on its host and land on ${HOMES[role]}.\n`);
    return 0;
  } finally {
    await storage.close();
  }
}
