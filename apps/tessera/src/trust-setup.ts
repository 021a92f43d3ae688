// SPDX-License-Identifier: Apache-2.0
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock, Database, Storage } from '@tessera/platform';
import {
  caBundle, caCertificates, databaseKeyBackend, EmulatedCardBureau, hasHierarchy, installHierarchy, runKeyCeremony, StatusChanges, WrappedKeyStore, type TrustDeps,
} from '@tessera/trust';

export const HIERARCHY_NAME = 'Tessera 2026';

export interface TrustSetup {
  deps: TrustDeps & { bureau: EmulatedCardBureau };
  /** Where the CA certificates are written for relying parties (openssl -CAfile). */
  bundlePath: string;
  /** Set when this start ran the key ceremony. */
  ceremony: boolean;
  /** The same keys read through another handle, e.g. an open transaction that must not wait for the pool. */
  keyStoreOn(db: Database): Promise<WrappedKeyStore>;
}

/**
 * Opens the key store and, with `ceremony: 'if-missing'` (development), runs the key ceremony
 * on first start; production runs `tessera trust init` once instead and refuses to start without
 * a hierarchy. Writes the CA bundle to the data folder.
 */
export async function setUpTrust(o: { storage: Storage; clock: Clock; kek: string; pkiUrl: string; dataDir: string; ceremony: 'if-missing' | 'required' | 'never'; rootKeyStore?: WrappedKeyStore }): Promise<TrustSetup> {
  const keyStoreOn = (db: Database) => WrappedKeyStore.open({ kek: Buffer.from(o.kek, 'hex'), backend: databaseKeyBackend(db, o.clock) });
  const keyStore = await keyStoreOn(o.storage.db);
  let ran = false;
  const exists = await hasHierarchy(o.storage.db);
  if (o.ceremony === 'required' || (!exists && o.ceremony === 'if-missing')) {
    const hierarchy = await runKeyCeremony({ keyStore, clock: o.clock, baseUrl: o.pkiUrl, name: HIERARCHY_NAME, ...(o.rootKeyStore ? { rootKeyStore: o.rootKeyStore } : {}) });
    await installHierarchy(o.storage.db, o.clock, hierarchy);
    ran = true;
  } else if (!exists) {
    throw new Error('No certificate authority yet: run `tessera trust init` (the key ceremony) first.');
  }
  const bundlePath = join(o.dataDir, 'pki', 'ca-bundle.pem');
  await mkdir(join(o.dataDir, 'pki'), { recursive: true });
  await writeFile(bundlePath, await caBundle(o.storage.db));
  // Each CA alone too: the root for -CAfile, an issuing CA for openssl ocsp -issuer.
  for (const { role, certificate } of await caCertificates(o.storage.db)) await writeFile(join(o.dataDir, 'pki', `${role}.pem`), certificate.toString('pem'));
  return {
    deps: {
      db: o.storage.db, clock: o.clock, keyStore, bureau: new EmulatedCardBureau(), statusChanges: new StatusChanges(),
      randomBytes: (n) => new Uint8Array(randomBytes(n)), cardValidityYears: 5, collectionMonths: 6,
    },
    bundlePath,
    ceremony: ran,
    keyStoreOn,
  };
}
