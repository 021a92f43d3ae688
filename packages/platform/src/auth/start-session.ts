// SPDX-License-Identifier: Apache-2.0
import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { Database } from '../storage/database.ts';
import type { AuthDeps } from './auth-deps.ts';
import { sessions } from './schema.ts';
import { deriveKey } from './secret-box.ts';

/** A session just started: the token goes into the cookie and nowhere else. */
export interface NewSession {
  token: string;
  expiresAt: Date;
}

/** The stored id of a session: SHA-256 of its token, so the table alone cannot be replayed. */
export function sessionIdOf(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('base64url');
}

/**
 * Starts a session for a staff member with a fresh 256-bit random token (OWASP Session
 * Management: at least 64 bits of entropy; always a new id at sign-in, against fixation).
 * The client address is kept only as a keyed hash, and only when `ip` is given.
 */
export async function startSession(tx: Database, deps: AuthDeps, staffId: string, ip?: string): Promise<NewSession> {
  const token = randomBytes(32).toString('base64url');
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + deps.policy.absoluteTimeoutMs);
  await tx.insert(sessions).values({
    id: sessionIdOf(token),
    staffId,
    createdAt: now,
    lastSeenAt: now,
    expiresAt,
    ipHash: ip === undefined ? null : createHmac('sha256', deriveKey(deps.secretKey, 'ip-hash')).update(ip).digest('base64url'),
  });
  return { token, expiresAt };
}
