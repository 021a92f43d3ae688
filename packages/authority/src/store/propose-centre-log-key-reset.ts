// SPDX-License-Identifier: Apache-2.0
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { appendEvent, NotFound, type Clock, type Database } from '@tessera/platform';
import { CentreLogKeyResetRefused } from '../domain/authority-errors.ts';
import { centreLogKeyResets, partnerCentres } from './schema.ts';

/** The public Ed25519 key as the authority pins it, when `jwk` is one (else null). */
async function ed25519PublicKey(jwk: Readonly<Record<string, unknown>>): Promise<{ kty: 'OKP'; crv: 'Ed25519'; x: string } | null> {
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string' || 'd' in jwk) return null;
  const key = { kty: 'OKP' as const, crv: 'Ed25519' as const, x: jwk.x };
  try {
    await crypto.subtle.importKey('jwk', key, { name: 'Ed25519' }, false, ['verify']);
    return key;
  } catch {
    return null;
  }
}

/**
 * An overseer proposes a new log key for a centre that lost its own (it cannot sign a rotation
 * statement): the new public key and the reason, which a second overseer must approve before
 * anything the centre sends is checked against it (`approveCentreLogKeyReset`). One transaction
 * with a `centre.log_key_reset_proposed` event; a proposal still waiting is superseded by it.
 * A key that is no public Ed25519 key, or the key pinned now, or no reason: refused, nothing changes.
 */
export async function proposeCentreLogKeyReset(deps: { db: Database; clock: Clock }, location: string, o: { newKey: Readonly<Record<string, unknown>>; reason: string }, actor: string) {
  const reason = o.reason.trim();
  if (reason.length < 3 || reason.length > 500) throw new CentreLogKeyResetRefused('Give the reason for the reset, 3 to 500 characters.');
  const newKey = await ed25519PublicKey(o.newKey);
  if (!newKey) throw new CentreLogKeyResetRefused('The new key is not a public Ed25519 key.');
  return deps.db.transaction(async (tx) => {
    const [centre] = await tx.select().from(partnerCentres).where(eq(partnerCentres.location, location)).for('update');
    if (!centre) throw new NotFound('No partner centre has this code.');
    if (centre.logKey?.x === newKey.x) throw new CentreLogKeyResetRefused('The new key is the key pinned now.');
    const at = deps.clock.now();
    const superseded = await tx.update(centreLogKeyResets).set({ state: 'superseded' })
      .where(and(eq(centreLogKeyResets.location, location), eq(centreLogKeyResets.state, 'proposed'))).returning({ id: centreLogKeyResets.id });
    const id = randomUUID();
    await tx.insert(centreLogKeyResets).values({ id, location, newKey, reason, state: 'proposed', proposedBy: actor, proposedAt: at });
    await appendEvent(tx, {
      context: 'authority', type: 'centre.log_key_reset_proposed', subject: location, actor, at,
      data: { id, pinned: centre.logKey, newKey, reason, ...(superseded[0] ? { supersedes: superseded[0].id } : {}) },
    });
    return { id, location, newKey, reason, proposedBy: actor, proposedAt: at };
  });
}
