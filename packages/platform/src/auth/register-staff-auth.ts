// SPDX-License-Identifier: Apache-2.0
import type { preHandlerAsyncHookHandler } from 'fastify';
import { Forbidden, Unauthenticated } from '../errors/tessera-error.ts';
import type { Server } from '../http/server.ts';
import { isSafeMethod, verifyCsrf } from '../http/verify-csrf.ts';
import type { Database } from '../storage/database.ts';
import type { Clock } from '../time/clock.ts';
import { SecondFactorRequired } from '../errors/platform-errors.ts';
import { DEFAULT_AUTH_POLICY, type AuthDeps, type AuthPolicy } from './auth-deps.ts';
import { clearSessionCookie, sessionToken, wantsHtml, type AuthRouteContext } from './auth-route-context.ts';
import { registerMeRoute } from './me-route.ts';
import { prepareDummyHash } from './password-hash.ts';
import { resolveSession } from './resolve-session.ts';
import { registerSecondFactorRoutes } from './second-factor-routes.ts';
import { registerSignInRoutes } from './sign-in-routes.ts';
import { registerSignOutRoute } from './sign-out-route.ts';
import { principalOf, type RoleTable, type StaffPrincipal } from './staff-principal.ts';
import { registerTotpRoutes } from './totp-routes.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in staff member, or null. Set by `registerStaffAuth` before any handler runs. */
    staff: StaffPrincipal | null;
  }
}

export interface StaffAuthOptions<Role extends string = string, Permission extends string = string> {
  db: Database;
  /** Every expiry decision (sessions, lockouts, codes) uses this clock. */
  clock: Clock;
  /** Roles and the permissions each grants; supplied by the composition root. */
  roles: RoleTable<Role, Permission>;
  /** 32 random bytes: encrypts TOTP secrets at rest (AES-256-GCM) and enrolment forms. Keep it out of the database. */
  secretKey: Uint8Array;
  /** Adds the Secure flag to the auth cookies; set whenever pages are served over HTTPS. */
  secureCookies?: boolean;
  /** Issuer shown in authenticator apps (default "Tessera"). */
  issuer?: string;
  /** Where to land after signing in when no safe `next` was given (default "/"). */
  home?: string;
  /** Overrides of lockout and session limits; see `DEFAULT_AUTH_POLICY`. */
  policy?: Partial<AuthPolicy>;
  /** Requests per client address to the sign-in and code routes (default 10 a minute). */
  signInRateLimit?: { max: number; timeWindow: number | string };
  /** Keep a keyed hash of the client address with each session (default false: addresses are personal data). */
  recordClientAddress?: boolean;
  /**
   * Roles too powerful for a password alone (officers, auditors, operators): until such an
   * account enrols an authenticator app, every gate sends it to `/auth/totp` (pages) or refuses
   * with 403 `ERR_SECOND_FACTOR_REQUIRED`; only enrolment, `/auth/me` and signing out stay open.
   */
  secondFactorRequiredFor?: readonly Role[];
}

/** The gates a context puts on its routes. */
export interface StaffAuth<Permission extends string = string> {
  /**
   * A preHandler allowing only signed-in staff holding `permission`. Not signed in: a browser
   * asking for a page (GET, Accept: text/html) is sent to the sign-in page with `next`
   * (303), anyone else gets 401 `ERR_UNAUTHENTICATED`; signed in without it: 403
   * `ERR_FORBIDDEN`. Both as RFC 9457 problems (https://www.rfc-editor.org/rfc/rfc9457).
   * Unsafe methods (POST, PUT, PATCH, DELETE) also need the CSRF token, in the form's `_csrf`
   * field or the `X-CSRF-Token` header: 403 `ERR_CSRF` without it.
   */
  requirePermission(permission: Permission): preHandlerAsyncHookHandler;
  /** A preHandler allowing any signed-in staff member; otherwise as `requirePermission`. */
  requireSignedIn(): preHandlerAsyncHookHandler;
  /** Any signed-in staff member, even one who still has to enrol a second factor (the enrolment routes). */
  requireSignedInToEnrol(): preHandlerAsyncHookHandler;
}

/**
 * Staff sign-in and role-based permissions for a Tessera server: resolves the session cookie
 * into `request.staff` on every request, and serves `/auth/sign-in`, `/auth/second-factor`,
 * `/auth/sign-out`, `/auth/totp` and `/auth/me`. Needs a server from `buildServer` (cookies,
 * CSRF and rate limiting registered) and the tables of `authMigrations` and the transparency log.
 */
export function registerStaffAuth<const Role extends string, const Permission extends string>(
  server: Server,
  options: StaffAuthOptions<Role, Permission>,
): StaffAuth<Permission> {
  if (options.secretKey.length !== 32) throw new RangeError('registerStaffAuth: secretKey must be 32 bytes.');
  const deps: AuthDeps = { clock: options.clock, secretKey: options.secretKey, policy: { ...DEFAULT_AUTH_POLICY, ...options.policy } };
  const roles: RoleTable = options.roles;
  // The first unknown-username attempt must not be slower than the rest (it would make the dummy hash).
  prepareDummyHash().catch((error: unknown) => server.log.error({ err: error }, 'could not prepare the dummy password hash'));

  const needsSecondFactor = new Set<string>(options.secondFactorRequiredFor ?? []);
  const gate = (permission: string | null, toEnrol = false): preHandlerAsyncHookHandler => async (request, reply) => {
    const staff = request.staff;
    if (!staff) {
      if (wantsHtml(request) && (request.method === 'GET' || request.method === 'HEAD')) {
        return reply.redirect(`/auth/sign-in?next=${encodeURIComponent(request.url)}`, 303);
      }
      throw new Unauthenticated();
    }
    if (!toEnrol && !staff.secondFactor && staff.roles.some((role) => needsSecondFactor.has(role))) {
      if (wantsHtml(request) && (request.method === 'GET' || request.method === 'HEAD')) return reply.redirect('/auth/totp', 303);
      throw new SecondFactorRequired();
    }
    if (permission !== null && !staff.permissions.has(permission)) throw new Forbidden();
    // The session rides on a cookie the browser sends by itself (SameSite=Lax lets same-site
    // pages post with it), so a change must also prove it came from our own page: its token.
    if (!isSafeMethod(request.method)) await verifyCsrf(server, request, reply);
  };
  const auth: StaffAuth<Permission> = {
    requirePermission: (permission) => gate(permission),
    requireSignedIn: () => gate(null),
    requireSignedInToEnrol: () => gate(null, true),
  };

  const ctx: AuthRouteContext = {
    db: options.db,
    deps,
    gate: auth,
    issuer: options.issuer ?? 'Tessera',
    home: options.home ?? '/',
    secureCookies: options.secureCookies ?? false,
    recordClientAddress: options.recordClientAddress ?? false,
    rateLimit: options.signInRateLimit ?? { max: 10, timeWindow: '1 minute' },
  };
  server.decorateRequest('staff', null);
  server.addHook('onRequest', async (request, reply) => {
    request.staff = null;
    const token = sessionToken(request);
    if (token === undefined) return;
    const row = await resolveSession(options.db, deps, token);
    if (row) request.staff = principalOf(row, roles);
    else clearSessionCookie(reply, ctx);
  });

  registerSignInRoutes(server, ctx);
  registerSecondFactorRoutes(server, ctx);
  registerSignOutRoute(server, ctx);
  registerTotpRoutes(server, ctx);
  registerMeRoute(server, ctx);
  return auth;
}
