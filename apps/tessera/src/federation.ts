// SPDX-License-Identifier: Apache-2.0
import { join, resolve } from 'node:path';
import {
  authMigrations, buildServer, createStaff, findStaffByUsername, idempotencyMigrations, mailMigrations, negotiateLocale, openStorage,
  registerIdempotency, registerStaffAuth, registerUiAssets, renderProblemPage, signTreeHead, startLogSequencer, smtpTransport, startMailDelivery, systemClock,
  transparencyMigrations, type Clock, type Server, type Storage,
} from '@tessera/platform';
import {
  AUTHORITY_PERMISSIONS, DEFAULT_FEES, DEFAULT_LOCATIONS, DEFAULT_PHOTO_RULES, authorityMigrations, deterministicMatcher, dispatchShipments, exchangeCentreClient, hostedPaymentGateway, listLocations,
  loadUnConsolidatedList, registerAuthorityApi, registerAuthorityPages, registerPaymentWebhook, retryCardOrders, retryPendingRefunds, upsertLocations, upsertPartnerCentres, type AuthorityDeps,
} from '@tessera/authority';
import { accessesOf, dataTrackerSection, messageLogMigrations, registry as exchangeRegistry, trackerMigrations } from '@tessera/exchange';
import { loadTrustAnchors, registerCardRegisterPages, registerCitizenSignIn, registerTrustServices, revokeUnclaimedCards, TRUST_PERMISSIONS, trustMigrations } from '@tessera/trust';
import { trustCardDesk } from './card-desk.ts';
import { centreClientId, clientId } from './exchange/members.ts';
import { startCentre, type RunningCentre } from './start-centre.ts';
import { startMemberServices } from './exchange/member-services.ts';
import { startExchange } from './exchange/start-exchange.ts';
import { setUpTrust } from './trust-setup.ts';
import type { TesseraConfig } from './config.ts';
import { buildPaymentSandbox, paymentSandboxMigrations } from './payment-sandbox/index.ts';
import { registerDevMailboxPage, startDevMailbox } from './dev-mailbox.ts';
import { loadDemoWorld, DEMO_CENTRE_STAFF, DEMO_STAFF } from './demo/demo-world.ts';
import { loadLogSigningKey } from './log-signing-key.ts';
import { Closers } from './closers.ts';

export const DEFAULT_SANCTIONS_LIST = new URL('../../../packages/authority/fixtures/un-consolidated-list.sample.xml', import.meta.url).pathname;

/**
 * Roles of the authority's and the exchange operator's staff, with the permissions of every
 * context they use: officers also run the card register, auditors read it. The partner centre's
 * staff are accounts of the centre itself (`@tessera/centre`), not of the authority.
 */
export const STAFF_ROLES = {
  officer: [AUTHORITY_PERMISSIONS.readApplications, AUTHORITY_PERMISSIONS.decideApplications, TRUST_PERMISSIONS.readCards, TRUST_PERMISSIONS.manageCards],
  auditor: [AUTHORITY_PERMISSIONS.readApplications, TRUST_PERMISSIONS.readCards, exchangeRegistry.REGISTRY_PERMISSIONS.read],
  exchange_operator: [exchangeRegistry.REGISTRY_PERMISSIONS.read, exchangeRegistry.REGISTRY_PERMISSIONS.manage],
} as const;

