// SPDX-License-Identifier: Apache-2.0
import { readFile } from 'node:fs/promises';
import { pruneIdempotencyKeys, pruneRateLimits, scheduleExclusive, startLogSequencer, startMailDelivery } from '@tessera/platform';
import { dispatchShipments, exchangeCentreClient, notifyCentreStates, partnerCentreStates, retryCardOrders, retryPendingRefunds, upsertLocations, upsertPartnerCentres, DEFAULT_LOCATIONS } from '@tessera/authority';
import { authorityDeps, buildAuthorityPortal } from '../authority-portal.ts';
import { centreClientId, clientId } from '../exchange/members.ts';
import { registryCentreAccess } from '../exchange/centre-access.ts';
import { configuredCentres } from '../start-centre.ts';
import { startMemberServices } from '../exchange/member-services.ts';
import { loadLogSigningKey } from '../log-signing-key.ts';
import { setUpTrust } from '../trust-setup.ts';
import { Closers } from '../closers.ts';
import { smtpTransportOf } from '../smtp-url.ts';
import { paymentsUrlOf, pkiUrlOf, portalUrlOf } from './urls.ts';
import type { Part } from './part.ts';

/**
 * The issuing authority: its web portal (applicants, officers, citizens, the card register, the
 * registry's operator console) and its services for the partner centres behind its gateway. Its
 * scheduled jobs run in one portal process at a time.
 */
export const portalPart: Part = {
  summary: 'authority portal and officer console, with the authority’s card services for its gateway',
  async start({ config, serve, storage, clock, onJobError }) {
    const closers = new Closers();
    try {
      await upsertLocations(storage.db, DEFAULT_LOCATIONS.map((l) => ({ ...l, active: config.openLocations.includes(l.code) })));
      const trust = await setUpTrust({ storage, clock, kek: config.keyEncryptionKey, pkiUrl: pkiUrlOf(config), dataDir: config.dataDir, ceremony: 'never' });
      const portalUrl = portalUrlOf(config);
      const deps = authorityDeps({ config, storage, clock, trust: trust.deps, portalUrl, paymentsUrl: paymentsUrlOf(config, serve) });
      // The centre's log key as its operator handed it over; without it no tree head of the centre is accepted.
      const centreLogKey = config.centreLogKeyFile ? (JSON.parse(await readFile(config.centreLogKeyFile, 'utf8')) as Record<string, unknown>) : undefined;
      const registered = await upsertPartnerCentres(storage.db, clock, configuredCentres(config.openLocations).map((c) => ({ location: c.code, exchangeClient: centreClientId(c.code), ...(centreLogKey ? { logKey: centreLogKey } : {}) })));
      // The pinned key stays: heads signed with another key are refused and flagged.
      for (const location of registered.conflicts) onJobError('centre-registration', new Error(`${location}: the configured transparency-log key differs from the one pinned at registration`));
      // Manifests go to the centres through the authority's own gateway; without it, shipments wait.
      if (serve.authorityGatewayUrl) deps.centreExchange = exchangeCentreClient({ gatewayUrl: serve.authorityGatewayUrl.replace(/\/$/, ''), authorityClient: clientId('authority'), fetch });
      const services = await startMemberServices({ storage, cookieSecret: config.cookieSecret, logLevel: config.logLevel, authority: deps, listen: { host: config.host, port: serve.servicesPort } });
      closers.add(() => services.server.close());
      // The registry process notices an operator's change at its next check and publishes it.
      const portal = await buildAuthorityPortal({ config, storage, clock, trust: trust.deps, deps, portalUrl, onRegistryChange: async () => undefined });
      closers.add(() => portal.close());
      if (config.smtpUrl) {
        const transport = smtpTransportOf(config.smtpUrl, config.mailFrom);
        closers.add(startMailDelivery({ db: storage.db, clock, transport, intervalMs: 1000, onError: (error) => onJobError('mail', error) }));
      } else {
        portal.log.warn('TESSERA_SMTP_URL is not set: e-mail stays in the outbox until it is');
      }
      const logKey = await loadLogSigningKey({ dataDir: config.dataDir, kek: Buffer.from(config.keyEncryptionKey, 'hex') });
      closers.add(scheduleExclusive(storage, 'authority:retries', 60_000, async () => {
        await retryPendingRefunds(deps);
        await retryCardOrders(deps);
        await pruneRateLimits(storage.db, new Date(clock.now().getTime() - 86_400_000));
        await pruneIdempotencyKeys(storage.db, clock);
      }, onJobError));
      // Cards leave the bureau in shipments to the centres: one portal process at a time assembles and sends them.
      // A suspension is carried to the registry (same database; the registry part publishes it at its
      // next check) and to the centre over the exchange, after each change and on this timer.
      deps.centreAccess = registryCentreAccess({ db: storage.db, clock }, async () => undefined);
      closers.add(scheduleExclusive(storage, 'authority:shipments', 5_000, async () => {
        await dispatchShipments(deps);
        for (const c of await partnerCentreStates(storage.db)) await deps.centreAccess!(c.exchangeClient, c.state === 'active');
        await notifyCentreStates(deps);
      }, onJobError));
      // The log's sequencer takes its own advisory lock: one portal process numbers and signs at a time.
      const sequencer = startLogSequencer({ db: storage.db, key: logKey, clock, onError: (error) => onJobError('transparency:sequencer', error) });
      closers.add(() => sequencer.stop());
      const url = await portal.listen({ host: config.host, port: config.port });
      return { urls: { portal: url, services: services.url }, close: () => closers.closeAll() };
    } catch (error) {
      await closers.closeAll().catch(() => undefined);
      throw error;
    }
  },
};
