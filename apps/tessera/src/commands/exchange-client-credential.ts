// SPDX-License-Identifier: Apache-2.0
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { registry, revokeClientCredential, rotateClientCredential } from '@tessera/exchange';
import { NotFound, openStorage, systemClock } from '@tessera/platform';
import type { TesseraConfig } from '../config.ts';
import { clientSecretFile, sharedGatewayName, writeClientSecret } from '../exchange/hosted-agencies.ts';
import { INSTANCE } from '../exchange/members.ts';

/**
 * `tessera exchange rotate-client-credential <CLASS/CODE/SUBSYSTEM>`: on the agencies' shared
 * gateway, gives a hosted subsystem's information system a new secret, written to its file under
 * the data folder; the old one is refused at once. The secret is never printed.
 * `tessera exchange revoke-client-credential <CLASS/CODE/SUBSYSTEM>`: ends it, at once, and
 * removes its file: the gateway's own stop for a subsystem it should no longer serve, effective
 * before the registry's next configuration reaches it (a subsystem the registry still lists is
 * issued a new credential at the gateway's next start). Exit 0 on success, 1 when the subsystem
 * has no credential, 2 on a usage error.
 */
export async function exchangeClientCredentialCommand(config: TesseraConfig, action: 'rotate' | 'revoke', subsystem: string | undefined, out: NodeJS.WritableStream): Promise<number> {
  const client = subsystem ? registry.parseSubsystemKey(subsystem) : null;
  if (!client) {
    out.write(`Usage: tessera exchange ${action}-client-credential <CLASS/CODE/SUBSYSTEM>\n`);
    return 2;
  }
  const dataDir = resolve(config.dataDir);
  const storage = await openStorage(config.databaseUrl ? { kind: 'postgres', url: config.databaseUrl } : { kind: 'pglite', dataDir: join(dataDir, 'pglite') });
  const dir = join(dataDir, 'exchange-client-credentials');
  try {
    const deps = { db: storage.db, clock: systemClock };
    const id = { instance: INSTANCE, ...client };
    if (action === 'revoke') {
      await revokeClientCredential(deps, 'registry-operator', sharedGatewayName(), id);
      await rm(clientSecretFile(dir, client), { force: true });
      out.write(`Revoked: ${subsystem} can no longer send through ${sharedGatewayName()}.\n`);
      return 0;
    }
    await writeClientSecret(dir, client, await rotateClientCredential(deps, 'registry-operator', sharedGatewayName(), id));
    out.write(`Rotated: the new secret of ${subsystem} is in ${clientSecretFile(dir, client)}; the old one is refused from now on.\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof NotFound)) throw error;
    out.write(`${subsystem} has no credential on ${sharedGatewayName()}.\n`);
    return 1;
  } finally {
    await storage.close();
  }
}
