// SPDX-License-Identifier: Apache-2.0
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConfig } from '../config.ts';
import { startFederation, type Federation } from '../federation.ts';
import { federationPorts } from '../testing/free-port.ts';
import { benefitsServiceDeps } from './benefits-service.ts';
import type { BenefitsDeps } from '@tessera/benefits';

/** The whole federation on free ports and a fresh data folder, without the demo world, for the benefits tests. */
export async function startTestFederation(env: Record<string, string> = {}): Promise<Federation & { dispose(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-benefits-'));
  const config = readConfig({
    ...(await federationPorts()),
    TESSERA_DATA_DIR: dir, TESSERA_DEMO: 'false', TESSERA_LOG_LEVEL: 'silent', ...env,
  }).values;
  const federation = await startFederation(config, { warnings: [], quiet: true }).catch((error: unknown) => {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  });
  return Object.assign(federation, {
    async dispose() {
      await federation.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  });
}

/** The benefits service's dependencies over the test federation's exchange, as a test acting for the service uses them. */
export const benefitsDepsOf = (federation: Federation): BenefitsDeps => benefitsServiceDeps({
  db: federation.storage.db, clock: { now: () => new Date() }, gatewayUrl: federation.exchange.gateways.benefits!, pageUrl: new URL('/citizen/benefits', federation.urls.portal).toString(),
});
