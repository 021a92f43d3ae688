// SPDX-License-Identifier: Apache-2.0
import type { Server } from '@tessera/platform';
import type { AuthorityDeps } from '../store/authority-deps.ts';
import type { StaffGate } from './api-routes.ts';
import { registerConsolePages } from './console-routes.ts';
import { registerPortalPages } from './portal-routes.ts';

/** Every page of the authority: the applicant portal and the officer console. */
export function registerAuthorityPages(server: Server, deps: AuthorityDeps, gate: StaffGate): void {
  registerPortalPages(server, deps);
  registerConsolePages(server, deps, gate);
}
