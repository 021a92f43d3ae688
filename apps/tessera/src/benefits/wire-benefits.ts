// SPDX-License-Identifier: Apache-2.0
import { ALL_PROGRAMMES, registerPolicyConsole, registerLifeEventService, runPeriodicEvaluation, type BenefitsDeps, type CertificateVerifier, type NotificationChannels } from '@tessera/benefits';
import type { Clock, Server, Storage } from '@tessera/platform';
import { clientId } from '../exchange/members.ts';
import type { ScheduledJobs } from '../scheduled-jobs.ts';
import { agencyRegisters } from './agency-registers.ts';
import { BENEFITS_JOBS, benefitsServiceDeps, registerCitizenBenefits } from './benefits-service.ts';
import { exchangeLifeEvents } from './exchange-agencies.ts';

/**
 * The proactive benefits service in the federation, in two steps because the exchange sits in
 * between: first the agencies' registers and the life-event service behind the gateways, then,
 * once the gateways run, the service itself on the citizen portal with its scheduled jobs.
 */
export function benefitsBehindGateways(o: { storage: Storage; clock: Clock; /** The demo agencies' registers; never in production, where the agencies answer from their own systems. */ demoRegisters: boolean }) {
  let populationGateway = '';
  const registers = agencyRegisters({ clock: o.clock, notifyLifeEvent: exchangeLifeEvents(() => populationGateway) });
  return {
    registers,
    routes(server: Server) {
      if (o.demoRegisters) registers.routes(server);
      registerLifeEventService(server, { db: o.storage.db, clock: o.clock }, { path: '/benefits/life-events/events', reporters: [clientId('population')] });
    },
    /** The policy author's console on the portal, behind staff sign-in. */
    staffPages(server: Server, gate: { requirePermission: Parameters<typeof registerPolicyConsole>[2]['requirePermission'] }) {
      registerPolicyConsole(server, { programmes: ALL_PROGRAMMES, db: o.storage.db, clock: o.clock }, gate);
    },
    /** After the exchange started: the gateways the service and the registers call through. */
    start(p: { portal: Server; portalUrl: string; gateways: { benefits: string; population: string }; jobs: ScheduledJobs; /** Web Push and SMS, when configured. */ channels?: NotificationChannels; /** The verifier, for certificates from the wallet. */ certificates?: CertificateVerifier }): BenefitsDeps {
      populationGateway = p.gateways.population;
      const deps = benefitsServiceDeps({ db: o.storage.db, clock: o.clock, gatewayUrl: p.gateways.benefits, pageUrl: new URL('/citizen/benefits', p.portalUrl).toString(), ...(p.channels ? { channels: p.channels } : {}), ...(p.certificates ? { certificates: p.certificates } : {}) });
      registerCitizenBenefits(p.portal, deps, { portalUrl: p.portalUrl, secureCookies: p.portalUrl.startsWith('https:') });
      for (const job of BENEFITS_JOBS) p.jobs.every(`benefits-${job.name}`, job.everyMs, () => job.run(deps));
      // One process: the periodic run simply repeats (tessera serve benefits checks whether one is due).
      p.jobs.every('benefits-periodic-run', 24 * 3_600_000, () => runPeriodicEvaluation(deps));
      return deps;
    },
  };
}
