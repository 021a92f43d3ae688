// SPDX-License-Identifier: Apache-2.0
import Type from 'typebox';
import type { Server } from '../http/server.ts';
import { csrfCheck, clearSessionCookie, noStore, sessionToken, wantsHtml, type AuthRouteContext } from './auth-route-context.ts';
import { signOut } from './sign-out.ts';

/**
 * `POST /auth/sign-out`: revokes the session on the server and clears the cookie. CSRF-protected
 * so another site cannot sign staff out. Browsers go to the sign-in page; other clients get 204.
 */
export function registerSignOutRoute(server: Server, ctx: AuthRouteContext): void {
  server.post('/auth/sign-out', {
    schema: {
      summary: 'Sign out',
      tags: ['auth'],
      consumes: ['application/x-www-form-urlencoded'],
      // No body schema: a form sends only _csrf, a script may send nothing (token in X-CSRF-Token).
      response: { 204: Type.Null() },
    },
    preValidation: csrfCheck(server),
    onSend: noStore,
  }, async (request, reply) => {
    const token = sessionToken(request);
    if (token !== undefined) await signOut(ctx.db, token, ctx.deps.clock);
    clearSessionCookie(reply, ctx);
    if (wantsHtml(request)) return reply.redirect('/auth/sign-in?status=signed-out', 303);
    return reply.code(204).send(null);
  });
}
