// SPDX-License-Identifier: Apache-2.0
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  buildServer, openEmbeddedStorage, openStorage, pruneIdempotencyKeys, pruneRateLimits,
  signTreeHead, startLogSequencer, startMailDelivery, systemClock,
  type Clock, type Server, type Storage,
} from '@tessera/platform';
import {
  AUTHORITY_PERMISSIONS, DEFAULT_LOCATIONS, dispatchShipments, exchangeCentreClient,
  retryCardOrders, retryPendingRefunds, upsertLocations, upsertPartnerCentres, notifyCentreStates, partnerCentreStates, type AuthorityDeps, type StaffHome,
} from '@tessera/authority';
import { registry as exchangeRegistry } from '@tessera/exchange';
import { BENEFITS_PERMISSIONS, BENEFITS_ROLES } from '@tessera/benefits';
import { DEMO_CITIZEN_SIGN_IN_PATH, registerTrustServices, revokeUnclaimedCards, TRUST_PERMISSIONS, type TrustDeps } from '@tessera/trust';
import { centreClientId, clientId } from './exchange/members.ts';
import { openCentreStorage, startCentre, type RunningCentre } from './start-centre.ts';
import { startMemberServices } from './exchange/member-services.ts';
import { benefitsCertificates, benefitsChannels } from './benefits/notification-channels.ts';
import { benefitsBehindGateways } from './benefits/wire-benefits.ts';
import { startExchange } from './exchange/start-exchange.ts';
import { registryCentreAccess } from './exchange/centre-access.ts';
import { setUpTrust } from './trust-setup.ts';
import { templateDirOf, type TesseraConfig } from './config.ts';
import { buildPaymentSandbox } from './payment-sandbox/index.ts';
import { registerDevMailboxPage, startDevMailbox } from './dev-mailbox.ts';
import { loadDemoWorld, DEMO_STAFF } from './demo/demo-world.ts';
import { DEMO_BENEFIT_PEOPLE, loadBenefitsDemo } from './demo/benefits-world.ts';
import { DEMO_CENTRE_STAFF, loadCentreDemoStaff } from './demo/centre-staff.ts';
import { progressLine } from './progress.ts';
import { ScheduledJobs } from './scheduled-jobs.ts';
import { loadLogSigningKey } from './log-signing-key.ts';
import { Closers } from './closers.ts';
import { smtpTransportOf } from './smtp-url.ts';
import { authorityDeps, buildAuthorityPortal } from './authority-portal.ts';
import { FEDERATION_MIGRATIONS } from './migrations.ts';
import { mobileCredentialsBanner, startMobileCredentialsPart, type MobileCredentialsPart } from './mobile-credentials/mobile-credentials-part.ts';
import { credentialRegisters, type CredentialRegisters } from './mobile-credentials/credential-registers.ts';
import { exchangeClaimSource } from './mobile-credentials/exchange-claims.ts';
import { issuerAdminPages } from './mobile-credentials/issuer-admin-pages.ts';
import { CREDENTIALS_PERMISSIONS, pruneDpopProofs } from '@tessera/credentials';

export const DEFAULT_SANCTIONS_LIST = new URL('../../../packages/authority/fixtures/un-consolidated-list.sample.xml', import.meta.url).pathname;

/**
 * Roles of the federation's staff, with the permissions of every context: officers also run the
 * card register and oversee the partner centres, auditors read. The centres' operators are the
 * centres' own staff, in their own storage.
 */
export const STAFF_ROLES = {
  officer: [AUTHORITY_PERMISSIONS.readApplications, AUTHORITY_PERMISSIONS.decideApplications, AUTHORITY_PERMISSIONS.overseeCentres, AUTHORITY_PERMISSIONS.readCentres, TRUST_PERMISSIONS.readCards, TRUST_PERMISSIONS.manageCards],
  auditor: [AUTHORITY_PERMISSIONS.readApplications, AUTHORITY_PERMISSIONS.readCentres, TRUST_PERMISSIONS.readCards, exchangeRegistry.REGISTRY_PERMISSIONS.read, CREDENTIALS_PERMISSIONS.read],
  exchange_operator: [exchangeRegistry.REGISTRY_PERMISSIONS.read, exchangeRegistry.REGISTRY_PERMISSIONS.manage],
  // Previews programmes on synthetic people only: no one's personal data (the benefits package's own role).
  ...BENEFITS_ROLES,
  // The credential issuer's administrator: credential types (retire) and issued credentials (suspend, resume, revoke).
  issuer_admin: [CREDENTIALS_PERMISSIONS.read, CREDENTIALS_PERMISSIONS.manage],
  // Creates credential offers for holders whose identity it checked (/issuer/desk/offers/new).
  issuing_desk: [CREDENTIALS_PERMISSIONS.offer],
} as const;

