// SPDX-License-Identifier: Apache-2.0
import { eq } from 'drizzle-orm';
import type { Clock, Database } from '@tessera/platform';
import { CentreSuspended, NotACentre } from './centre-errors.ts';
import { partnerCentres } from './schema.ts';

/**
 * Records which exchange subsystem stands for which partner pickup location, and the key
 * its transparency log signs tree heads with; run at start.
 * A centre's suspension is kept across restarts (only the mapping is refreshed).
 */
export async function upsertPartnerCentres(
  db: Database, clock: Clock,
  centres: ReadonlyArray<{ location: string; exchangeClient: string; /** The public JWK of the centre's transparency-log key, as the centre registered it. */ logKey?: Record<string, unknown> }>,
): Promise<void> {
  for (const c of centres) {
    const logKey = c.logKey ? { kty: c.logKey.kty, crv: c.logKey.crv, x: c.logKey.x } : null;
    await db.insert(partnerCentres).values({ location: c.location, exchangeClient: c.exchangeClient, logKey, state: 'active', changedAt: clock.now() })
      .onConflictDoUpdate({ target: partnerCentres.location, set: { exchangeClient: c.exchangeClient, ...(logKey ? { logKey } : {}) } });
  }
}

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
