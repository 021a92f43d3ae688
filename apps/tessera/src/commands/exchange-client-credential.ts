// SPDX-License-Identifier: Apache-2.0
import { join, resolve } from 'node:path';
import { registry, rotateClientCredential } from '@tessera/exchange';
import { NotFound, openStorage, systemClock } from '@tessera/platform';
import type { TesseraConfig } from '../config.ts';
import { clientSecretFile, sharedGatewayName, writeClientSecret } from '../exchange/hosted-agencies.ts';
import { INSTANCE } from '../exchange/members.ts';

/**
 * `tessera exchange rotate-client-credential <CLASS/CODE/SUBSYSTEM>`: on the agencies' shared
 * gateway, gives a hosted subsystem's information system a new secret, written to its file under
 * the data folder; the old one is refused at once. The secret is never printed. Exit 0 on
 * success, 1 when the subsystem has no credential, 2 on a usage error. (Ending a credential goes
 * with ending the hosting: a subsystem the shared gateway still hosts is issued one at start.)
 */
export async function exchangeClientCredentialCommand(config: TesseraConfig, subsystem: string | undefined, out: NodeJS.WritableStream): Promise<number> {
  const client = subsystem ? registry.parseSubsystemKey(subsystem) : null;
  if (!client) {
    out.write('Usage: tessera exchange rotate-client-credential <CLASS/CODE/SUBSYSTEM>\n');
    return 2;
  }
  const dataDir = resolve(config.dataDir);
  const storage = await openStorage(config.databaseUrl ? { kind: 'postgres', url: config.databaseUrl } : { kind: 'pglite', dataDir: join(dataDir, 'pglite') });
  const dir = join(dataDir, 'exchange-client-credentials');
  try {
    const deps = { db: storage.db, clock: systemClock };
    await writeClientSecret(dir, client, await rotateClientCredential(deps, 'registry-operator', sharedGatewayName(), { instance: INSTANCE, ...client }));
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