/** Roles that decide, read everyone's data or change the exchange: a password alone is not enough. */
/** Where `/staff` sends those who are not officers: each context's start page, by the permission that opens it. */
export const STAFF_HOMES: readonly StaffHome[] = [
  { permission: BENEFITS_PERMISSIONS.author, path: '/benefits/console' },
  { permission: exchangeRegistry.REGISTRY_PERMISSIONS.manage, path: '/exchange/console' },
  { permission: CREDENTIALS_PERMISSIONS.manage, path: '/issuer/admin/types' },
  { permission: CREDENTIALS_PERMISSIONS.offer, path: '/issuer/desk/offers/new' },
];

export const PRIVILEGED_ROLES = ['officer', 'auditor', 'exchange_operator', 'issuer_admin', 'issuing_desk'] as const satisfies readonly (keyof typeof STAFF_ROLES)[];

export interface Federation {
  urls: { portal: string; console: string; centre: string; payments: string; mailbox: string | null; pki: string; ocsp: Record<string, string> };
  caBundle: string;
  /** The members' gateways (client side URLs) and the log time-stamping, for tools and tests. */
  exchange: { gateways: Record<string, string>; stamp(): Promise<unknown>; publish(): Promise<void> };
  /** The demo agencies' registers behind the gateways (the population register records births). */
  registers: ReturnType<typeof benefitsBehindGateways>['registers'];
  /** The demo agencies' registers mobile credentials' claims come from (a clerk enrols a person). */
  credentialRegisters: CredentialRegisters;
  /** The mobile-credentials host: issuer (claims over the exchange), verifier, wallet. */
  mobile: MobileCredentialsPart['mobile'];
  storage: Storage;
  /** The authority's dependencies, for tools and tests that act as its staff would. */
  authority: AuthorityDeps;
  /** The trust services' dependencies (the card register), for tools and tests that act as its officers would. */
  trust: TrustDeps;
  /** Completes a payment the way the applicant would on the sandbox's hosted page (tools and tests). */
  pay(redirectUrl: string): Promise<void>;
  /** The partner collection centre, its own organisation with its own storage and server. */
  centre: RunningCentre;
  /** Sends pending shipment manifests and the centre's custody reports now (it also runs every few seconds). */
  moveCards(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The composition root: opens storage, applies every context's migrations, builds each
 * context's dependencies explicitly and starts the servers. The payment sandbox runs on its own
 * port because it stands for a provider outside the state's systems.
 */
export interface FederationOptions {
  warnings: string[];
  clock?: Clock;
  quiet?: boolean;
  /** Aborts the start (SIGTERM while starting): what is open so far is closed, the demo world rolled back. */
  signal?: AbortSignal;
  /** false: the periodic jobs (shipments, card orders, refunds…) do not run on their own; a test moves cards itself with `moveCards`. */
  scheduledJobs?: boolean;
}

export async function startFederation(config: TesseraConfig, options: FederationOptions): Promise<Federation> {
  options.signal?.throwIfAborted();
  const closers = new Closers();
  try {
    return await composeFederation(config, options, closers);
  } catch (error) {
    await closers.closeAll().catch(() => undefined);
    throw error;
  }
}

async function composeFederation(config: TesseraConfig, options: FederationOptions, closers: Closers): Promise<Federation> {
  const clock = options.clock ?? systemClock;
  const say = (line: string) => options.quiet || process.stdout.write(`${line}\n`);
  for (const w of options.warnings) say(`warning: ${w}`);

  const dataDir = resolve(config.dataDir);
  // A line with counts while the servers come up: on empty storage, setting it up takes seconds.
  const progress = options.quiet ? undefined : progressLine(process.stdout);
  const STEPS = 6;
  let step = 0;
  const starting = (what: string) => progress?.update(`starting (${what})`, step++, STEPS);
  // Setting up empty storage takes seconds (PGlite's initdb once per install, then a copy of its template): the line says why.
  starting(config.databaseUrl || existsSync(join(dataDir, 'pglite', 'PG_VERSION')) ? 'storage' : 'storage: setting up empty storage');
  const storage = config.databaseUrl
    ? await openStorage({ kind: 'postgres', url: config.databaseUrl })
    : await openEmbeddedStorage({ dataDir: join(dataDir, 'pglite'), migrations: FEDERATION_MIGRATIONS, templateDir: templateDirOf(config) });
  closers.add(() => storage.close());
  // Embedded storage came with every migration applied.
  if (config.databaseUrl) for (const m of FEDERATION_MIGRATIONS) await storage.migrate(m);
  options.signal?.throwIfAborted();
  await upsertLocations(storage.db, DEFAULT_LOCATIONS.map((l) => ({ ...l, active: config.openLocations.includes(l.code) })));
  const logKey = await loadLogSigningKey({ dataDir, kek: Buffer.from(config.keyEncryptionKey, 'hex') });

  const portalUrl = config.publicUrl || `http://localhost:${config.port}/`;
  // The built-in sandbox stands in for the payment provider only when none is configured (never in production).
  const paymentsUrl = config.paymentUrl || `http://localhost:${config.paymentPort}/`;
  const pkiUrl = config.pkiUrl || `http://localhost:${config.trustPort}/`;

  starting('keys and certificates');
  const trust = await setUpTrust({ storage, clock, kek: config.keyEncryptionKey, pkiUrl, dataDir, ceremony: process.env.NODE_ENV === 'production' ? 'never' : 'if-missing' });
  if (trust.ceremony) say(`Key ceremony: created the ${pkiUrl} certificate hierarchy (root and four issuing CAs).`);
  starting('trust services');
  const pki: Server = await buildServer({ title: 'Tessera — trust services', cookieSecret: config.cookieSecret, logLevel: config.logLevel, storage, sharedRateLimits: { db: storage.db, clock } });
  closers.add(() => pki.close());
  const trustServices = await registerTrustServices(pki, trust.deps, { crlValidityHours: 24, ocspValidityMinutes: 15, crlDelayMs: 2000 });
  closers.add(() => trustServices.close());
  await pki.listen({ host: config.host, port: config.trustPort });

  const jobs = new ScheduledJobs(Date.now, { timed: options.scheduledJobs ?? true });
  const mailbox = config.smtpUrl ? null : await startDevMailbox();
  if (mailbox) closers.add(() => mailbox.stop());
  const stopMail = startMailDelivery({
    db: storage.db,
    clock,
    transport: smtpTransportOf(config.smtpUrl || mailbox!.smtpUrl, config.mailFrom),
    intervalMs: 1000,
    onError: (error) => jobs.failed('mail-delivery', error),
  });
  closers.add(stopMail);
  options.signal?.throwIfAborted();

  const sandbox = config.paymentUrl ? null : await buildPaymentSandbox({
    storage, clock, webhookSecret: config.paymentWebhookSecret, apiKey: config.paymentApiKey, publicUrl: paymentsUrl, logLevel: config.logLevel, cookieSecret: config.cookieSecret,
    onError: (error) => jobs.failed('payment-sandbox-webhooks', error),
  });
  if (sandbox) closers.add(() => sandbox.close());
  await sandbox?.listen({ host: config.host, port: config.paymentPort });

  const deps = authorityDeps({ config, storage, clock, trust: trust.deps, portalUrl, paymentsUrl });
  // The partner centre: its own storage and servers; the authority knows it only as exchange subsystems.
  starting('partner centre');
  const centreStorage = await openCentreStorage(config, dataDir);
  closers.add(() => centreStorage.close());
  const centre = await startCentre({ config, dataDir, storage: centreStorage, clock, fetch, onError: (error) => jobs.failed('centre-reports', error) });
  closers.add(() => centre.stop());
  // Each centre is registered with its log key, so the authority can check the heads it sends.
  const registered = await upsertPartnerCentres(storage.db, clock, centre.deps.centres.map((c) => ({ location: c.code, exchangeClient: centreClientId(c.code), logKey: centre.logPublicJwk })));
  // The pinned key stays: heads signed with another key are refused and flagged until the key is re-pinned on purpose.
  for (const location of registered.conflicts) say(`warning: ${location}'s transparency-log key differs from the one pinned at its registration; its tree heads will be refused`);
  // The exchange: the authority's centre services behind its gateway, the centre reaching them through its own.
  const benefits = benefitsBehindGateways({ storage, clock, demoRegisters: process.env.NODE_ENV !== 'production' });
  // The agencies' registers credentials' claims come from: demo stand-ins, never in production.
  const registers = credentialRegisters({ clock });
  starting('exchange');
  const memberServices = await startMemberServices({
    storage, cookieSecret: config.cookieSecret, logLevel: config.logLevel, authority: deps,
    more: (server) => {
      benefits.routes(server);
      if (process.env.NODE_ENV !== 'production') registers.routes(server);
    },
  });
  closers.add(() => memberServices.server.close());
  const exchangeLayer = await startExchange({ storage, clock, trust: trust.deps, kek: Buffer.from(config.keyEncryptionKey, 'hex'), servicesUrl: memberServices.url, centreServicesUrl: centre.exchangeUrl, tsaUrl: new URL('/tsa', pkiUrl).toString(), archiveDir: join(dataDir, 'exchange-archive'), clientCredentialsDir: join(dataDir, 'exchange-client-credentials'), fetch, logger: memberServices.server.log, onError: (error, job) => jobs.failed(job, error) });
  closers.add(() => exchangeLayer.close());
  centre.useGateway(exchangeLayer.gateways.centre.clientUrl);
  deps.centreExchange = exchangeCentreClient({ gatewayUrl: exchangeLayer.gateways.authority.clientUrl, authorityClient: clientId('authority'), fetch });
  // A suspended centre loses its access rights at the registry (restored on reinstatement); the
  // registry enrols every right at start, so a suspension is carried to it again now.
  deps.centreAccess = registryCentreAccess({ db: storage.db, clock }, () => exchangeLayer.publish());
  const carrySuspensions = async () => {
    for (const c of await partnerCentreStates(storage.db)) await deps.centreAccess!(c.exchangeClient, c.state === 'active');
    await notifyCentreStates(deps);
  };
  await carrySuspensions();
  starting('portal');
  const credentialsUrl = (config.credentialsUrl || `http://localhost:${config.credentialsPort}`).replace(/\/$/, '');
  const issuerAdmin = await issuerAdminPages({ storage, clock, trust: trust.deps, issuerUrl: credentialsUrl });
  const portal = await buildAuthorityPortal({
    config, storage, clock, trust: trust.deps, deps, portalUrl, onRegistryChange: () => exchangeLayer.publish(),
    // The demo's people who opted in to benefits can sign in by hand without a card (the demo world is never in production).
    ...(config.demo && sandbox ? { demoCitizens: DEMO_BENEFIT_PEOPLE.map((p) => ({ code: p.subject.replace(/^EE/, ''), name: p.name })) } : {}),
    staffPages: (server, gate) => {
      benefits.staffPages(server, gate);
      issuerAdmin(server, gate);
    },
  });
  closers.add(() => portal.close());
  if (mailbox) registerDevMailboxPage(portal, mailbox);
  const channels = await benefitsChannels(config, { dataDir, production: process.env.NODE_ENV === 'production' });
  const benefitsDeps = benefits.start({ portal, portalUrl, gateways: { benefits: exchangeLayer.gateways.benefits.clientUrl, population: exchangeLayer.gateways.population.clientUrl }, jobs, channels, certificates: benefitsCertificates(config, { credentialsUrl, demo: config.demo && Boolean(sandbox) }) });
  jobs.logger = portal.log;
  // Scheduled jobs' runs and failures, for Prometheus (the gateways serve their own /metrics).
  portal.get('/metrics', { schema: { hide: true } }, async (_request, reply) => reply.type('text/plain; version=0.0.4').send(jobs.metrics()));
  await portal.listen({ host: config.host, port: config.port });
  await centre.listen();

  // The demo's payments are the sandbox's: with a real provider there is no demo world.
  progress?.update('starting (servers listening)', STEPS, STEPS);
  progress?.end();
  let demo = false;
  if (config.demo && sandbox) {
    let announced = false;
    // The centres' accounts are in their own storage, in a transaction of their own, before the world whose cards they hand over.
    const centreOperators = await loadCentreDemoStaff(centre.storage, clock, centre.deps.centres.filter((c) => c.live).map((c) => c.code));
    const world = await loadDemoWorld({
      deps, trust: trust.deps, keyStoreOn: trust.keyStoreOn, storage, clock, paymentsUrl, welfareGatewayUrl: exchangeLayer.gateways.welfare.clientUrl, signal: options.signal,
      centre: centre.deps, centreOperators,
      progress: (step, done, total) => {
        if (!announced) say('Loading the Seoul pilot demo world…');
        announced = true;
        progress?.update(step, done, total);
      },
    });
    progress?.end();
    if (world === null) say('The storage holds a world that is not the demo: the demo world is not loaded.');
    demo = world !== null;
    const centreStaff = Object.values(centreOperators).flat().length;
    if (world?.loaded) {
      say(`  ${world.applications} applications, ${world.staff + centreStaff} staff accounts, cards: ${Object.entries(world.cards).map(([k, v]) => `${v} ${k}`).join(', ')}, ${world.exchangeMessages} messages on the exchange`);
      for (const [code, fates] of Object.entries(world.centres)) say(`  ${code}: ${Object.entries(fates).map(([k, v]) => `${v} ${k.replace('_', ' ')}`).join(', ')}`);
    }
  }
  // Cards leave the bureau in shipments; the centre's custody reports come back. Serialised, so a slow run never overlaps the next.
  let moving: Promise<unknown> = Promise.resolve();
  const moveCards = async () => {
    const run = moving.then(async () => {
      await dispatchShipments(deps);
      await carrySuspensions();
      await centre.deliver();
    });
    moving = run.catch(() => undefined);
    await run;
  };
  jobs.every('card-shipments', 5_000, moveCards);
  const mobile = await startMobileCredentialsPart({
    config, storage, clock, trust: trust.deps, demo, onError: (error, job) => jobs.failed(job, error),
    claims: exchangeClaimSource({ gatewayUrl: () => exchangeLayer.gateways.credentials.clientUrl }), registers,
  });
  closers.add(() => mobile.close());
  jobs.every('refund-retries', 60_000, () => retryPendingRefunds(deps));
  jobs.every('card-orders', 60_000, () => retryCardOrders(deps));
  jobs.every('housekeeping', 3_600_000, async () => {
    await pruneRateLimits(storage.db, new Date(clock.now().getTime() - 86_400_000));
    await pruneIdempotencyKeys(storage.db, clock);
    await pruneDpopProofs(storage.db, clock.now());
  });
  jobs.every('unclaimed-cards', 60_000, async () => {
    await revokeUnclaimedCards(trust.deps);
    await trustServices.refreshCrls();
  });
  closers.add(() => jobs.stop());
  // The log's sequencer numbers committed events and signs a tree head within the maximum merge delay.
  await signTreeHead(storage.db, logKey, clock);
  const sequencer = startLogSequencer({ db: storage.db, key: logKey, clock, onError: (error) => jobs.failed('log-sequencer', error) });
  closers.add(() => sequencer.stop());

  const federation: Federation = {
    urls: { portal: portalUrl, console: new URL('/officer', portalUrl).toString(), centre: new URL('/centre', centre.url).toString(), payments: paymentsUrl, mailbox: mailbox ? new URL('/dev/mailbox', portalUrl).toString() : null,
      pki: pkiUrl, ocsp: Object.fromEntries([...trustServices.ocspPaths].map(([role, path]) => [role, new URL(path, pkiUrl).toString()])) },
    caBundle: trust.bundlePath,
    exchange: { gateways: Object.fromEntries(Object.entries(exchangeLayer.gateways).map(([k, g]) => [k, g.clientUrl])), stamp: () => exchangeLayer.stamp(), publish: () => exchangeLayer.publish() },
    storage,
    registers: benefits.registers,
    credentialRegisters: registers,
    mobile: mobile.mobile,
    authority: deps,
    trust: trust.deps,
    async pay(url) {
      if (!sandbox) throw new Error('A real payment provider is configured: payments are made on its pages.');
      await sandbox.payAsApplicant(url);
    },
    centre,
    moveCards,
    stop: () => closers.closeAll(),
  };
  // People who opted in to proactive benefits, written last: the life-event job evaluates them over the exchange once the start is done.
  if (demo && (await loadBenefitsDemo(benefitsDeps)).loaded) say(`  proactive benefits: ${DEMO_BENEFIT_PEOPLE.length} people opted in; the tax board's new assessments bring their offers to their inboxes shortly`);
  options.signal?.throwIfAborted();
  say(banner(federation, { demo, sandbox: sandbox !== null, mobile: mobileCredentialsBanner(mobile) }));
  return federation;
}

function banner(f: Federation, o: { demo: boolean; sandbox: boolean; mobile: string[] }): string {
  return [
    '',
    'Tessera is running.',
    `  Applicant portal   ${f.urls.portal}`,
    `  Officer console    ${f.urls.console}`,
    `  Partner centre     ${f.urls.centre}  (its own organisation: own accounts, storage and log; reaches the authority only over the exchange)`,
    `  Citizen portal     ${new URL('/citizen', f.urls.portal).toString()}  (sign-in with the digi-ID, Web eID protocol)`,
    `  Benefits           ${new URL('/citizen/benefits', f.urls.portal).toString()}  (what am I entitled to; consent tiers)`,
    `  Policy console     ${new URL('/benefits/console', f.urls.portal).toString()}  (benefit programmes: tests and previews on the synthetic population; staff role policy_author${o.demo ? ', demo login author.han' : ''})`,
    `  Exchange operator  ${new URL('/exchange/console', f.urls.portal).toString()}  (registry; API under /api/v1/exchange)`,
    `  Issuer admin       ${new URL('/issuer/admin/types', f.urls.portal).toString()}  (credential types, issued credentials; API under /api/v1/credentials; staff role issuer_admin)`,
    `  Issuing desk       ${new URL('/issuer/desk/offers/new', f.urls.portal).toString()}  (credential offers for holders whose identity was checked; staff role issuing_desk)`,
    `  Payment provider   ${f.urls.payments}${o.sandbox ? '  (sandbox; test card 4242 4242 4242 4242)' : ''}`,
    ...(f.urls.mailbox ? [`  Sent e-mail        ${f.urls.mailbox}`] : []),
    `  Trust services     ${f.urls.pki}  (CA certificates, CRLs, OCSP, time-stamping at /tsa)`,
    ...Object.entries(f.urls.ocsp).map(([role, url]) => `  ${`OCSP (${role})`.padEnd(19)}${url}`),
    `  CA bundle          ${f.caBundle}`,
    ...Object.entries(f.exchange.gateways).map(([member, url]) => `  ${`Gateway (${member})`.padEnd(21)}${url}  (X-Road REST: /r1/…, /listClients)`),
    ...o.mobile,
    '',
    'Check a card yourself: open it in the card register, save its authentication certificate as card.pem, then',
    `  openssl ocsp -CAfile ${f.caBundle} -issuer ${f.caBundle.replace(/ca-bundle\.pem$/, 'card-auth.pem')} -cert card.pem -url ${f.urls.ocsp['card-auth'] ?? ''}`,
    '',
    ...(o.demo ? [
      'Demo logins (password for all: ' + DEMO_STAFF[0]!.password + ')',
      ...[...DEMO_STAFF, ...DEMO_CENTRE_STAFF.filter((s) => f.centre.deps.centres.some((c) => c.live && c.code === s.centre))].map((s) => `  ${s.username.padEnd(18)} ${s.description}`),
      '',
      `People who opted in to proactive benefits (their offers in the inbox at ${new URL('/citizen/benefits', f.urls.portal).toString()} once signed in with the digi-ID):`,
      ...DEMO_BENEFIT_PEOPLE.map((p) => `  ${p.subject.padEnd(18)} ${p.name}, consent ${p.tier}`),
      `Without a card: ${new URL(DEMO_CITIZEN_SIGN_IN_PATH, f.urls.portal).toString()} signs you in as one of them (development only), e.g. ${DEMO_BENEFIT_PEOPLE[0]!.name}, and opens the benefits inbox.`,
      '',
    ] : []),
    'Press Ctrl+C to stop.',
  ].join('\n');
}
