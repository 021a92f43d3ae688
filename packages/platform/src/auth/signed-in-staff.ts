// SPDX-License-Identifier: Apache-2.0
import type { FastifyRequest } from 'fastify';
import { Unauthenticated } from '../errors/tessera-error.ts';
import type { StaffPrincipal } from './staff-principal.ts';

/**
 * The signed-in staff member of a request behind one of `StaffAuth`'s gates. The gate has
 * already refused anyone else; should a route be registered without one, this refuses too
 * (401) instead of reading a missing principal.
 */
export function signedInStaff(request: FastifyRequest): StaffPrincipal {
  if (!request.staff) throw new Unauthenticated();
  return request.staff;
}
