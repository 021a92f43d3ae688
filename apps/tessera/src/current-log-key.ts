// SPDX-License-Identifier: Apache-2.0
import { stat } from 'node:fs/promises';
import { loadLogSigningKey, sealedKeyFile, type LogSigningKey } from './log-signing-key.ts';

/**
 * The log's signing key as the key file holds it now: `tessera centre rotate-log-key --switch`,
 * run beside a serving process, renames the next key into place, and the process signs its next
 * head with it without a restart. Each call looks at the file (a stat, no unsealing) and unseals
 * again only when the file was replaced.
 */
export async function currentLogKey(options: { dataDir: string; kek: Uint8Array }): Promise<() => Promise<LogSigningKey>> {
  const file = sealedKeyFile(options.dataDir);
  const version = async () => {
    const s = await stat(file);
    return `${s.ino}:${s.mtimeMs}`;
  };
  let key = await loadLogSigningKey(options);
  let loaded = await version();
  return async () => {
    const now = await version();
    if (now !== loaded) {
      key = await loadLogSigningKey(options);
      loaded = now;
    }
    return key;
  };
}
