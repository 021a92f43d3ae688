// SPDX-License-Identifier: Apache-2.0
import Type from 'typebox';
import type { Server } from '../http/server.ts';
import { authText } from './auth-messages.ts';
import { signInPage, type FieldError } from './auth-pages.ts';
import { localeOf, noStore, sessionToken, setPendingCookie, setSessionCookie, signInStepOptions, type AuthRouteContext } from './auth-route-context.ts';
import { safeNextPath } from './safe-next.ts';
import { signInWithPassword } from './sign-in-with-password.ts';
import { signOut } from './sign-out.ts';

const SignInQuery = Type.Object({
  next: Type.Optional(Type.String({ maxLength: 2048 })),
  lang: Type.Optional(Type.String({ maxLength: 16 })),
  status: Type.Optional(Type.Literal('signed-out')),
});

const SignInForm = Type.Object({
  username: Type.String({ maxLength: 256 }),
  password: Type.String({ maxLength: 1024 }),
  next: Type.Optional(Type.String({ maxLength: 2048 })),
  _csrf: Type.Optional(Type.String({ maxLength: 256 })),
}, { additionalProperties: false });

/**
 * `GET /auth/sign-in` (the form) and `POST /auth/sign-in` (the password step). The POST is
 * CSRF-protected (login CSRF would sign a victim in as the attacker) and rate-limited per
 * client address; a wrong password, unknown user or locked account all re-render the form
 * with one generic message and status 401, keeping the username.
 */
export function registerSignInRoutes(server: Server, ctx: AuthRouteContext): void {
  server.get('/auth/sign-in', {
    schema: { summary: 'Staff sign-in form', tags: ['auth'], produces: ['text/html'], querystring: SignInQuery },
    onSend: noStore,
  }, async (request, reply) => {
    // Shown even to the signed-in: redirecting them onward would keep a session someone planted.
    const next = safeNextPath(request.query.next);
    const locale = localeOf(request);
    const notice = request.query.status === 'signed-out' ? authText(locale)('signedOut') : undefined;
    return reply.type('text/html; charset=utf-8').send(signInPage({ locale, csrfToken: reply.generateCsrf(), errors: [], ...(next ? { next } : {}), ...(notice ? { notice } : {}) }));
  });

  server.post('/auth/sign-in', {
    schema: { summary: 'Sign in with username and password', tags: ['auth'], consumes: ['application/x-www-form-urlencoded'], produces: ['text/html'], querystring: SignInQuery, body: SignInForm },
    ...signInStepOptions(server, ctx),
  }, async (request, reply) => {
    const locale = localeOf(request);
    const t = authText(locale);
    const { username, password } = request.body;
    const next = safeNextPath(request.body.next);
    const form = (errors: FieldError[]) => signInPage({ locale, csrfToken: reply.generateCsrf(), username, errors, ...(next ? { next } : {}) });

    const missing: FieldError[] = [];
    if (username.trim().length === 0) missing.push({ field: 'username', message: t('usernameMissing') });
    if (password.length === 0) missing.push({ field: 'password', message: t('passwordMissing') });
    if (missing.length > 0) return reply.code(400).type('text/html; charset=utf-8').send(form(missing));

    const result = await signInWithPassword(ctx.db, ctx.deps, { username, password, ...(ctx.recordClientAddress ? { ip: request.ip } : {}) });
    if (result.outcome === 'failed') {
      request.log.info({ outcome: 'sign-in-failed' }, 'staff sign-in refused');
      return reply.code(401).type('text/html; charset=utf-8').send(form([{ field: 'password', message: t('signInFailed') }]));
    }
    if (result.outcome === 'second-factor') {
      setPendingCookie(reply, ctx, result.staffId);
      return reply.redirect(next ? `/auth/second-factor?next=${encodeURIComponent(next)}` : '/auth/second-factor', 303);
    }
    // A session someone had before signing in is ended, never carried over (no fixation).
    const previous = sessionToken(request);
    if (previous !== undefined) await signOut(ctx.db, previous, ctx.deps.clock);
    setSessionCookie(reply, ctx, result.session);
    request.log.info({ staffId: result.staffId }, 'staff signed in');
    return reply.redirect(next ?? ctx.home, 303);
  });
}
