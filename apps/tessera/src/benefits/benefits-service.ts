// SPDX-License-Identifier: Apache-2.0
import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';
import {
  ALL_PROGRAMMES, deliverPendingNotifications, periodicRunDue, processLifeEvents, registerBenefitsPages, registerBenefitsSignIn, runPeriodicEvaluation, sendPendingApplications,
  type BenefitsDeps, type CertificateVerifier, type NotificationChannels,
} from '@tessera/benefits';
import type { Clock, Database, Server } from '@tessera/platform';
import { CITIZEN_ASSERTION_KEYS_PATH, CITIZEN_ASSERTION_PATH } from '@tessera/trust';
import { exchangeAgencies } from './exchange-agencies.ts';

/**
 * The proactive benefits service's dependencies, the same in the one-process federation and in
 * `tessera serve benefits`: the agencies and their application intake only through the service's
 * own gateway (client side).
 */
export function benefitsServiceDeps(o: { db: Database; clock: Clock; gatewayUrl: string; pageUrl: string; channels?: NotificationChannels; certificates?: CertificateVerifier }): BenefitsDeps {
  const { agencies, intake } = exchangeAgencies(o.gatewayUrl.replace(/\/$/, ''));
  return { db: o.db, clock: o.clock, agencies, intake, pageUrl: o.pageUrl, programmes: ALL_PROGRAMMES, ...(o.channels ? { channels: o.channels } : {}), ...(o.certificates ? { certificates: o.certificates } : {}) };
}

/** The benefits service's audience at the citizen portal. */
export const BENEFITS_AUDIENCE = 'benefits';

/** Where the citizen portal sends the benefits service's assertions (the service's pages are routed from the portal's address). */
export const benefitsCallbackUrl = (portalUrl: string) => new URL('/citizen/benefits/sign-in/callback', portalUrl).toString();

/**
 * The person's benefits pages, signed in with the service's own session, started from the
 * citizen portal's signed assertion checked against the portal's published key: the service
 * holds no secret of the portal's. e-residents' codes are Estonian, so the data subject is
 * EE + code, as the exchange records it.
 */
export function registerCitizenBenefits(server: Server, deps: BenefitsDeps, o: { portalUrl: string; secureCookies: boolean; keys?: JWTVerifyGetKey }): void {
  const signIn = registerBenefitsSignIn(server, deps, {
    portal: { issuer: o.portalUrl, assertionUrl: new URL(CITIZEN_ASSERTION_PATH, o.portalUrl).toString(), keys: o.keys ?? createRemoteJWKSet(new URL(CITIZEN_ASSERTION_KEYS_PATH, o.portalUrl)) },
    audience: BENEFITS_AUDIENCE, subjectOf: (code) => `EE${code}`, secureCookies: o.secureCookies,
  });
  registerBenefitsPages(server, deps, signIn);
}

/**
 * The service's scheduled jobs. Each claims its own work (life events, applications and
 * notifications row by row), so a second process running one at the same time finds nothing
 * left; the periodic evaluation of everyone runs when due, at most once a period.
 */
export const BENEFITS_JOBS: ReadonlyArray<{ name: string; everyMs: number; run: (deps: BenefitsDeps) => Promise<unknown> }> = [
  { name: 'life-events', everyMs: 5_000, run: processLifeEvents },
  { name: 'applications', everyMs: 30_000, run: sendPendingApplications },
  // Push and SMS go out after the commit that decided them, held through quiet hours.
  { name: 'notifications', everyMs: 5_000, run: deliverPendingNotifications },
];

/** The periodic evaluation of everyone who opted in, if none completed in the last `periodMs`; true when it ran. */
export async function periodicEvaluationIfDue(deps: BenefitsDeps, periodMs: number): Promise<boolean> {
  if (!(await periodicRunDue(deps, periodMs))) return false;
  await runPeriodicEvaluation(deps);
  return true;
}
