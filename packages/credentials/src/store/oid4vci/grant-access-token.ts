// SPDX-License-Identifier: Apache-2.0
import type { Database } from '@tessera/platform';
import { invalidGrant } from '../../domain/oid4vci/oid4vci-errors.ts';
import { accessTokens } from '../schema.ts';
import { hashSecret } from './hash-secret.ts';
import type { Oid4vciDeps } from './oid4vci-deps.ts';

export interface IssuedAccessToken {
  accessToken: string;
  expiresIn: number;
  configurationIds: string[];
}

/** What a redeemed grant gives its token: the holder, the credentials and where it came from. */
export type AccessTokenGrant = Omit<typeof accessTokens.$inferInsert, 'tokenHash' | 'expiresAt'>;

/**
 * Stores the access token a token request redeemed a grant for (hashed, bound to the DPoP key
 * `jkt`), inside the transaction that marks the grant used. Both grants of the token endpoint
 * (pre-authorized code and authorization code) end here, so their tokens cannot differ.
 */
export async function grantAccessToken(tx: Database, deps: Pick<Oid4vciDeps, 'accessTokenSeconds'>, accessToken: string, grant: AccessTokenGrant, now: Date): Promise<void> {
  await tx.insert(accessTokens).values({
    ...grant, tokenHash: hashSecret(accessToken), expiresAt: new Date(now.getTime() + deps.accessTokenSeconds * 1000),
  });
}

/** The token endpoint's answer for a grant's outcome: the token, or `invalid_grant` with why not. */
export function accessTokenAnswer(deps: Pick<Oid4vciDeps, 'accessTokenSeconds'>, accessToken: string, outcome: { fail: string } | { configurationIds: string[] }): IssuedAccessToken {
  if ('fail' in outcome) throw invalidGrant(outcome.fail);
  return { accessToken, expiresIn: deps.accessTokenSeconds, configurationIds: outcome.configurationIds };
}
