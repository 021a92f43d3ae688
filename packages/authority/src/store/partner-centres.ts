// SPDX-License-Identifier: Apache-2.0
import { eq } from 'drizzle-orm';
import { appendEvent, type Clock, type Database } from '@tessera/platform';
import { CentreSuspended, NotACentre } from '../domain/authority-errors.ts';
import { partnerCentres } from './schema.ts';

/**
 * Records which exchange subsystem stands for which partner pickup location, and pins the key
 * its transparency log signs tree heads with, as the centre handed it over at accreditation; run
 * at start. A key is pinned once (with a `centre.log_key_pinned` event): a different key offered
 * later is not taken — it is answered in `conflicts`, and the centre's heads stay checked against
 * the pinned one — so a restart with another key file can never swap the key the centre's
 * history is judged by. A centre's suspension is kept across restarts.
 */
export async function upsertPartnerCentres(
  db: Database, clock: Clock,
  centres: ReadonlyArray<{ location: string; exchangeClient: string; /** The public JWK of the centre's transparency-log key, as the centre registered it. */ logKey?: Record<string, unknown> }>,
): Promise<{ conflicts: string[] }> {
  const conflicts: string[] = [];
  for (const c of centres) {
    const logKey = c.logKey ? { kty: c.logKey.kty, crv: c.logKey.crv, x: c.logKey.x } : null;
    await db.transaction(async (tx) => {
      const at = clock.now();
      const [existing] = await tx.select().from(partnerCentres).where(eq(partnerCentres.location, c.location)).for('update');
      if (!existing) await tx.insert(partnerCentres).values({ location: c.location, exchangeClient: c.exchangeClient, logKey, state: 'active', changedAt: at });
      else if (existing.exchangeClient !== c.exchangeClient || (logKey && !existing.logKey)) {
        await tx.update(partnerCentres).set({ exchangeClient: c.exchangeClient, ...(logKey && !existing.logKey ? { logKey } : {}) }).where(eq(partnerCentres.location, c.location));
      }
      if (logKey && existing?.logKey && !sameKey(existing.logKey, logKey)) conflicts.push(c.location);
      if (logKey && !existing?.logKey) {
        await appendEvent(tx, { context: 'authority', type: 'centre.log_key_pinned', subject: c.location, actor: 'system', at, data: { exchangeClient: c.exchangeClient, key: logKey } });
      }
    });
  }
  return { conflicts };
}

const sameKey = (a: Record<string, unknown>, b: Record<string, unknown>) => a.kty === b.kty && a.crv === b.crv && a.x === b.x;

/** Every partner centre's exchange subsystem and state, for the jobs that carry a suspension to the registry and the centre. */
export async function partnerCentreStates(db: Database): Promise<Array<{ location: string; exchangeClient: string; state: 'active' | 'suspended' }>> {
  return db.select({ location: partnerCentres.location, exchangeClient: partnerCentres.exchangeClient, state: partnerCentres.state }).from(partnerCentres);
}

/**
 * The pickup location a caller of the authority's centre services stands for, by its whole
 * X-Road client identifier as the provider gateway authenticated it. Not a centre, or a
 * suspended one: refused before anything is read.
 */
export async function centreForClient(db: Database, client: string | string[] | undefined): Promise<string> {
  if (typeof client !== 'string' || client.length === 0) throw new NotACentre('The caller is not a collection centre.');
  const [centre] = await db.select().from(partnerCentres).where(eq(partnerCentres.exchangeClient, client));
  // The database compares text exactly; compared again here so no collation can widen it.
  if (!centre || centre.exchangeClient !== client) throw new NotACentre('The caller is not a collection centre.');
  if (centre.state !== 'active') throw new CentreSuspended('This centre is suspended by the authority.');
  return centre.location;
}
