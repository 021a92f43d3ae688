// SPDX-License-Identifier: Apache-2.0
import { eq } from 'drizzle-orm';
import { appendEvent } from '@tessera/platform';
import { pkceMatches } from '../../domain/oauth/pkce.ts';
import { invalidRequest } from '../../domain/oid4vci/oid4vci-errors.ts';
import { accessTokens, authorizations } from '../schema.ts';
import { hashSecret } from './hash-secret.ts';
import type { Oid4vciDeps } from './oid4vci-deps.ts';
import { accessTokenAnswer, grantAccessToken, type IssuedAccessToken } from './grant-access-token.ts';

/**
 * The token endpoint's authorization_code grant (RFC 6749 §4.1.3 with RFC 7636 and RFC 9449).
 * Rules: the code is known and unexpired; it was issued to this client_id; redirect_uri is the
 * pushed one, exactly; the code_verifier's S256 is the pushed challenge; the DPoP key is the one
 * the push was made with, if it was. A code is redeemed once: a second attempt is refused and
 * revokes every token the first one obtained (RFC 6749 §4.1.2), committed even though the
 * request fails.
 */
export async function redeemAuthorizationCode(deps: Oid4vciDeps, input: { code: unknown; codeVerifier: unknown; redirectUri: unknown; clientId: unknown; jkt: string }): Promise<IssuedAccessToken> {
  if (typeof input.code !== 'string' || input.code === '') throw invalidRequest('The code parameter is missing.');
  if (input.codeVerifier === undefined) throw invalidRequest('code_verifier is missing; this issuer requires PKCE.');
  const code = input.code;
  const now = deps.clock.now();
  const accessToken = Buffer.from(deps.randomBytes(32)).toString('base64url');
  const outcome = await deps.db.transaction(async (tx) => {
    const [row] = await tx.select().from(authorizations).where(eq(authorizations.codeHash, hashSecret(code))).for('update');
    if (!row || !row.holder || !row.codeExpiresAt) return { fail: 'The authorization code is not known to this issuer.' } as const;
    if (row.codeRedeemedAt) {
      const revoked = await tx.delete(accessTokens).where(eq(accessTokens.authorizationId, row.id)).returning({ t: accessTokens.tokenHash });
      await appendEvent(tx, { context: 'credentials', type: 'authorization.code_replayed', subject: row.id, actor: 'wallet', at: now, data: { revokedTokens: revoked.length } });
      return { fail: 'The authorization code was already used; the tokens it gave are revoked.' } as const;
    }
    if (row.codeExpiresAt <= now) return { fail: 'The authorization code has expired; authorize again.' } as const;
    if (row.clientId !== input.clientId) return { fail: 'The authorization code was issued to another client.' } as const;
    if (row.redirectUri !== input.redirectUri) return { fail: 'redirect_uri is not the one of the authorization request.' } as const;
    if (!pkceMatches(input.codeVerifier, row.codeChallenge)) return { fail: 'code_verifier does not match the code_challenge (PKCE S256).' } as const;
    if (row.dpopJkt && row.dpopJkt !== input.jkt) return { fail: 'The token request is signed with another DPoP key than the authorization request.' } as const;
    await tx.update(authorizations).set({ codeRedeemedAt: now }).where(eq(authorizations.id, row.id));
    await grantAccessToken(tx, deps, accessToken, { jkt: input.jkt, holder: row.holder, documentRef: row.documentRef, configurationIds: row.configurationIds, authorizationId: row.id }, now);
    await appendEvent(tx, { context: 'credentials', type: 'authorization.code_redeemed', subject: row.id, actor: 'wallet', at: now, data: {} });
    return { configurationIds: row.configurationIds };
  });
  return accessTokenAnswer(deps, accessToken, outcome);
}
