// SPDX-License-Identifier: Apache-2.0
import type { FastifyRequest } from 'fastify';

export const CITIZEN_COOKIE = 'citizen';

/** The person signed in to the citizen portal (a signed cookie set by the card sign-in), or null when absent, forged or expired. */
export function readCitizenSession(request: FastifyRequest, now: Date): { code: string; name: string } | null {
  const raw = request.cookies[CITIZEN_COOKIE];
  const unsigned = raw ? request.unsignCookie(raw) : null;
  if (!unsigned?.valid || !unsigned.value) return null;
  const session = JSON.parse(unsigned.value) as { code: string; name: string; exp: number };
  return session.exp < now.getTime() ? null : { code: session.code, name: session.name };
}
