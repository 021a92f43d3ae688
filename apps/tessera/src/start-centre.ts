// SPDX-License-Identifier: Apache-2.0
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { authMigrations, openEmbeddedStorage, openStorage, scheduleExclusive, signTreeHead, transparencyMigrations, type Clock, type ContextMigrations, type Server, type Storage } from '@tessera/platform';
import {
  buildCentreExchangeServer, buildCentreServer, centreMigrations, DEFAULT_CENTRES, deliverCustodyReports, exchangeAuthorityLink, openingHoursText, reconcileStock, resumeHandovers, sendTreeHead,
  type CentreConfig, type CentreDeps,
} from '@tessera/centre';
import { centreClientId, clientId, INSTANCE, MEMBERS } from './exchange/members.ts';
import { currentLogKey } from './current-log-key.ts';
import { templateDirOf, type TesseraConfig } from './config.ts';

export interface RunningCentre {
  /** The centre's own web server (operators and applicants). */
  url: string;
  /** Its information system as its exchange gateway reaches it (loopback). */
  exchangeUrl: string;
  storage: Storage;
  deps: CentreDeps;
  /** Tells the centre where its own gateway's client side is, once the exchange runs. */
  useGateway(url: string): void;
  /** Sends pending custody reports to the authority now (it also runs every few seconds). */
  deliver(): Promise<unknown>;
  /** The public key (JWK) of the centre's transparency log, which the authority registers to check its tree heads. */
  logPublicJwk: Record<string, unknown>;
  /** Sends each live centre's latest signed log head, with a consistency proof, to the authority now (it also runs every minute). */
  sendTreeHeads(): Promise<Record<string, { sent: boolean; size: number }>>;
  /** Reconciles every live centre's stock with the authority now (it also runs daily); the discrepancy reports. */
  reconcile(): Promise<Record<string, Awaited<ReturnType<typeof reconcileStock>>>>;
  listen(): Promise<void>;
  stop(): Promise<void>;
}

/** The centres this installation configures; those whose code is an open location are live. */
export const configuredCentres = (openLocations: readonly string[]): CentreConfig[] => DEFAULT_CENTRES.map((c) => ({ ...c, live: openLocations.includes(c.code) }));

/** What the centre's own database holds: its transparency log, its staff and sessions, its schema. */
export const CENTRE_MIGRATIONS: readonly ContextMigrations[] = [transparencyMigrations, authMigrations, centreMigrations];

/** The centre's own storage: its PostgreSQL database when configured, else embedded PGlite under the data directory (from the template of empty storage, see openEmbeddedStorage). */
export async function openCentreStorage(config: Pick<TesseraConfig, 'centreDatabaseUrl' | 'templateDir'>, dataDir: string): Promise<Storage> {
  if (!config.centreDatabaseUrl) return openEmbeddedStorage({ dataDir: join(dataDir, 'centre', 'pglite'), migrations: CENTRE_MIGRATIONS, templateDir: templateDirOf(config) });
  const storage = await openStorage({ kind: 'postgres', url: config.centreDatabaseUrl });
  try {
    for (const m of CENTRE_MIGRATIONS) await storage.migrate(m);
  } catch (error) {
    await storage.close();
    throw error;
  }
  return storage;
}

/**
 * The partner collection centre as the separate organisation it is: its own database (schema,
 * staff accounts and sessions, transparency log with its own signing key), its own web server
 * and port, and its services behind its own exchange gateway. It reaches the authority only
 * through that gateway.
 */
