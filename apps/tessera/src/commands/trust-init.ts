// SPDX-License-Identifier: Apache-2.0
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { openStorage, systemClock, transparencyMigrations } from '@tessera/platform';
import { FileKeyStoreBackend, hasHierarchy, trustMigrations, WrappedKeyStore } from '@tessera/trust';
import type { TesseraConfig } from '../config.ts';
import { setUpTrust } from '../trust-setup.ts';

/**
 * `tessera trust init`: the key ceremony. Creates the root and issuing CAs in the key store
 * (keys encrypted under TESSERA_KEY_ENCRYPTION_KEY), records the hierarchy and writes the CA
 * bundle. Refuses when a hierarchy exists: a second root would split the trust anchors.
 *
 * With an offline root the root key never enters the running system's store: it is sealed under
 * its own key-encryption key into a folder meant for removable media, kept in a safe and brought
 * back only for the next ceremony (a new issuing CA, a rollover). The online store holds the
 * issuing CAs' keys alone, so a compromise of the servers cannot mint a new CA.
 */
export async function trustInitCommand(config: TesseraConfig, out: NodeJS.WritableStream, offlineRoot?: { directory: string; kek: string | undefined }): Promise<number> {
  if (offlineRoot && !/^[0-9a-fA-F]{64}$/.test(offlineRoot.kek ?? '')) {
    out.write('--offline-root needs TESSERA_ROOT_KEY_ENCRYPTION_KEY: 64 hexadecimal characters, a key kept apart from TESSERA_KEY_ENCRYPTION_KEY.\n');
    return 2;
  }
  if (offlineRoot && offlineRoot.kek!.toLowerCase() === config.keyEncryptionKey) {
    out.write('TESSERA_ROOT_KEY_ENCRYPTION_KEY must differ from TESSERA_KEY_ENCRYPTION_KEY: the online key must not open the root.\n');
    return 2;
  }
  const dataDir = resolve(config.dataDir);
  const storage = await openStorage(config.databaseUrl ? { kind: 'postgres', url: config.databaseUrl } : { kind: 'pglite', dataDir: join(dataDir, 'pglite') });
  try {
    for (const m of [transparencyMigrations, trustMigrations]) await storage.migrate(m);
    if (await hasHierarchy(storage.db)) {
      out.write('A certificate hierarchy already exists; the key ceremony runs once.\n');
      return 1;
    }
    const pkiUrl = config.pkiUrl || `http://localhost:${config.trustPort}/`;
    const rootKeyStore = offlineRoot ? await WrappedKeyStore.open({ kek: Buffer.from(offlineRoot.kek!, 'hex'), backend: new FileKeyStoreBackend(resolve(offlineRoot.directory)) }) : undefined;
    const trust = await setUpTrust({ storage, clock: systemClock, kek: config.keyEncryptionKey, pkiUrl, dataDir, ceremony: 'required', ...(rootKeyStore ? { rootKeyStore } : {}) });
    const root = (await readFile(trust.bundlePath, 'utf8')).split('-----END CERTIFICATE-----')[0]!;
    const der = Buffer.from(root.replace(/-----BEGIN CERTIFICATE-----|\s/g, ''), 'base64');
    out.write(`Key ceremony complete for ${pkiUrl}\n  CA bundle: ${trust.bundlePath}\n  Root SHA-256 fingerprint: ${createHash('sha256').update(der).digest('hex').toUpperCase().match(/../g)!.join(':')}\n`);
    if (offlineRoot) out.write(`  Root key (offline): ${resolve(offlineRoot.directory)} — move it to removable media and keep it in a safe.\n`);
    return 0;
  } finally {
    await storage.close();
  }
}
