// SPDX-License-Identifier: Apache-2.0
import { eq } from 'drizzle-orm';
import { isUniqueViolation, type Clock, type Database } from '@tessera/platform';
import { KeyLabelTaken, WrappedKeyStore, type KeyStore, type KeyStoreBackend, type WrappedKey } from '@tessera/trust';
import { wrappedKeys } from '../schema.ts';

/** Sealed keys in the credentials schema: the store of a credentials part that runs on its own storage. */
export function credentialsKeyBackend(db: Database, clock: Clock): KeyStoreBackend {
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

/**
 * The credentials part's own key store: the issuer's and relying parties' keys, sealed under the
 * KEK (AES-256-GCM, as the CA keys are) in its own schema.
 */
export function openCredentialsKeyStore(db: Database, clock: Clock, kek: Uint8Array): Promise<KeyStore> {
  return WrappedKeyStore.open({ kek, backend: credentialsKeyBackend(db, clock) });
}
