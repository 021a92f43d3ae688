// SPDX-License-Identifier: Apache-2.0
import { assignStaffCentre, centreOfStaff, createCentreStaff } from '@tessera/centre';
import { findStaffByUsername, type Clock, type Storage } from '@tessera/platform';
import { DEMO_PASSWORD } from './demo-world.ts';

/** Staff of the collection centres, accounts of the centre's own organisation (its own sign-in). */
export const DEMO_CENTRE_STAFF = [
  { username: 'vfs.seoul', displayName: 'Ji-woo Park', organisation: 'VFS Global', roles: ['operator'], centre: 'seoul-vfs', description: 'VFS Global operator, Seoul centre (centre sign-in)' },
  { username: 'vfs.seoul.lead', displayName: 'Seo-yeon Choi', organisation: 'VFS Global', roles: ['supervisor'], centre: 'seoul-vfs', description: 'VFS Global supervisor, Seoul centre (centre sign-in)' },
].map((s) => ({ ...s, password: DEMO_PASSWORD }));

/**
 * The centre's demo accounts, in the centre's own storage. That storage is another database than
 * the authority's, so it cannot share the demo world's transaction: the accounts are written in
 * one transaction of their own, only when missing, so a start killed before it finishes them
 * completes them on the next. An account kept from before centres recorded their own staff is
 * bound to its centre instead of created again.
 */
export async function loadCentreDemoStaff(storage: Storage, clock: Clock): Promise<number> {
  const kept = await Promise.all(DEMO_CENTRE_STAFF.map((s) => findStaffByUsername(storage.db, s.username)));
  const bound = await Promise.all(kept.map((account) => (account ? centreOfStaff(storage.db, account.id) : null)));
  if (bound.every((centre) => centre !== null)) return 0;
  await storage.db.transaction(async (tx) => {
    // The passwords are hashed on the thread pool side by side.
    await Promise.all(DEMO_CENTRE_STAFF.map((s, i) => {
      const account = kept[i];
      if (!account) return createCentreStaff(tx, s, clock);
      return bound[i] === null ? assignStaffCentre(tx, clock, { staffId: account.id, centre: s.centre, actor: 'system' }) : undefined;
    }));
  });
  return DEMO_CENTRE_STAFF.length;
}
