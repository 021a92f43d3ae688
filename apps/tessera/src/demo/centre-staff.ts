// SPDX-License-Identifier: Apache-2.0
import { createStaff, findStaffByUsername, type Clock, type Storage } from '@tessera/platform';
import { DEMO_PASSWORD } from './demo-world.ts';

/** Staff of the collection centres, accounts of the centre's own organisation (its own sign-in). */
export const DEMO_CENTRE_STAFF = [
  { username: 'vfs.seoul', displayName: 'Ji-woo Park', organisation: 'VFS Global', roles: ['operator'], centreId: 'seoul-vfs', description: 'VFS Global operator, Seoul centre (centre sign-in)' },
  { username: 'vfs.seoul.lead', displayName: 'Seo-yeon Choi', organisation: 'VFS Global', roles: ['supervisor'], centreId: 'seoul-vfs', description: 'VFS Global supervisor, Seoul centre (centre sign-in)' },
].map((s) => ({ ...s, password: DEMO_PASSWORD }));

/**
 * The centre's demo accounts, in the centre's own storage. That storage is another database than
 * the authority's, so it cannot share the demo world's transaction: the accounts are written in
 * one transaction of their own, only when missing, so a start killed before it finishes them
 * completes them on the next.
 */
export async function loadCentreDemoStaff(storage: Storage, clock: Clock): Promise<number> {
  if (await findStaffByUsername(storage.db, DEMO_CENTRE_STAFF[0]!.username)) return 0;
  await storage.db.transaction(async (tx) => {
    // The passwords are hashed on the thread pool side by side.
    await Promise.all(DEMO_CENTRE_STAFF.map((s) => createStaff(tx, s, clock)));
  });
  return DEMO_CENTRE_STAFF.length;
}
