// SPDX-License-Identifier: Apache-2.0
import Type from 'typebox';
import type { Server } from '../http/server.ts';
import { authText } from './auth-messages.ts';
import { secondFactorPage } from './auth-pages.ts';
import { clearPendingCookie, localeOf, noStore, pendingStaffId, sessionToken, setSessionCookie, signInStepOptions, type AuthRouteContext } from './auth-route-context.ts';
import { safeNextPath } from './safe-next.ts';
import { signInWithTotp } from './sign-in-with-totp.ts';
import { signOut } from './sign-out.ts';

const SecondFactorQuery = Type.Object({
  next: Type.Optional(Type.String({ maxLength: 2048 })),
  lang: Type.Optional(Type.String({ maxLength: 16 })),
});

const SecondFactorForm = Type.Object({
  code: Type.String({ maxLength: 16 }),
  next: Type.Optional(Type.String({ maxLength: 2048 })),
  _csrf: Type.Optional(Type.String({ maxLength: 256 })),
}, { additionalProperties: false });

const backToSignIn = (next: string | undefined) => (next ? `/auth/sign-in?next=${encodeURIComponent(next)}` : '/auth/sign-in');

/**
 * `GET/POST /auth/second-factor`: the TOTP step (RFC 6238). Reached only with the signed,
 * short-lived pending cookie set by the password step; without it (or once it has expired)
 * the browser goes back to the password form. The session is created only here.
 */
export function registerSecondFactorRoutes(server: Server, ctx: AuthRouteContext): void {
  server.get('/auth/second-factor', {
    schema: { summary: 'Second-factor form', tags: ['auth'], produces: ['text/html'], querystring: SecondFactorQuery },
    onSend: noStore,
  }, async (request, reply) => {
    const next = safeNextPath(request.query.next);
    if (pendingStaffId(request, ctx) === undefined) return reply.redirect(backToSignIn(next), 303);
    return reply.type('text/html; charset=utf-8').send(secondFactorPage({ locale: localeOf(request), csrfToken: reply.generateCsrf(), errors: [], ...(next ? { next } : {}) }));
  });

  server.post('/auth/second-factor', {
    schema: { summary: 'Complete sign-in with an authenticator code', tags: ['auth'], consumes: ['application/x-www-form-urlencoded'], produces: ['text/html'], querystring: SecondFactorQuery, body: SecondFactorForm },
    ...signInStepOptions(server, ctx),
  }, async (request, reply) => {
    const locale = localeOf(request);
    const t = authText(locale);
    const next = safeNextPath(request.body.next);
    const staffId = pendingStaffId(request, ctx);
    if (staffId === undefined) {
      clearPendingCookie(reply, ctx);
      return reply.redirect(backToSignIn(next), 303);
    }
    const form = (message: string) => secondFactorPage({ locale, csrfToken: reply.generateCsrf(), errors: [{ field: 'code', message }], ...(next ? { next } : {}) });
    if (request.body.code.trim().length === 0) return reply.code(400).type('text/html; charset=utf-8').send(form(t('codeMissing')));

    const result = await signInWithTotp(ctx.db, ctx.deps, { staffId, code: request.body.code, ...(ctx.recordClientAddress ? { ip: request.ip } : {}) });
    if (result.outcome === 'failed') {
      request.log.info({ outcome: 'second-factor-failed' }, 'staff second factor refused');
      return reply.code(401).type('text/html; charset=utf-8').send(form(t('codeWrong')));
    }
    const previous = sessionToken(request);
    if (previous !== undefined) await signOut(ctx.db, previous, ctx.deps.clock);
    clearPendingCookie(reply, ctx);
    setSessionCookie(reply, ctx, result.session);
    request.log.info({ staffId }, 'staff signed in');
    return reply.redirect(next ?? ctx.home, 303);
  });
}
