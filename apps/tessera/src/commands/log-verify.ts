// SPDX-License-Identifier: Apache-2.0
import { join, resolve } from 'node:path';
import { openStorage, verifyLog } from '@tessera/platform';
import type { TesseraConfig } from '../config.ts';
import { publicKeyFile, readLogPublicKey } from '../log-signing-key.ts';

/**
 * `tessera log verify`: recomputes every leaf and root of the transparency log from the stored
 * events and checks every signed tree head against the log's public key. Exit code 1 on any
 * problem, so it can run from cron or CI. Needs only the log's public key (`--key <jwk file>`).
 */
export async function verifyLogCommand(config: TesseraConfig, out: NodeJS.WritableStream, keyFile?: string): Promise<number> {
  const dataDir = resolve(config.dataDir);
  const storage = await openStorage(config.databaseUrl ? { kind: 'postgres', url: config.databaseUrl } : { kind: 'pglite', dataDir: join(dataDir, 'pglite') });
  try {
    const result = await verifyLog(storage.db, await readLogPublicKey(keyFile ?? publicKeyFile(dataDir)));
    out.write(`${JSON.stringify(result, null, 2)}\n`);
    out.write(result.ok ? `The transparency log is intact: ${result.size} entries.\n` : `The transparency log FAILED verification: ${result.problems.length} problem(s).\n`);
    return result.ok ? 0 : 1;
  } finally {
    await storage.close();
  }
}
