// SPDX-License-Identifier: Apache-2.0
import { join } from 'node:path';
import { appendEvent, signLogKeyRotation, systemClock, type Clock, type LogKeyRotation, type Storage } from '@tessera/platform';
import type { TesseraConfig } from '../config.ts';
import { pendingLogKey, prepareNextLogKey, switchToNextLogKey } from '../next-log-key.ts';
import { loadLogSigningKey } from '../log-signing-key.ts';
import { configuredCentres, openCentreStorage } from '../start-centre.ts';

const publicKey = (jwk: Readonly<Record<string, unknown>>) => ({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, kid: jwk.kid });

/**
 * `tessera centre rotate-log-key [--switch]`, on the centre's side (docs/centre-log-key-rotation.md).
 * Without `--switch`: makes the log's next Ed25519 key, sealed under the KEK beside the current
 * one (once: asked again it takes the pending key), and prints for each live centre the rotation
 * statement signed by the current and the new key, which the authority's overseer posts to
 * `POST /api/v1/officer/centres/{location}/log-key`; each statement is logged in the centre's log.
 * With `--switch`: the pending key becomes the log's key (the centre signs with it from its next
 * start), logged likewise; refused when no key is pending. The centre's own storage is opened
 * (embedded storage only while the centre is stopped: one process holds it).
 */
export async function centreRotateLogKeyCommand(
  config: TesseraConfig, o: { switch: boolean }, out: NodeJS.WritableStream,
  deps: { open?: () => Promise<Storage>; clock?: Clock } = {},
): Promise<number> {
  const clock = deps.clock ?? systemClock;
  const dataDir = join(config.dataDir, 'centre');
  const kek = Buffer.from(config.keyEncryptionKey, 'hex');
  const centres = configuredCentres(config.openLocations).filter((c) => c.live).map((c) => c.code);
  if (o.switch) {
    // Before the storage is opened: nothing pending, nothing to do.
    const next = await pendingLogKey({ dataDir, kek });
    const current = await loadLogSigningKey({ dataDir, kek });
    const storage = await (deps.open ?? (() => openCentreStorage(config, config.dataDir)))();
    try {
      await storage.db.transaction(async (tx) => {
        for (const location of centres) {
          await appendEvent(tx, { context: 'centre', type: 'centre.log_key_switched', subject: location, actor: 'cli', at: clock.now(), data: { from: publicKey(current.publicJwk), to: publicKey(next.publicJwk) } });
        }
        // Last, inside the transaction: a failed switch logs nothing; the file swap itself cannot leave the log without a key.
        await switchToNextLogKey({ dataDir, retiringKid: current.kid });
      });
    } finally {
      await storage.close();
    }
    out.write(`The transparency log now has the key ${next.kid} (the retired key ${current.kid} is kept sealed). A serving centre signs its next tree head with it (no restart needed).\n`);
    return 0;
  }
  const { current, next, made } = await prepareNextLogKey({ dataDir, kek, clock });
  const at = clock.now();
  const statements: Array<[string, LogKeyRotation]> = [];
  for (const location of centres) statements.push([location, await signLogKeyRotation({ log: location, oldKey: current.privateKey, newKey: next.privateKey, newPublicJwk: next.publicJwk, at })]);
  const storage = await (deps.open ?? (() => openCentreStorage(config, config.dataDir)))();
  try {
    await storage.db.transaction(async (tx) => {
      for (const [location, statement] of statements) {
        await appendEvent(tx, { context: 'centre', type: 'centre.log_key_rotation_signed', subject: location, actor: 'cli', at, data: { from: publicKey(current.publicJwk), to: publicKey(next.publicJwk), statement } });
      }
    });
  } finally {
    await storage.close();
  }
  out.write(`${made ? 'Made the next transparency-log key' : 'The next transparency-log key is already made'}: ${next.kid}, sealed beside the current key ${current.kid}. It signs nothing until the switch.\n`);
  out.write('Hand each statement to the authority’s overseer by the accreditation channel (not over the exchange), to post to POST /api/v1/officer/centres/{location}/log-key:\n');
  for (const [location, statement] of statements) out.write(`${location}: ${JSON.stringify(statement)}\n`);
  out.write('Once the authority has approved every statement: tessera centre rotate-log-key --switch (a serving centre takes the new key for its next head).\n');
  return 0;
}