export async function startCentre(o: {
  config: TesseraConfig; dataDir: string; storage: Storage; clock: Clock; fetch: typeof fetch; onError: (error: unknown) => void;
  /** Where its exchange gateway reaches its services (default: loopback, any free port). */
  exchangeListen?: { host: string; port: number };
}): Promise<RunningCentre> {
  const dir = join(o.dataDir, 'centre');
  const storage = o.storage;
  // Followed on each signing: a key switched in by `tessera centre rotate-log-key --switch` signs the next head.
  const logKey = await currentLogKey({ dataDir: dir, kek: Buffer.from(o.config.keyEncryptionKey, 'hex') });
  const centres = configuredCentres(o.config.openLocations);
  const publicUrl = o.config.centrePublicUrl || `http://localhost:${o.config.centrePort}/`;
  const subsystems = Object.fromEntries(centres.map((c) => [c.code, centreClientId(c.code)]));
  let gatewayUrl = '';
  const deps: CentreDeps = {
    db: storage.db,
    clock: o.clock,
    centres,
    publicUrl,
    randomToken: () => randomBytes(32).toString('base64url'),
    authority: exchangeAuthorityLink({
      get gatewayUrl() { return gatewayUrl; },
      authoritySubsystem: `${INSTANCE}/${MEMBERS.authority.memberClass}/${MEMBERS.authority.memberCode}/${MEMBERS.authority.subsystem}`,
      subsystems,
      fetch: o.fetch,
      pickupInfo: (code) => {
        const centre = centres.find((c) => c.code === code);
        return { address: centre ? `${centre.address}, ${centre.city}` : '', hours: centre ? openingHoursText(centre, 'en') : '' };
      },
    }),
  };
  let delivering: Promise<unknown> = Promise.resolve();
  const deliver = () => (delivering = delivering.then(async () => {
    await resumeHandovers(deps);
    await deliverCustodyReports(deps);
  }).catch(o.onError));
  const reconcile = async () => {
    const reports: Record<string, Awaited<ReturnType<typeof reconcileStock>>> = {};
    for (const c of centres.filter((centre) => centre.live)) reports[c.code] = await reconcileStock(deps, c.code);
    return reports;
  };
  const sendTreeHeads = async () => {
    // The heads are signed first, so the authority sees every committed event within a minute.
    await signTreeHead(storage.db, await logKey(), o.clock);
    const sent: Record<string, { sent: boolean; size: number }> = {};
    for (const c of centres.filter((centre) => centre.live)) sent[c.code] = await sendTreeHead(deps, c.code);
    return sent;
  };
  const exchangeServer: Server = await buildCentreExchangeServer({ deps, storage, cookieSecret: o.config.cookieSecret, logLevel: o.config.logLevel, prefix: '/centre', authorityClient: clientId('authority'), subsystems });
  const exchangeUrl = await exchangeServer.listen(o.exchangeListen ?? { host: '127.0.0.1', port: 0 });
  const { server } = await buildCentreServer({
    deps, storage, cookieSecret: o.config.cookieSecret, secretKey: Buffer.from(o.config.secretKey, 'hex'), logLevel: o.config.logLevel,
    secureCookies: publicUrl.startsWith('https:'), onChange: () => void deliver(),
    // Operators and supervisors see identity documents and hand cards over: as privileged as officers.
    secondFactorRequiredFor: o.config.staffSecondFactor ? ['operator', 'supervisor'] : [],
  });
  await signTreeHead(storage.db, await logKey(), o.clock);
  const timers: Array<() => void> = [];
  return {
    url: publicUrl,
    exchangeUrl,
    storage,
    deps,
    useGateway(url) {
      gatewayUrl = url;
    },
    deliver,
    reconcile,
    logPublicJwk: { ...(await logKey()).publicJwk },
    sendTreeHeads,
    async listen() {
      await server.listen({ host: o.config.host, port: o.config.centrePort });
      // Each job in one process at a time, whichever holds its lock, however many serve the centre.
      const every = (job: string, ms: number, run: () => Promise<unknown>) => timers.push(scheduleExclusive(storage, `centre:${job}`, ms, run, (_job, error) => o.onError(error)));
      every('custody-reports', 5_000, deliver);
      every('tree-head', 5_000, async () => signTreeHead(storage.db, await logKey(), o.clock));
      every('reconciliation', 86_400_000, reconcile);
      every('tree-heads-sent', 60_000, sendTreeHeads);
    },
    async stop() {
      for (const stop of timers) stop();
      await delivering;
      await server.close();
      await exchangeServer.close();
    },
  };
}
