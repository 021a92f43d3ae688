// SPDX-License-Identifier: Apache-2.0
import Type from 'typebox';
import { Unauthenticated } from '../errors/tessera-error.ts';
import type { Server } from '../http/server.ts';
import { noStore, type AuthRouteContext } from './auth-route-context.ts';

const Me = Type.Object({
  id: Type.String({ format: 'uuid' }),
  username: Type.String(),
  displayName: Type.String(),
  organisation: Type.String(),
  roles: Type.Array(Type.String()),
  permissions: Type.Array(Type.String()),
}, { additionalProperties: false });

/** `GET /auth/me`: the signed-in staff member and their permissions, as JSON. */
export function registerMeRoute(server: Server, ctx: AuthRouteContext): void {
  server.get('/auth/me', {
    schema: { summary: 'The signed-in staff member', tags: ['auth'], response: { 200: Me } },
    preHandler: ctx.gate.requireSignedInToEnrol(),
    onSend: noStore,
  }, async (request) => {
    const staff = request.staff;
    if (!staff) throw new Unauthenticated();
    return {
      id: staff.id,
      username: staff.username,
      displayName: staff.displayName,
      organisation: staff.organisation,
      roles: [...staff.roles],
      permissions: [...staff.permissions].sort(),
    };
  });
}
