// SPDX-License-Identifier: Apache-2.0
import { and, eq, isNull } from 'drizzle-orm';
import { appendEvent } from '@tessera/platform';
import { ProtocolError } from '../../domain/oid4vci/oid4vci-errors.ts';
import { authorizations } from '../schema.ts';
import type { Authorization } from './find-authorization.ts';
import { hashSecret } from './hash-secret.ts';
import type { Oid4vciDeps } from './oid4vci-deps.ts';

/** An authorization code lives a minute (RFC 6749 §4.1.2 recommends at most ten). */
export const CODE_SECONDS = 60;

/**
 * Completes an authorization once the holder has proved who they are: records who and how,
 * makes the one-time code (stored hashed) and answers the redirect to the wallet with `code`,
 * `state` and `iss` (RFC 9207, against mix-up attacks). The request is claimed in the same
 * statement, so two sign-ins for one request cannot both win.
 */
export async function authorizeHolder(deps: Oid4vciDeps, authorization: Authorization, holder: { code: string; documentRef: string | null; method: 'id-card' | 'credential' }): Promise<{ redirectTo: string }> {
  const code = Buffer.from(deps.randomBytes(32)).toString('base64url');
  const now = deps.clock.now();
  const claimed = await deps.db.transaction(async (tx) => {
    const rows = await tx.update(authorizations).set({
      holder: holder.code, documentRef: holder.documentRef, method: holder.method, authorizedAt: now, codeHash: hashSecret(code), codeExpiresAt: new Date(now.getTime() + CODE_SECONDS * 1000),
    }).where(and(eq(authorizations.id, authorization.id), isNull(authorizations.authorizedAt))).returning({ id: authorizations.id });
    if (rows.length) await appendEvent(tx, { context: 'credentials', type: 'authorization.granted', subject: authorization.id, actor: 'holder', at: now, data: { method: holder.method } });
    return rows.length === 1;
  });
  if (!claimed) throw new ProtocolError('invalid_request_uri', 'The pushed authorization request was already used; push a new one.');
  const url = new URL(authorization.redirectUri);
  url.searchParams.set('code', code);
  if (authorization.state !== null) url.searchParams.set('state', authorization.state);
  url.searchParams.set('iss', deps.issuerUrl);
  return { redirectTo: url.toString() };
}
