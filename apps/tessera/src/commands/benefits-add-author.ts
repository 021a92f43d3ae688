// SPDX-License-Identifier: Apache-2.0
import { createStaff, systemClock, type Clock, type Storage } from '@tessera/platform';
import { BENEFITS_PART_MIGRATIONS } from '../parts/benefits-part.ts';
import { openOwnStorage } from '../parts/own-storage.ts';
import { requirePartSettings } from '../parts/part-settings.ts';
import { readServeConfig } from '../parts/serve-config.ts';

export interface AddAuthorInput {
  username: string | undefined;
  displayName: string | undefined;
  organisation: string | undefined;
  /** Read from standard input, never from the command line (where `ps` and shell history would show it). */
  password: string;
}

/**
 * `tessera benefits add-author <username> --name <display name> --organisation <org>`: creates a
 * policy author (role `policy_author` only: programmes, tests and previews, no one's personal
 * data) in the benefits service's own database (TESSERA_BENEFITS_DATABASE_URL), with its
 * `staff.created` event in the service's log. They sign in on the service's port and land on
 * the policy console. Exit code 1 on a bad name or password, a taken username or a missing setting.
 */
export async function benefitsAddAuthorCommand(
  env: Record<string, string | undefined>, input: AddAuthorInput, out: NodeJS.WritableStream,
  o: { open?: (url: string) => Promise<Storage>; clock?: Clock } = {},
): Promise<number> {
  const url = readServeConfig(env).values.benefitsDatabaseUrl;
  requirePartSettings('benefits', { required: [['TESSERA_BENEFITS_DATABASE_URL', url]], ownDatabase: ['TESSERA_BENEFITS_DATABASE_URL', url], authorityDatabaseUrl: env.DATABASE_URL });
  const storage = await (o.open ?? ((u) => openOwnStorage(u, 'benefits', BENEFITS_PART_MIGRATIONS)))(url);
  try {
    const author = await createStaff(storage.db, {
      username: input.username ?? '', displayName: input.displayName ?? '', organisation: input.organisation ?? '', roles: ['policy_author'], password: input.password,
    }, o.clock ?? systemClock, 'cli');
    out.write(`Policy author ${author.username} created in the benefits service's database; they sign in at /auth/sign-in on its port and land on /benefits/console.\n`);
    return 0;
  } finally {
    await storage.close();
  }
}
