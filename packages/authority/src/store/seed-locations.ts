// SPDX-License-Identifier: Apache-2.0
import type { Database } from '@tessera/platform';
import type { PickupLocation } from '../domain/locations/default-locations.ts';
import { pickupLocations } from './schema.ts';

/** Inserts or updates the configured pickup locations (active flags and surcharges come from config). */
export async function upsertLocations(db: Database, locations: readonly PickupLocation[]): Promise<void> {
  for (const l of locations) {
    await db.insert(pickupLocations).values(l).onConflictDoUpdate({
      target: pickupLocations.code,
      set: { name: l.name, kind: l.kind, city: l.city, country: l.country, timeZone: l.timeZone, surchargeMinor: l.surchargeMinor, active: l.active },
    });
  }
}

export async function listLocations(db: Database) {
  return db.select().from(pickupLocations).orderBy(pickupLocations.name);
}
