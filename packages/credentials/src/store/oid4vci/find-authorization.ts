// SPDX-License-Identifier: Apache-2.0
import { eq } from 'drizzle-orm';
import { ProtocolError } from '../../domain/oid4vci/oid4vci-errors.ts';
import { authorizations } from '../schema.ts';
import { hashSecret } from './hash-secret.ts';
import type { Oid4vciDeps } from './oid4vci-deps.ts';

export type Authorization = typeof authorizations.$inferSelect;

/**
 * The pushed request an authorization endpoint call names (RFC 9126 §4): the request_uri must
 * be one pushed here by the same client, unexpired and not yet used for a sign-in. Without a
 * request_uri the request is refused: this issuer requires pushed requests, so parameters in
 * the URL (which anyone on the way could change) are never taken.
 */
export async function findPendingAuthorization(deps: Oid4vciDeps, query: { client_id?: unknown; request_uri?: unknown }): Promise<Authorization> {
  if (typeof query.request_uri !== 'string') throw new ProtocolError('invalid_request', 'This issuer requires pushed authorization requests (RFC 9126): push the request to /par and send only client_id and request_uri here.');
  const [row] = await deps.db.select().from(authorizations).where(eq(authorizations.requestUriHash, hashSecret(query.request_uri)));
  if (!row || row.clientId !== query.client_id) throw new ProtocolError('invalid_request_uri', 'The request_uri is not one pushed here by this client.');
  return pending(deps, row);
}

/**
 * The pending authorization a wallet's sign-in presentation answers, by the OpenID4VP request's
 * state (the authorization's id); the presentation itself must then carry its one-time challenge.
 */
export async function findPendingAuthorizationById(deps: Oid4vciDeps, id: unknown): Promise<Authorization> {
  const uuid = typeof id === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id) ? id : null;
  const [row] = uuid ? await deps.db.select().from(authorizations).where(eq(authorizations.id, uuid)) : [];
  if (!row) throw new ProtocolError('invalid_request', 'The presentation answers no authorization request of this issuer (state).');
  return pending(deps, row);
}

function pending(deps: Oid4vciDeps, row: Authorization): Authorization {
  if (row.expiresAt <= deps.clock.now()) throw new ProtocolError('invalid_request_uri', 'The pushed authorization request has expired; push it again.');
  if (row.authorizedAt) throw new ProtocolError('invalid_request_uri', 'The pushed authorization request was already used; push a new one.');
  return row;
}
