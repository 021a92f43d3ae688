// SPDX-License-Identifier: Apache-2.0
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { openStorage, systemClock, transparencyMigrations } from '@tessera/platform';
import { hasHierarchy, trustMigrations } from '@tessera/trust';
import type { TesseraConfig } from '../config.ts';
import { setUpTrust } from '../trust-setup.ts';

/**
 * `tessera trust init`: the key ceremony. Creates the root and issuing CAs in the key store
 * (keys encrypted under TESSERA_KEY_ENCRYPTION_KEY), records the hierarchy and writes the CA
 * bundle. Refuses when a hierarchy exists: a second root would split the trust anchors.
 */
export async function trustInitCommand(config: TesseraConfig, out: NodeJS.WritableStream): Promise<number> {
  const dataDir = resolve(config.dataDir);
  const storage = await openStorage(config.databaseUrl ? { kind: 'postgres', url: config.databaseUrl } : { kind: 'pglite', dataDir: join(dataDir, 'pglite') });
  try {
    for (const m of [transparencyMigrations, trustMigrations]) await storage.migrate(m);
    if (await hasHierarchy(storage.db)) {
      out.write('A certificate hierarchy already exists; the key ceremony runs once.\n');
      return 1;
    }
    const pkiUrl = config.pkiUrl || `http://localhost:${config.trustPort}/`;
    const trust = await setUpTrust({ storage, clock: systemClock, kek: config.keyEncryptionKey, pkiUrl, dataDir, ceremony: 'required' });
    const root = (await readFile(trust.bundlePath, 'utf8')).split('-----END CERTIFICATE-----')[0]!;
    const der = Buffer.from(root.replace(/-----BEGIN CERTIFICATE-----|\s/g, ''), 'base64');
    out.write(`Key ceremony complete for ${pkiUrl}\n  CA bundle: ${trust.bundlePath}\n  Root SHA-256 fingerprint: ${createHash('sha256').update(der).digest('hex').toUpperCase().match(/../g)!.join(':')}\n`);
    return 0;
  } finally {
    await storage.close();
  }
}
