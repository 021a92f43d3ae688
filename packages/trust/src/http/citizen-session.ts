// SPDX-License-Identifier: Apache-2.0
import type { FastifyReply, FastifyRequest } from 'fastify';

export const CITIZEN_COOKIE = 'citizen';

/** The person signed in to the citizen portal (a signed cookie set by the card sign-in), or null when absent, forged or expired. */
export function readCitizenSession(request: FastifyRequest, now: Date): { code: string; name: string } | null {
  const raw = request.cookies[CITIZEN_COOKIE];
  const unsigned = raw ? request.unsignCookie(raw) : null;
  if (!unsigned?.valid || !unsigned.value) return null;
  const session = JSON.parse(unsigned.value) as { code: string; name: string; exp: number };
  return session.exp < now.getTime() ? null : { code: session.code, name: session.name };
}

export const CITIZEN_SESSION_TTL_MS = 15 * 60_000;

/** Starts the person's citizen portal session: a signed cookie holding the identification code and name, for 15 minutes. */
export function setCitizenSession(reply: FastifyReply, person: { code: string; name: string }, now: Date, secureCookies: boolean): void {
  const session = JSON.stringify({ code: person.code, name: person.name, exp: now.getTime() + CITIZEN_SESSION_TTL_MS });
  reply.setCookie(CITIZEN_COOKIE, session, { signed: true, httpOnly: true, sameSite: 'strict', path: '/citizen', secure: secureCookies });
}