export interface Federation {
  urls: { portal: string; console: string; centre: string; payments: string; mailbox: string | null; pki: string; ocsp: Record<string, string> };
  caBundle: string;
  /** The members' gateways (client side URLs) and the log time-stamping, for tools and tests. */
  exchange: { gateways: Record<string, string>; stamp(): Promise<unknown>; publish(): Promise<void> };
  storage: Storage;
  /** The authority's operations, for tools and tests that act as its officers would. */
  authority: AuthorityDeps;
  /** Completes a payment on the provider's hosted page, as the applicant would. */
  pay(redirectUrl: string): Promise<void>;
  /** The collection centre, a separate organisation with its own storage. */
  centre: RunningCentre;
  /** Runs the card flow's periodic steps now: shipments dispatched, custody reports delivered. */
  moveCards(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The composition root: opens storage, applies every context's migrations, builds each
 * context's dependencies explicitly and starts the servers. The payment sandbox runs on its own
 * port because it stands for a provider outside the state's systems.
 */
export async function startFederation(config: TesseraConfig, options: { warnings: string[]; clock?: Clock; quiet?: boolean }): Promise<Federation> {
  const closers = new Closers();
  try {
    return await composeFederation(config, options, closers);
  } catch (error) {
    await closers.closeAll().catch(() => undefined);
    throw error;
  }
}

async function composeFederation(config: TesseraConfig, options: { warnings: string[]; clock?: Clock; quiet?: boolean }, closers: Closers): Promise<Federation> {
  const clock = options.clock ?? systemClock;
  const say = (line: string) => options.quiet || process.stdout.write(`${line}\n`);
  for (const w of options.warnings) say(`warning: ${w}`);

  const dataDir = resolve(config.dataDir);
  const storage = await openStorage(config.databaseUrl ? { kind: 'postgres', url: config.databaseUrl } : { kind: 'pglite', dataDir: join(dataDir, 'pglite') });
  closers.add(() => storage.close());
  for (const m of [transparencyMigrations, authMigrations, mailMigrations, idempotencyMigrations, authorityMigrations, trustMigrations, exchangeRegistry.registryMigrations, messageLogMigrations, trackerMigrations, paymentSandboxMigrations]) await storage.migrate(m);
  await upsertLocations(storage.db, DEFAULT_LOCATIONS.map((l) => ({ ...l, active: config.openLocations.includes(l.code) })));
  const logKey = await loadLogSigningKey({ dataDir, kek: Buffer.from(config.keyEncryptionKey, 'hex') });

  const portalUrl = config.publicUrl || `http://localhost:${config.port}/`;
  const paymentsUrl = `http://localhost:${config.paymentPort}/`;
  const pkiUrl = config.pkiUrl || `http://localhost:${config.trustPort}/`;

  const trust = await setUpTrust({ storage, clock, kek: config.keyEncryptionKey, pkiUrl, dataDir, ceremony: process.env.NODE_ENV === 'production' ? 'never' : 'if-missing' });
  if (trust.ceremony) say(`Key ceremony: created the ${pkiUrl} certificate hierarchy (root and four issuing CAs).`);
  const pki: Server = await buildServer({ title: 'Tessera — trust services', cookieSecret: config.cookieSecret, logLevel: config.logLevel, storage, sharedRateLimits: { db: storage.db, clock } });
  closers.add(() => pki.close());
  const trustServices = await registerTrustServices(pki, trust.deps, { crlValidityHours: 24, ocspValidityMinutes: 15, crlDelayMs: 2000 });
  closers.add(() => trustServices.close());
  await pki.listen({ host: config.host, port: config.trustPort });

  const mailbox = config.smtpUrl ? null : await startDevMailbox();
  if (mailbox) closers.add(() => mailbox.stop());
  const smtp = new URL(config.smtpUrl || mailbox!.smtpUrl);
  const stopMail = startMailDelivery({
    db: storage.db,
    clock,
    transport: smtpTransport({ host: smtp.hostname, port: Number(smtp.port || 25), secure: smtp.protocol === 'smtps:', from: config.mailFrom, ...(smtp.username ? { user: decodeURIComponent(smtp.username), pass: decodeURIComponent(smtp.password) } : {}) }),
    intervalMs: 1000,
  });
  closers.add(stopMail);

  const sandbox = await buildPaymentSandbox({
    storage, clock, webhookSecret: config.paymentWebhookSecret, apiKey: config.paymentApiKey, publicUrl: paymentsUrl, logLevel: config.logLevel, cookieSecret: config.cookieSecret,
  });
  closers.add(() => sandbox.close());
  await sandbox.listen({ host: config.host, port: config.paymentPort });

  const sanctions = loadUnConsolidatedList(config.sanctionsListFile || DEFAULT_SANCTIONS_LIST);
  const deps: AuthorityDeps = {
    db: storage.db,
    clock,
    fees: DEFAULT_FEES,
    photoRules: DEFAULT_PHOTO_RULES,
    sanctionsList: () => sanctions,
    payments: hostedPaymentGateway({ baseUrl: paymentsUrl, apiKey: config.paymentApiKey, fetch }),
    publicUrl: portalUrl,
    webhookUrl: new URL('/api/v1/payments/webhook', portalUrl).toString(),
    cards: trustCardDesk(trust.deps),
    // The built-in matcher is deterministic (for the demo and tests); a certified one plugs in here.
    biometrics: deterministicMatcher(),
  };
  // The exchange: the authority's card services behind its gateway, the centre reaching them through its own.
  const centre = await startCentre({ config, dataDir, clock, fetch, onError: (error) => portal.log.error({ err: error }, 'the centre’s reports to the authority failed') });
  await upsertPartnerCentres(storage.db, clock, centre.deps.centres.map((c) => ({ location: c.code, exchangeClient: centreClientId(c.code) })));
  closers.add(() => centre.stop());
  const memberServices = await startMemberServices({ storage, cookieSecret: config.cookieSecret, logLevel: config.logLevel, authority: deps });
  closers.add(() => memberServices.server.close());
  const exchangeLayer = await startExchange({ storage, clock, trust: trust.deps, servicesUrl: memberServices.url, centreServicesUrl: centre.exchangeUrl, tsaUrl: new URL('/tsa', pkiUrl).toString(), archiveDir: join(dataDir, 'exchange-archive'), fetch, onError: (error) => portal.log.error({ err: error }, 'time-stamping the gateways’ logs failed') });
  closers.add(() => exchangeLayer.close());
  centre.useGateway(exchangeLayer.gateways.centre.clientUrl);
  deps.centreExchange = exchangeCentreClient({ gatewayUrl: exchangeLayer.gateways.authority.clientUrl, authorityClient: clientId('authority'), fetch });
  const registryDeps = { db: storage.db, clock };

  const portal: Server = await buildServer({
    title: 'Tessera — issuing authority',
    cookieSecret: config.cookieSecret,
    logLevel: config.logLevel,
    storage,
    sharedRateLimits: { db: storage.db, clock },
    htmlErrorPage: (problem, request) => renderProblemPage(problem, negotiateLocale(undefined, request.headers['accept-language'])),
  });
  closers.add(() => portal.close());
  registerUiAssets(portal);
  const auth = await registerStaffAuth(portal, { db: storage.db, clock, roles: STAFF_ROLES, secretKey: Buffer.from(config.secretKey, 'hex'), secureCookies: portalUrl.startsWith('https:'), home: '/staff' });
  registerIdempotency(portal, { db: storage.db, clock, scope: (request) => request.staff?.id ?? 'anonymous' });
  registerAuthorityApi(portal, deps, auth);
  registerAuthorityPages(portal, deps, auth);
  registerCitizenSignIn(portal, trust.deps, {
    origin: new URL(portalUrl).origin, anchors: () => loadTrustAnchors(storage.db), fetch, secureCookies: portalUrl.startsWith('https:'),
    // e-residents' codes are Estonian, so the data subject is EE + code, as the exchange records it.
    sections: async (person, locale) => dataTrackerSection(await accessesOf(storage.db, `EE${person.identificationCode}`, { offset: 0, size: 50 }), { locale, page: 1, size: 50, path: '/citizen' }),
  });
  exchangeRegistry.registerRegistryRoutes(portal, registryDeps, { requirePermission: auth.requirePermission });
  exchangeRegistry.registerOperatorConsole(portal, registryDeps, { requirePermission: auth.requirePermission, onChange: () => exchangeLayer.publish() });
  registerCardRegisterPages(portal, trust.deps, {
    requirePermission: auth.requirePermission,
    locations: async () => (await listLocations(storage.db)).map((l) => ({ value: l.code, label: l.name })),
  });
  await registerPaymentWebhook(portal, deps, config.paymentWebhookSecret);
  if (mailbox) registerDevMailboxPage(portal, mailbox);
  await portal.listen({ host: config.host, port: config.port });
  await centre.listen();

  if (config.demo && !(await findStaffByUsername(storage.db, DEMO_STAFF[0]!.username))) {
    say('Loading the Seoul pilot demo world…');
    const world = await loadDemoWorld({ deps, trust: trust.deps, storage, centreStorage: centre.storage, clock, createStaff, pay: (url) => sandbox.payAsApplicant(url), welfareGatewayUrl: exchangeLayer.gateways.welfare.clientUrl });
    say(`  ${world.applications} applications, ${world.staff} staff accounts, cards: ${Object.entries(world.cards).map(([k, v]) => `${v} ${k}`).join(', ')}, ${world.exchangeMessages} messages on the exchange`);
  }
  // Cards leave the bureau in shipments; the centre's custody reports come back. Serialised, so a slow run never overlaps the next.
  let moving: Promise<void> = Promise.resolve();
  const moveCards = () => (moving = moving.then(async () => {
    await dispatchShipments(deps);
    await centre.deliver();
  }).catch((error: unknown) => portal.log.error({ err: error }, 'moving cards between the authority and the centre failed')));
  const cardTimer = setInterval(() => void moveCards(), 5_000);
  cardTimer.unref();
  closers.add(async () => {
    clearInterval(cardTimer);
    await moving;
  });
  const refundTimer = setInterval(() => {
    void retryPendingRefunds(deps).catch(() => undefined);
    void retryCardOrders(deps).catch(() => undefined);
    void revokeUnclaimedCards(trust.deps).then(() => trustServices.refreshCrls()).catch(() => undefined);
  }, 60_000);
  refundTimer.unref();
  closers.add(() => clearInterval(refundTimer));
  // The log's sequencer numbers committed events and signs a tree head within the maximum merge delay.
  await signTreeHead(storage.db, logKey, clock);
  const sequencer = startLogSequencer({ db: storage.db, key: logKey, clock, onError: (error) => portal.log.error({ err: error }, 'sequencing the transparency log failed') });
  closers.add(() => sequencer.stop());

  const federation: Federation = {
    urls: { portal: portalUrl, console: new URL('/officer', portalUrl).toString(), centre: new URL('/centre', centre.url).toString(), payments: paymentsUrl, mailbox: mailbox ? new URL('/dev/mailbox', portalUrl).toString() : null,
      pki: pkiUrl, ocsp: Object.fromEntries([...trustServices.ocspPaths].map(([role, path]) => [role, new URL(path, pkiUrl).toString()])) },
    caBundle: trust.bundlePath,
    exchange: { gateways: Object.fromEntries(Object.entries(exchangeLayer.gateways).map(([k, g]) => [k, g.clientUrl])), stamp: () => exchangeLayer.stamp(), publish: () => exchangeLayer.publish() },
    storage,
    authority: deps,
    pay: (url) => sandbox.payAsApplicant(url),
    centre,
    moveCards,
    stop: () => closers.closeAll(),
  };
  say(banner(federation));
  return federation;
}

function banner(f: Federation): string {
  return [
    '',
    'Tessera is running.',
    `  Applicant portal   ${f.urls.portal}`,
    `  Officer console    ${f.urls.console}`,
    `  Partner centre     ${f.urls.centre}  (its own organisation: own accounts, storage and log; reaches the authority only over the exchange)`,
    `  Citizen portal     ${new URL('/citizen', f.urls.portal).toString()}  (sign-in with the digi-ID, Web eID protocol)`,
    `  Exchange operator  ${new URL('/exchange/console', f.urls.portal).toString()}  (registry; API under /api/v1/exchange)`,
    `  Payment provider   ${f.urls.payments}  (sandbox; test card 4242 4242 4242 4242)`,
    ...(f.urls.mailbox ? [`  Sent e-mail        ${f.urls.mailbox}`] : []),
    `  Trust services     ${f.urls.pki}  (CA certificates, CRLs, OCSP, time-stamping at /tsa)`,
    ...Object.entries(f.urls.ocsp).map(([role, url]) => `  ${`OCSP (${role})`.padEnd(19)}${url}`),
    `  CA bundle          ${f.caBundle}`,
    ...Object.entries(f.exchange.gateways).map(([member, url]) => `  ${`Gateway (${member})`.padEnd(21)}${url}  (X-Road REST: /r1/…, /listClients)`),
    '',
    'Check a card yourself: open it in the card register, save its authentication certificate as card.pem, then',
    `  openssl ocsp -CAfile ${f.caBundle} -issuer ${f.caBundle.replace(/ca-bundle\.pem$/, 'card-auth.pem')} -cert card.pem -url ${f.urls.ocsp['card-auth'] ?? ''}`,
    '',
    'Demo logins (password for all: ' + DEMO_STAFF[0]!.password + ')',
    ...[...DEMO_STAFF, ...DEMO_CENTRE_STAFF].map((s) => `  ${s.username.padEnd(18)} ${s.description}`),
    '',
    'Press Ctrl+C to stop.',
  ].join('\n');
}
