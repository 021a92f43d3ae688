// SPDX-License-Identifier: Apache-2.0
import { constants } from 'node:fs';
import { copyFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock } from '@tessera/platform';
import { LogKeyMissing, LogKeyRotationNotPending } from './tessera-errors.ts';
import { importKek, loadLogSigningKey, publishOnce, readSealedLogKey, sealedKeyFile, sealLogKey, unsealLogKey, type LogSigningKey } from './log-signing-key.ts';

/** The log's next key, made and sealed but not yet signing: kept beside the current one until the switch. */
export const nextSealedKeyFile = (dataDir: string) => join(dataDir, 'keys', 'transparency-log.next.sealed.json');
/** Where a key the log no longer signs with is kept (sealed as before), named by its key id. */
export const retiredSealedKeyFile = (dataDir: string, kid: string) => join(dataDir, 'keys', `transparency-log.retired-${kid}.sealed.json`);

/**
 * The current log key and the next one: made, sealed under the KEK like the current one and
 * written once, when none is pending; the pending one otherwise (asking again makes no second key).
 */
export async function prepareNextLogKey(o: { dataDir: string; kek: Uint8Array; clock: Clock }): Promise<{ current: LogSigningKey; next: LogSigningKey; made: boolean }> {
  if (!(await readSealedLogKey(sealedKeyFile(o.dataDir)))) throw new LogKeyMissing('This part has no transparency-log key yet: it is made at its first start.');
  const current = await loadLogSigningKey(o);
  const kek = await importKek(o.kek);
  let made = false;
  let sealed = await readSealedLogKey(nextSealedKeyFile(o.dataDir));
  if (!sealed) {
    const { privateKey } = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
    const candidate = await sealLogKey(kek, privateKey, `log-${o.clock.now().toISOString().slice(0, 10)}-${crypto.randomUUID().slice(0, 8)}`);
    made = await publishOnce(nextSealedKeyFile(o.dataDir), JSON.stringify(candidate));
    sealed = made ? candidate : (await readSealedLogKey(nextSealedKeyFile(o.dataDir)))!;
  }
  return { current, next: await unsealLogKey(kek, sealed), made };
}

/** The pending next key, opened; refused when there is none. */
export async function pendingLogKey(o: { dataDir: string; kek: Uint8Array }): Promise<LogSigningKey> {
  const sealed = await readSealedLogKey(nextSealedKeyFile(o.dataDir));
  if (!sealed) throw new LogKeyRotationNotPending('No next log key is pending: make it and have it approved first (tessera centre rotate-log-key, without --switch).');
  return unsealLogKey(await importKek(o.kek), sealed);
}

/**
 * Makes the pending key the log's key: the current one is copied aside first (kept sealed, never
 * overwritten), then the pending file is renamed over the current one, atomically, so a crash
 * leaves either the old key or the new one in place and never none (which would make a fresh key).
 */
export async function switchToNextLogKey(o: { dataDir: string; retiringKid: string }): Promise<void> {
  await copyFile(sealedKeyFile(o.dataDir), retiredSealedKeyFile(o.dataDir, o.retiringKid), constants.COPYFILE_EXCL).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
  await rename(nextSealedKeyFile(o.dataDir), sealedKeyFile(o.dataDir));
}
