// SPDX-License-Identifier: Apache-2.0
import type { FastifyReply, FastifyRequest, onSendAsyncHookHandler, preValidationHookHandler } from 'fastify';
import type { Server } from '../http/server.ts';
import { negotiateLocale, type Locale } from '../i18n/messages.ts';
import type { Database } from '../storage/database.ts';
import type { AuthDeps } from './auth-deps.ts';
import type { StaffAuth } from './register-staff-auth.ts';
import type { NewSession } from './start-session.ts';

/** The session cookie: a signed, httpOnly token, SameSite=Lax so links from other sites still arrive signed in. */
export const SESSION_COOKIE = 'tessera_session';
/** The half-signed-in state between the password and the code: signed, short-lived. */
export const PENDING_COOKIE = 'tessera_sign_in';

/** What the auth routes share; built once by `registerStaffAuth`. */
export interface AuthRouteContext {
  db: Database;
  deps: AuthDeps;
  gate: StaffAuth;
  /** Shown in authenticator apps as the account's issuer. */
  issuer: string;
  /** Where to go after signing in when no `next` was asked for. */
  home: string;
  secureCookies: boolean;
  recordClientAddress: boolean;
  rateLimit: { max: number; timeWindow: number | string };
}

export function localeOf(request: FastifyRequest): Locale {
  const query = request.query as { lang?: unknown } | undefined;
  const header = request.headers['accept-language'];
  return negotiateLocale(typeof query?.lang === 'string' ? query.lang : undefined, typeof header === 'string' ? header : undefined);
}

export function wantsHtml(request: FastifyRequest): boolean {
  return (request.headers.accept ?? '').includes('text/html');
}

/** Pages and answers about sign-in must not be kept by browsers or proxies. */
export const noStore: onSendAsyncHookHandler = async (_request, reply, payload) => {
  reply.header('cache-control', 'no-store');
  return payload;
};

/**
 * The CSRF check of an auth form: as preValidation, not onRequest, because the token is in the
 * form body, which is parsed after onRequest.
 */
export function csrfCheck(server: Server): preValidationHookHandler {
  return server.csrfProtection;
}

/** The options of a sign-in step's POST: CSRF-protected (login CSRF would sign a victim in as the attacker), rate-limited per client address, never cached. */
export function signInStepOptions(server: Server, ctx: AuthRouteContext) {
  return { preValidation: csrfCheck(server), config: { rateLimit: ctx.rateLimit }, onSend: noStore };
}

export function setSessionCookie(reply: FastifyReply, ctx: AuthRouteContext, session: NewSession): void {
  reply.setCookie(SESSION_COOKIE, session.token, {
    signed: true, httpOnly: true, sameSite: 'lax', secure: ctx.secureCookies, path: '/',
    maxAge: Math.floor(ctx.deps.policy.absoluteTimeoutMs / 1000),
  });
}

export function clearSessionCookie(reply: FastifyReply, ctx: AuthRouteContext): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: ctx.secureCookies });
}

/** The session token from the signed cookie, or undefined when absent or tampered with. */
export function sessionToken(request: FastifyRequest): string | undefined {
  const raw = request.cookies[SESSION_COOKIE];
  if (!raw) return undefined;
  const unsigned = request.unsignCookie(raw);
  return unsigned.valid && unsigned.value ? unsigned.value : undefined;
}

export function setPendingCookie(reply: FastifyReply, ctx: AuthRouteContext, staffId: string): void {
  const expiresAt = ctx.deps.clock.now().getTime() + ctx.deps.policy.secondFactorTtlMs;
  reply.setCookie(PENDING_COOKIE, `${staffId}.${expiresAt}`, {
    signed: true, httpOnly: true, sameSite: 'lax', secure: ctx.secureCookies, path: '/auth',
    maxAge: Math.ceil(ctx.deps.policy.secondFactorTtlMs / 1000),
  });
}

export function clearPendingCookie(reply: FastifyReply, ctx: AuthRouteContext): void {
  reply.clearCookie(PENDING_COOKIE, { path: '/auth', httpOnly: true, sameSite: 'lax', secure: ctx.secureCookies });
}

/**
 * The staff id whose password was verified, from the signed pending cookie, if it has not
 * expired by the injected clock; the signature (HMAC by @fastify/cookie) stops forging one.
 */
export function pendingStaffId(request: FastifyRequest, ctx: AuthRouteContext): string | undefined {
  const raw = request.cookies[PENDING_COOKIE];
  if (!raw) return undefined;
  const unsigned = request.unsignCookie(raw);
  if (!unsigned.valid || !unsigned.value) return undefined;
  const match = /^([0-9a-f-]{36})\.(\d{1,16})$/.exec(unsigned.value);
  if (!match || Number(match[2]) <= ctx.deps.clock.now().getTime()) return undefined;
  return match[1];
}
