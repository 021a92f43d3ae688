// SPDX-License-Identifier: Apache-2.0
import type { preHandlerAsyncHookHandler } from 'fastify';
import { Forbidden, Unauthenticated, type StaffPrincipal } from '@tessera/platform';

/**
 * Stands in for staff sign-in in route tests: the `x-test-staff` header names a role of `roles`
 * (role → permissions); no header, not signed in. Returns the `requirePermission` the routes take.
 */
export const headerStaff = (roles: Record<string, readonly string[]>) => (permission: string): preHandlerAsyncHookHandler => async (request) => {
  const role = request.headers['x-test-staff'];
  if (typeof role !== 'string') throw new Unauthenticated();
  const staff: StaffPrincipal = { id: `staff-${role}`, username: role, displayName: `Test ${role}`, organisation: 'RIA', roles: [role], permissions: new Set(roles[role] ?? []), secondFactor: true };
  request.staff = staff;
  if (!staff.permissions.has(permission)) throw new Forbidden();
};
