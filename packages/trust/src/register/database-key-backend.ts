// SPDX-License-Identifier: Apache-2.0
import { eq } from 'drizzle-orm';
import type { PgTableWithColumns } from 'drizzle-orm/pg-core';
import { isUniqueViolation, type Clock, type Database } from '@tessera/platform';
import { KeyLabelTaken } from '../trust-errors.ts';
import type { KeyStoreBackend } from '../ca/key-store.ts';
import { wrappedKeys } from './schema.ts';

/** A `wrapped_keys` table with trust's columns, in the schema `S` of the context that keeps the keys. */
export type WrappedKeyTable<S extends string> = PgTableWithColumns<{ name: 'wrapped_keys'; schema: S; columns: typeof wrappedKeys._.columns; dialect: 'pg' }>;

/** Wrapped CA and responder keys in the trust schema, beside the registers they sign for. */
export function databaseKeyBackend(db: Database, clock: Clock): KeyStoreBackend {
  return keyTableBackend(db, clock, wrappedKeys);
}

/** Wrapped keys in `table`: a part with storage of its own keeps its keys in its own schema. */
export function keyTableBackend<S extends string>(db: Database, clock: Clock, table: WrappedKeyTable<S>): KeyStoreBackend {
  return {
    async get(label) {
      const [row] = await db.select().from(table).where(eq(table.label, label));
      return row?.wrapped ?? null;
    },
    async put(label, key) {
      try {
        await db.insert(table).values({ label, wrapped: key, createdAt: clock.now() });
      } catch (error) {
        if (isUniqueViolation(error)) throw new KeyLabelTaken(label);
        throw error;
      }
    },
  };
}
