// SPDX-License-Identifier: Apache-2.0
import type { Server } from '@tessera/platform';
import type { AuthorityDeps } from '../store/authority-deps.ts';
import type { StaffGate } from './api-routes.ts';
import { registerConsolePages } from './console-routes.ts';
import { registerCentreOversight } from './oversight-routes.ts';
import { registerPortalPages } from './portal-routes.ts';
import type { StaffHome } from './staff-home.ts';

/** Every page of the authority: the applicant portal, the officer console and the oversight of partner centres. */
export function registerAuthorityPages(server: Server, deps: AuthorityDeps, gate: StaffGate, o: { /** Other contexts' start pages, where `/staff` sends those who are not officers. */ staffHomes?: readonly StaffHome[] } = {}): void {
  registerPortalPages(server, deps);
  registerConsolePages(server, deps, gate, o);
  registerCentreOversight(server, deps, gate);
}
