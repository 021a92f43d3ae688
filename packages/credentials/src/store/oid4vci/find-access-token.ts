// SPDX-License-Identifier: Apache-2.0
import { eq } from 'drizzle-orm';
import { accessTokens } from '../schema.ts';
import { hashSecret } from './hash-secret.ts';
import type { Oid4vciDeps } from './oid4vci-deps.ts';

export type AccessGrant = typeof accessTokens.$inferSelect;

/** The grant behind an access token, if it exists and has not expired. */
export async function findAccessToken(deps: Oid4vciDeps, token: string): Promise<AccessGrant | null> {
  const [row] = await deps.db.select().from(accessTokens).where(eq(accessTokens.tokenHash, hashSecret(token)));
  return row && row.expiresAt > deps.clock.now() ? row : null;
}
