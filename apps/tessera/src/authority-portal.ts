// SPDX-License-Identifier: Apache-2.0
import {
  buildServer, negotiateLocale, registerIdempotency, registerStaffAuth, registerUiAssets, renderProblemPage, type Clock, type Server, type StaffAuth, type Storage,
} from '@tessera/platform';
import {
  DEFAULT_FEES, DEFAULT_PHOTO_RULES, deterministicMatcher, hostedPaymentGateway, remoteMatcher, listLocations, loadUnConsolidatedList,
  registerAuthorityApi, registerAuthorityPages, registerPaymentWebhook, type AuthorityDeps,
} from '@tessera/authority';
import { accessesOf, dataTrackerSection, registry as exchangeRegistry } from '@tessera/exchange';
import { loadTrustAnchors, registerCardRegisterPages, registerCitizenAssertions, registerCitizenSignIn, registerDemoCitizenSignIn, type TrustDeps } from '@tessera/trust';
import { BENEFITS_AUDIENCE, benefitsCallbackUrl } from './benefits/benefits-service.ts';
import { trustCardDesk } from './card-desk.ts';
import type { TesseraConfig } from './config.ts';
import { DEFAULT_SANCTIONS_LIST, PRIVILEGED_ROLES, STAFF_HOMES, STAFF_ROLES } from './federation.ts';

/** The authority's dependencies, the same in the one-process federation and in `tessera serve portal`. */
export function authorityDeps(o: { config: TesseraConfig; storage: Storage; clock: Clock; trust: TrustDeps; portalUrl: string; paymentsUrl: string }): AuthorityDeps {
  const sanctions = loadUnConsolidatedList(o.config.sanctionsListFile || DEFAULT_SANCTIONS_LIST);
  return {
    db: o.storage.db,
    clock: o.clock,
    fees: DEFAULT_FEES,
    photoRules: DEFAULT_PHOTO_RULES,
    sanctionsList: () => sanctions,
    payments: hostedPaymentGateway({ baseUrl: o.paymentsUrl, apiKey: o.config.paymentApiKey, fetch }),
    publicUrl: o.portalUrl,
    webhookUrl: new URL('/api/v1/payments/webhook', o.portalUrl).toString(),
    cards: trustCardDesk(o.trust),
    // The built-in matcher is deterministic (for the demo and tests); production must name a certified one.
    biometrics: o.config.biometricMatcherUrl ? remoteMatcher({ url: o.config.biometricMatcherUrl, fetch }) : deterministicMatcher(),
  };
}

/**
 * The authority's web server: applicant portal, officer console, citizen portal,
 * card register, exchange registry API and operator console. Every piece of state it keeps is in
 * the database (sessions, CSRF secrets in signed cookies, idempotency keys, rate-limit counters),
 * so any number of these processes can serve behind a load balancer.
 */
export async function buildAuthorityPortal(o: {
  config: TesseraConfig; storage: Storage; clock: Clock; trust: TrustDeps; deps: AuthorityDeps; portalUrl: string;
  /** After an operator changed the registry: publish the global configuration now. */
  onRegistryChange: () => Promise<void>;
  /** Other contexts' staff pages on this portal (the benefits policy console), behind the same staff sign-in. */
  staffPages?: (portal: Server, gate: { requirePermission: StaffAuth['requirePermission'] }) => void;
  /** The demo's people, who may sign in without a card to try their pages (development only; refused in production). */
  demoCitizens?: ReadonlyArray<{ code: string; name: string }>;
}): Promise<Server> {
  const { config, storage, clock, deps, portalUrl } = o;
  const registryDeps = { db: storage.db, clock };
  const portal: Server = await buildServer({
    title: 'Tessera — issuing authority',
    cookieSecret: config.cookieSecret,
    logLevel: config.logLevel,
    storage,
    sharedRateLimits: { db: storage.db, clock },
    htmlErrorPage: (problem, request) => renderProblemPage(problem, negotiateLocale(undefined, request.headers['accept-language'])),
  });
  try {
    registerUiAssets(portal);
    const auth = await registerStaffAuth(portal, { db: storage.db, clock, roles: STAFF_ROLES, secretKey: Buffer.from(config.secretKey, 'hex'), secureCookies: portalUrl.startsWith('https:'), home: '/staff',
      secondFactorRequiredFor: config.staffSecondFactor ? PRIVILEGED_ROLES : [] });
    registerIdempotency(portal, { db: storage.db, clock, scope: (request) => request.staff?.id ?? 'anonymous' });
    registerAuthorityApi(portal, deps, auth);
    registerAuthorityPages(portal, deps, auth, { staffHomes: STAFF_HOMES });
    registerCitizenSignIn(portal, o.trust, {
      origin: new URL(portalUrl).origin, anchors: () => loadTrustAnchors(storage.db), fetch, secureCookies: portalUrl.startsWith('https:'),
      // e-residents' codes are Estonian, so the data subject is EE + code, as the exchange records it.
      sections: async (person, locale) => dataTrackerSection(await accessesOf(storage.db, `EE${person.identificationCode}`, { offset: 0, size: 50 }), { locale, page: 1, size: 50, path: '/citizen' }),
    });
    if (o.demoCitizens) {
      registerDemoCitizenSignIn(portal, { clock, people: o.demoCitizens, next: '/citizen/benefits', production: process.env.NODE_ENV === 'production', secureCookies: portalUrl.startsWith('https:') });
    }
    // The portal vouches for its citizens to the benefits service (routed from its address), by signed assertion.
    registerCitizenAssertions(portal, { clock, keyStore: o.trust.keyStore, issuer: portalUrl, relyingParties: { [BENEFITS_AUDIENCE]: benefitsCallbackUrl(portalUrl) } });
    exchangeRegistry.registerRegistryRoutes(portal, registryDeps, { requirePermission: auth.requirePermission });
    exchangeRegistry.registerOperatorConsole(portal, registryDeps, { requirePermission: auth.requirePermission, onChange: o.onRegistryChange });
    registerCardRegisterPages(portal, o.trust, {
      requirePermission: auth.requirePermission,
      locations: async () => (await listLocations(storage.db)).map((l) => ({ value: l.code, label: l.name })),
    });
    o.staffPages?.(portal, { requirePermission: auth.requirePermission });
    await registerPaymentWebhook(portal, deps, config.paymentWebhookSecret);
  } catch (error) {
    await portal.close();
    throw error;
  }
  return portal;
}
