// SPDX-License-Identifier: Apache-2.0
import type { Clock, Database } from '@tessera/platform';
import { keyTableBackend, WrappedKeyStore, type KeyStore, type KeyStoreBackend } from '@tessera/trust';
import { wrappedKeys } from '../schema.ts';

/** Sealed keys in the credentials schema: the store of a credentials part that runs on its own storage. */
export function credentialsKeyBackend(db: Database, clock: Clock): KeyStoreBackend {
  return keyTableBackend(db, clock, wrappedKeys);
}

/**
 * The credentials part's own key store: the issuer's and relying parties' keys, sealed under the
 * KEK (AES-256-GCM, as the CA keys are) in its own schema.
 */
export function openCredentialsKeyStore(db: Database, clock: Clock, kek: Uint8Array): Promise<KeyStore> {
  return WrappedKeyStore.open({ kek, backend: credentialsKeyBackend(db, clock) });
}
