// SPDX-License-Identifier: Apache-2.0
import type { FastifyRequest } from 'fastify';
import { invalidRequest, invalidToken, useDpopNonce } from '../domain/oid4vci/oid4vci-errors.ts';
import { verifyDpopProof } from '../domain/oid4vci/verify-dpop-proof.ts';
import { findAccessToken, type AccessGrant } from '../store/oid4vci/find-access-token.ts';
import { hashSecret } from '../store/oid4vci/hash-secret.ts';
import type { Oid4vciDeps } from '../store/oid4vci/oid4vci-deps.ts';

/**
 * A request to the credential or notification endpoint: the access token in the Authorization
 * header only (never the query, RFC 6750 §2.3 and the conformance suite), as a DPoP token with a
 * proof by the key it is bound to (RFC 9449 §7), carrying the current server nonce.
 */
export async function authenticateResourceRequest(deps: Oid4vciDeps, request: FastifyRequest, path: string): Promise<AccessGrant> {
  const { token, jkt } = await dpopBoundToken(deps, request, path);
  const grant = await findAccessToken(deps, token);
  if (!grant) throw invalidToken('The access token is unknown or has expired.');
  if (grant.jkt !== jkt) throw invalidToken('The access token is bound to a different DPoP key.');
  return grant;
}

/**
 * The deferred credential endpoint's caller: the same DPoP-bound token in the header, but the
 * token may have expired while the agency decided; the transaction it names is checked against
 * the token's hash and DPoP key instead.
 */
export async function authenticateDeferredRequest(deps: Oid4vciDeps, request: FastifyRequest): Promise<{ tokenHash: string; jkt: string }> {
  const { token, jkt } = await dpopBoundToken(deps, request, '/deferred_credential');
  return { tokenHash: hashSecret(token), jkt };
}

async function dpopBoundToken(deps: Oid4vciDeps, request: FastifyRequest, path: string): Promise<{ token: string; jkt: string }> {
  const query = request.query as Record<string, unknown> | undefined;
  if (query && 'access_token' in query) throw invalidRequest('The access token must be sent in the Authorization header, never in the URL query.');
  const authorization = request.headers.authorization ?? '';
  const match = /^DPoP ([A-Za-z0-9\-._~+/]+=*)$/.exec(authorization);
  if (!match) {
    throw invalidToken(/^Bearer /i.test(authorization) ? 'This issuer\'s access tokens are DPoP-bound; send Authorization: DPoP <token> with a DPoP proof.' : 'The request has no access token.');
  }
  const token = match[1]!;
  const dpop = await verifyDpopProof({
    header: request.headers.dpop, method: request.method, url: `${deps.issuerUrl}${path}`, now: deps.clock.now(),
    nonceValid: (n) => deps.dpopNonces.valid(n), firstUse: deps.firstUse, accessToken: token,
  });
  if (!dpop.ok) throw useDpopNonce(deps.dpopNonces.current(), 'resource');
  return { token, jkt: dpop.jkt };
}
