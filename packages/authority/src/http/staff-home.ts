// SPDX-License-Identifier: Apache-2.0
import { AUTHORITY_PERMISSIONS } from './permissions.ts';

/** Another context's start page on the portal, for the staff whose permissions include `permission`. */
export interface StaffHome {
  readonly permission: string;
  readonly path: string;
}

/**
 * Where `/staff` (the landing after sign-in) sends a staff member: the officer console for
 * those who read applications, else the first of the other contexts' start pages their
 * permissions open (a policy author's console…), else the portal's front page.
 */
export function staffHome(permissions: ReadonlySet<string>, homes: readonly StaffHome[] = []): string {
  if (permissions.has(AUTHORITY_PERMISSIONS.readApplications)) return '/officer';
  return homes.find((h) => permissions.has(h.permission))?.path ?? '/';
}
