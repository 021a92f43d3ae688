// SPDX-License-Identifier: Apache-2.0
import { eq } from 'drizzle-orm';
import { isUniqueViolation, type Clock, type Database } from '@tessera/platform';
import { KeyLabelTaken } from '../trust-errors.ts';
import type { KeyStoreBackend, WrappedKey } from '../ca/key-store.ts';
import { wrappedKeys } from './schema.ts';

/** Wrapped CA and responder keys in the trust schema, beside the registers they sign for. */
export function databaseKeyBackend(db: Database, clock: Clock): KeyStoreBackend {
  return {
    async get(label) {
      const [row] = await db.select().from(wrappedKeys).where(eq(wrappedKeys.label, label));
      return row ? (row.wrapped as unknown as WrappedKey) : null;
    },
    async put(label, key) {
      try {
        await db.insert(wrappedKeys).values({ label, wrapped: key as unknown as Record<string, unknown>, createdAt: clock.now() });
      } catch (error) {
        if (isUniqueViolation(error)) throw new KeyLabelTaken(label);
        throw error;
      }
    },
  };
}
