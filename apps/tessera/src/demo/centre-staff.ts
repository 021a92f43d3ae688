// SPDX-License-Identifier: Apache-2.0
import { assignStaffCentre, centreOfStaff, createCentreStaff } from '@tessera/centre';
import { findStaffByUsername, type Clock, type Storage } from '@tessera/platform';
import { DEMO_PASSWORD, demoPasswordHash } from './demo-world.ts';

/** Staff of the collection centres, accounts of the centre's own organisation (its own sign-in). */
export const DEMO_CENTRE_STAFF = [
  { username: 'vfs.seoul', displayName: 'Ji-woo Park', organisation: 'VFS Global', roles: ['operator'], centre: 'seoul-vfs', description: 'VFS Global operator, Seoul centre (centre sign-in)' },
  { username: 'vfs.seoul.lead', displayName: 'Seo-yeon Choi', organisation: 'VFS Global', roles: ['supervisor'], centre: 'seoul-vfs', description: 'VFS Global supervisor, Seoul centre (centre sign-in)' },
  { username: 'vfs.dubai', displayName: 'Aisha Rahman', organisation: 'VFS Global', roles: ['operator'], centre: 'dubai-vfs', description: 'VFS Global operator, Dubai centre (centre sign-in)' },
  { username: 'vfs.dubai.lead', displayName: 'Omar Haddad', organisation: 'VFS Global', roles: ['supervisor'], centre: 'dubai-vfs', description: 'VFS Global supervisor, Dubai centre (centre sign-in)' },
].map((s) => ({ ...s, password: DEMO_PASSWORD }));

/**
 * The centre's demo accounts, in the centre's own storage. That storage is another database than
 * the authority's, so it cannot share the demo world's transaction: the accounts are written in
 * one transaction of their own, only when missing, before the world (whose handovers they
 * perform), so a start killed before it finishes them completes them on the next. An account
 * kept from before centres recorded their own staff is bound to its centre instead of created
 * again. Only the accounts of live centres are made. Answers each live centre's accounts' ids.
 */
export async function loadCentreDemoStaff(storage: Storage, clock: Clock, live: readonly string[]): Promise<Record<string, string[]>> {
  const wanted = DEMO_CENTRE_STAFF.filter((s) => live.includes(s.centre));
  const kept = await Promise.all(wanted.map((s) => findStaffByUsername(storage.db, s.username)));
  const bound = await Promise.all(kept.map((account) => (account ? centreOfStaff(storage.db, account.id) : null)));
  const ids = kept.map((account) => account?.id);
  if (!bound.every((centre) => centre !== null)) {
    const passwordHash = await demoPasswordHash();
    await storage.db.transaction(async (tx) => {
      await Promise.all(wanted.map(async (s, i) => {
        const account = kept[i];
        if (!account) ids[i] = (await createCentreStaff(tx, { ...s, passwordHash }, clock)).id;
        else if (bound[i] === null) await assignStaffCentre(tx, clock, { staffId: account.id, centre: s.centre, actor: 'system' });
      }));
    });
  }
  const byCentre: Record<string, string[]> = {};
  for (const [i, s] of wanted.entries()) (byCentre[s.centre] ??= []).push(ids[i]!);
  return byCentre;
}
