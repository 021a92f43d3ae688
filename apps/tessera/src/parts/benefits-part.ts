// SPDX-License-Identifier: Apache-2.0
import { join } from 'node:path';
import { ALL_PROGRAMMES, BENEFITS_ROLES, benefitsMigrations, registerLifeEventService, registerPolicyConsole } from '@tessera/benefits';
import {
  authMigrations, buildServer, idempotencyMigrations, mailMigrations, negotiateLocale, registerStaffAuth, registerUiAssets, renderProblemPage, scheduleExclusive, startLogSequencer, startMailDelivery, transparencyMigrations,
} from '@tessera/platform';
import { BENEFITS_JOBS, benefitsServiceDeps, periodicEvaluationIfDue, registerCitizenBenefits } from '../benefits/benefits-service.ts';
import { benefitsCertificates, benefitsChannels } from '../benefits/notification-channels.ts';
import { clientId } from '../exchange/members.ts';
import { loadLogSigningKey } from '../log-signing-key.ts';
import { Closers } from '../closers.ts';
import { smtpTransportOf } from '../smtp-url.ts';
import type { TesseraConfig } from '../config.ts';
import type { ServeConfig } from './serve-config.ts';
import type { Part } from './part.ts';
import { requirePartSettings } from './part-settings.ts';
import { openOwnStorage } from './own-storage.ts';
import { portalUrlOf } from './urls.ts';

/** What the benefits service's own database holds: its log, its staff and sessions, its mail outbox, rate limits, its schema. */
export const BENEFITS_PART_MIGRATIONS = [transparencyMigrations, authMigrations, mailMigrations, idempotencyMigrations, benefitsMigrations];

function requireSettings(config: TesseraConfig, serve: ServeConfig): void {
  requirePartSettings('benefits', {
    required: [
      ['TESSERA_BENEFITS_DATABASE_URL', serve.benefitsDatabaseUrl],
      ['TESSERA_BENEFITS_GATEWAY_URL', serve.benefitsGatewayUrl],
    ],
    ownDatabase: ['TESSERA_BENEFITS_DATABASE_URL', serve.benefitsDatabaseUrl],
    authorityDatabaseUrl: config.databaseUrl,
  });
}

/**
 * The proactive benefits service (`tessera serve benefits`), the organisation of its own it is
 * (the Health and Welfare Information Systems Centre): its own PostgreSQL database (never the
 * authority's) with its own transparency log and staff; the person's benefits pages and the
 * policy console on TESSERA_BENEFITS_PORT; the life-event service the population register calls
 * on TESSERA_BENEFITS_SERVICES_PORT, behind its gateway; and the agencies — population register,
 * tax board, property register, social insurance board — reached only through its own gateway.
 * Any number of processes can serve it: sessions, rate limits and the outbox are in its database,
 * and each scheduled job runs in one process at a time (the periodic run once a period).
 */
export const benefitsPart: Part = {
  summary: 'proactive benefits: its own database, benefits pages and policy console, the agencies through its own gateway',
  settings: ['keyEncryptionKey', 'cookieSecret', 'secretKey', 'smtpUrl'],
  async ownStorage(config, serve) {
    requireSettings(config, serve);
    return openOwnStorage(serve.benefitsDatabaseUrl, 'benefits', BENEFITS_PART_MIGRATIONS);
  },
  async start({ config, serve, storage, clock, onJobError }) {
    requireSettings(config, serve);
    const closers = new Closers();
    try {
      const production = process.env.NODE_ENV === 'production';
      const dataDir = join(config.dataDir, 'benefits');
      const kek = Buffer.from(config.keyEncryptionKey, 'hex');
      const logKey = await loadLogSigningKey({ dataDir, kek });
      // The log's sequencer takes its own advisory lock: one process numbers and signs at a time.
      const sequencer = startLogSequencer({ db: storage.db, key: logKey, clock, onError: (error) => onJobError('benefits:log-sequencer', error) });
      closers.add(() => sequencer.stop());
      const portalUrl = portalUrlOf(config);
      const credentialsUrl = (config.credentialsUrl || `http://localhost:${config.credentialsPort}`).replace(/\/$/, '');
      const certificates = benefitsCertificates(config, { credentialsUrl, demo: false });
      const deps = benefitsServiceDeps({
        db: storage.db, clock, gatewayUrl: serve.benefitsGatewayUrl,
        // The person's pages are served under the citizen portal's address, where the citizen signed in.
        pageUrl: new URL('/citizen/benefits', portalUrl).toString(),
        channels: await benefitsChannels(config, { dataDir, production }),
        ...(certificates ? { certificates } : {}),
      });

      const web = await buildServer({
        title: 'Tessera — proactive benefits', cookieSecret: config.cookieSecret, logLevel: config.logLevel, storage, sharedRateLimits: { db: storage.db, clock },
        secureCookies: portalUrl.startsWith('https:'), htmlErrorPage: (problem, request) => renderProblemPage(problem, negotiateLocale(undefined, request.headers['accept-language'])),
      });
      closers.add(() => web.close());
      registerUiAssets(web);
      const auth = await registerStaffAuth(web, { db: storage.db, clock, roles: BENEFITS_ROLES, secretKey: Buffer.from(config.secretKey, 'hex'), secureCookies: portalUrl.startsWith('https:'), home: '/benefits/console' });
      registerPolicyConsole(web, { programmes: ALL_PROGRAMMES, db: storage.db, clock }, { requirePermission: auth.requirePermission });
      registerCitizenBenefits(web, deps, { portalUrl, secureCookies: portalUrl.startsWith('https:') });

      const services = await buildServer({ title: 'Proactive benefits (behind its gateway)', cookieSecret: config.cookieSecret, logLevel: config.logLevel, storage });
      closers.add(() => services.close());
      registerLifeEventService(services, { db: storage.db, clock }, { path: '/benefits/life-events/events', reporters: [clientId('population')] });

      if (config.smtpUrl) {
        const transport = smtpTransportOf(config.smtpUrl, config.mailFrom);
        closers.add(startMailDelivery({ db: storage.db, clock, transport, intervalMs: 1000, onError: (error) => onJobError('benefits:mail', error) }));
      } else {
        web.log.warn('TESSERA_SMTP_URL is not set: benefit notifications by e-mail stay in the outbox until it is');
      }
      for (const job of BENEFITS_JOBS) closers.add(scheduleExclusive(storage, `benefits:${job.name}`, job.everyMs, () => job.run(deps), onJobError));
      const periodMs = serve.benefitsPeriodicHours * 3_600_000;
      closers.add(scheduleExclusive(storage, 'benefits:periodic-run', Math.min(60_000, periodMs), () => periodicEvaluationIfDue(deps, periodMs), onJobError));

      const servicesUrl = await services.listen({ host: config.host, port: serve.benefitsServicesPort });
      const url = await web.listen({ host: config.host, port: serve.benefitsPort });
      return { urls: { benefits: url, services: servicesUrl }, close: () => closers.closeAll() };
    } catch (error) {
      await closers.closeAll().catch(() => undefined);
      throw error;
    }
  },
};
