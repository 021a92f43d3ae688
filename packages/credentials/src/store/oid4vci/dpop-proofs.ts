// SPDX-License-Identifier: Apache-2.0
import { lt, sql } from 'drizzle-orm';
import type { Clock, Database } from '@tessera/platform';
import { dpopProofs } from '../schema.ts';
import { hashSecret } from './hash-secret.ts';

/**
 * Remembers DPoP proof jtis in the issuer's database (RFC 9449 §11.1), so a proof accepted by one
 * process of the issuer is refused by every other: true the first time, false while an earlier
 * use could still be accepted. One statement: a concurrent second use waits on the row and is
 * refused. An entry past its `until` is taken over (and pruned by pruneDpopProofs).
 */
export function dpopProofRegister(deps: { db: Database; clock: Clock }): (jti: string, until: Date) => Promise<boolean> {
  return async (jti, until) => {
    const taken = await deps.db.insert(dpopProofs).values({ jtiHash: hashSecret(jti), expiresAt: until })
      .onConflictDoUpdate({ target: dpopProofs.jtiHash, set: { expiresAt: sql`excluded.expires_at` }, setWhere: lt(dpopProofs.expiresAt, deps.clock.now()) })
      .returning({ jtiHash: dpopProofs.jtiHash });
    return taken.length === 1;
  };
}

/** Forgets the jtis whose proofs are too old to be accepted anyway; returns how many. */
export async function pruneDpopProofs(db: Database, now: Date): Promise<number> {
  return (await db.delete(dpopProofs).where(lt(dpopProofs.expiresAt, now)).returning({ jtiHash: dpopProofs.jtiHash })).length;
}
