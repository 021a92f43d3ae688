// SPDX-License-Identifier: Apache-2.0
import { and, eq, gt, lt } from 'drizzle-orm';
import { nonces } from '../schema.ts';
import type { Oid4vciDeps } from './oid4vci-deps.ts';

/** A fresh c_nonce from the nonce endpoint (OpenID4VCI 1.0 §7); expired ones are swept on the way. */
export async function issueCNonce(deps: Oid4vciDeps): Promise<string> {
  const nonce = Buffer.from(deps.randomBytes(24)).toString('base64url');
  const now = deps.clock.now();
  await deps.db.delete(nonces).where(lt(nonces.expiresAt, now));
  await deps.db.insert(nonces).values({ nonce, expiresAt: new Date(now.getTime() + deps.cNonceSeconds * 1000) });
  return nonce;
}

/** Accepts a c_nonce once: true if it was issued here, unused and unexpired. */
export async function consumeCNonce(deps: Oid4vciDeps, nonce: string): Promise<boolean> {
  const gone = await deps.db.delete(nonces).where(and(eq(nonces.nonce, nonce), gt(nonces.expiresAt, deps.clock.now()))).returning({ nonce: nonces.nonce });
  return gone.length === 1;
}
