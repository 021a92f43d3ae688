// SPDX-License-Identifier: Apache-2.0
import { buildServer, runExclusive, scheduleExclusive } from '@tessera/platform';
import { registry } from '@tessera/exchange';
import { setUpTrust } from '../trust-setup.ts';
import { enrolMembers } from '../exchange/enrol-members.ts';
import { INSTANCE } from '../exchange/members.ts';
import { loadRegistryKey } from './registry-key.ts';
import { pkiUrlOf } from './urls.ts';
import type { Part } from './part.ts';

const VALIDITY_MINUTES = 15;

/** The registry's state without what changes on every publication. */
const content = (document: registry.GlobalConfiguration) => {
  const { serial: _serial, issuedAt: _issued, expiresAt: _expires, ...rest } = document;
  return JSON.stringify(rest);
};

/**
 * The exchange's central registry: serves the signed global configuration to every gateway and
 * publishes a new one when the registry changed (a gateway registered, a right revoked) or half
 * of the current one's validity has passed — in one registry process at a time.
 */
export const registryPart: Part = {
  summary: 'exchange registry (signed global configuration for the gateways)',
  settings: ['keyEncryptionKey', 'cookieSecret'],
  async start({ config, serve, storage, clock, onJobError }) {
    const deps = { db: storage.db, clock };
    const trust = await setUpTrust({ storage, clock, kek: config.keyEncryptionKey, pkiUrl: pkiUrlOf(config), dataDir: config.dataDir, ceremony: 'never' });
    const signingKey = await loadRegistryKey(config.dataDir);
    const publishIfChanged = async () => {
      const latest = await registry.latestGlobalConfiguration(storage.db);
      const next = await registry.buildGlobalConfiguration(storage.db, { instance: INSTANCE, clock, validityMinutes: VALIDITY_MINUTES });
      const halfLeft = latest && latest.expiresAt.getTime() - clock.now().getTime() > (VALIDITY_MINUTES * 60_000) / 2;
      if (latest && halfLeft && content(latest.document) === content(next)) return;
      await registry.publishGlobalConfiguration(deps, 'registry', { instance: INSTANCE, validityMinutes: VALIDITY_MINUTES, signingKey });
    };
    await runExclusive(storage, 'registry:enrol', async () => {
      await enrolMembers(deps, trust.deps);
      await publishIfChanged();
    });
    const stopJob = scheduleExclusive(storage, 'registry:publish', serve.configurationRefreshSeconds * 1000, publishIfChanged, onJobError);
    const server = await buildServer({ title: 'Tessera — exchange registry', cookieSecret: config.cookieSecret, logLevel: config.logLevel, storage });
    server.get('/exchange/global-configuration', { schema: { hide: true } }, async (_request, reply) => {
      const latest = await registry.latestGlobalConfiguration(storage.db);
      if (!latest) return reply.code(503).send({ status: 'no configuration published yet' });
      return reply.type('application/jose').header('cache-control', 'no-store').send(latest.jws);
    });
    const url = await server.listen({ host: config.host, port: serve.registryPort });
    return {
      urls: { registry: url },
      async close() {
        stopJob();
        await server.close();
      },
    };
  },
};
