// SPDX-License-Identifier: Apache-2.0
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { jwtVerify, type JWTVerifyGetKey } from 'jose';
import Type from 'typebox';
import type { Clock, Database, Server } from '@tessera/platform';
import { CitizenAssertionRefused } from '../benefits-errors.ts';
import { endCitizenSession, resolveCitizenSession } from '../store/citizen-session.ts';
import { startCitizenSession } from '../store/start-citizen-session.ts';

export const BENEFITS_SESSION_COOKIE = 'benefits_citizen';
const STATE_COOKIE = 'benefits_sign_in';
const COOKIE_PATH = '/citizen/benefits';
export const BENEFITS_SIGN_IN_PATH = '/citizen/benefits/sign-in';

export interface BenefitsSignInOptions {
  /**
   * The citizen portal, the identity provider: its `iss`, where a person is sent to be vouched
   * for, and its published keys (a JWK Set, e.g. jose's `createRemoteJWKSet`). Never a shared secret.
   */
  portal: { issuer: string; assertionUrl: string; keys: JWTVerifyGetKey };
  /** This service's audience at the portal (its `client_id`): an assertion for any other is refused. */
  audience: string;
  /** The data subject the portal's `sub` (an identification code) is, as the exchange records it. */
  subjectOf(code: string): string;
  secureCookies: boolean;
}

const sameText = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * The benefits service's own sign-in for citizens: the person is sent to the citizen portal
 * with a one-time state, comes back with the portal's signed assertion posted in a form body (ES256, one minute,
 * audience-bound, single use), which is checked against the portal's published key, bound to
 * this browser's state, redeemed once, and exchanged for a session in this service's own
 * database. Answers the signed-in person's data subject for the benefits pages.
 */
export function registerBenefitsSignIn(server: Server, deps: { db: Database; clock: Clock }, o: BenefitsSignInOptions): { citizen(request: FastifyRequest): Promise<string | null>; signInPath: string } {
  const cookie = (reply: FastifyReply, name: string, value: string, expires: Date, signed = false) =>
    reply.setCookie(name, value, { signed, httpOnly: true, sameSite: 'lax', path: COOKIE_PATH, secure: o.secureCookies, expires });

  server.get(BENEFITS_SIGN_IN_PATH, { schema: { hide: true } }, async (_request, reply) => {
    const state = randomBytes(24).toString('base64url');
    cookie(reply, STATE_COOKIE, state, new Date(deps.clock.now().getTime() + 5 * 60_000), true);
    const to = new URL(o.portal.assertionUrl);
    to.searchParams.set('client_id', o.audience);
    to.searchParams.set('state', state);
    return reply.header('cache-control', 'no-store').redirect(to.toString(), 303);
  });

  // The portal's page posts the assertion here (a form body, never the URL, so no log or history holds it). No CSRF token:
  // what binds the post to this browser is the assertion's nonce, checked against the state cookie of the sign-in it started.
  server.post(`${BENEFITS_SIGN_IN_PATH}/callback`, { schema: { hide: true, body: Type.Object({ assertion: Type.String({ maxLength: 4096 }) }) } }, async (request, reply) => {
    const raw = request.cookies[STATE_COOKIE];
    const state = raw ? request.unsignCookie(raw) : null;
    // Bound to the sign-in this browser started: another person's assertion cannot be slipped in.
    if (!state?.valid || !state.value) throw new CitizenAssertionRefused('Start the sign-in again.');
    let claims;
    try {
      ({ payload: claims } = await jwtVerify(request.body.assertion, o.portal.keys, {
        issuer: o.portal.issuer, audience: o.audience, algorithms: ['ES256'], typ: 'citizen-assertion+jwt',
        requiredClaims: ['sub', 'jti', 'iat', 'exp', 'nonce'], maxTokenAge: '2 minutes', currentDate: deps.clock.now(),
      }));
    } catch (error) {
      throw new CitizenAssertionRefused('The citizen portal’s sign-in could not be checked. Sign in again.', { cause: error });
    }
    const { sub, jti, exp, nonce, name } = claims;
    if (typeof nonce !== 'string' || !sameText(nonce, state.value) || typeof name !== 'string' || !sub || !jti || !exp) {
      throw new CitizenAssertionRefused('The citizen portal’s sign-in is not for this browser’s sign-in. Sign in again.');
    }
    const session = await startCitizenSession(deps, { jti, assertionExpiresAt: new Date(exp * 1000), subject: o.subjectOf(sub), name });
    reply.clearCookie(STATE_COOKIE, { path: COOKIE_PATH });
    cookie(reply, BENEFITS_SESSION_COOKIE, session.token, session.expiresAt);
    return reply.header('cache-control', 'no-store').redirect(COOKIE_PATH, 303);
  });

  server.post(`${COOKIE_PATH}/sign-out`, { schema: { hide: true, body: Type.Object({ _csrf: Type.Optional(Type.String()) }) }, preHandler: server.csrfProtection }, async (request, reply) => {
    const token = request.cookies[BENEFITS_SESSION_COOKIE];
    if (token) await endCitizenSession(deps, token);
    reply.clearCookie(BENEFITS_SESSION_COOKIE, { path: COOKIE_PATH });
    return reply.redirect('/citizen', 303);
  });

  return {
    signInPath: BENEFITS_SIGN_IN_PATH,
    async citizen(request) {
      const token = request.cookies[BENEFITS_SESSION_COOKIE];
      return token ? ((await resolveCitizenSession(deps, token))?.subject ?? null) : null;
    },
  };
}
