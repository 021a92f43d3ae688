// SPDX-License-Identifier: Apache-2.0
import 'reflect-metadata';
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { X509Certificate } from '@peculiar/x509';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { ManualClock, transparencyMigrations } from '@tessera/platform';
import {
  changeCardState, databaseKeyBackend, EmulatedCardBureau, installHierarchy, localServiceCertification, personaliseCard, registerStatusSource, runKeyCeremony, StatusChanges, trustMigrations, WrappedKeyStore,
} from '@tessera/trust';
import {
  activeTypes, buildCatalogue, cardDocumentStatus, credentialsMigrations, installCatalogue, issuanceWriter, issueCredentials, issuerIdentity, recordClaims, statusListPublisher, type IssuerDeps,
} from '@tessera/credentials';
import { catalogueDirectory } from '@tessera/credentials/testing';
import { openBenchStorage } from './bench-storage.ts';

const IN_FLIGHT = 8;
const TYPE = 'kr.mois.public-worker-id';

/**
 * Credentials issued per second with the durable write — a public-worker ID derived from an
 * ID card: the card's status read from the card register (one query for the requests that ask
 * together), one SD-JWT VC signed by the issuer's key in the key store (ES256), a status-list
 * entry from the process's reserve (taken in ranges under the list's row lock), the issuance
 * record and its transparency-log event in one transaction shared by the requests of one turn
 * (the issuance writer's group commit) — one credential per request and in batches of five,
 * eight requests in flight. Against the raw limit measured in the same run: ES256 signatures per
 * second on one core (node:crypto, and the key store's signer the issuer uses), one signature per
 * credential. The claims
 * are the register's answer given up front: fetching them over the exchange happens before and
 * outside the transaction and is the agency's time, not the issuer's. `perCore` divides by this
 * process's CPU time (on PostgreSQL the server's CPU is not in it: `server` adds it, read from
 * /proc for the backends of the bench's database and the server's own processes). PostgreSQL
 * when DATABASE_URL is set (a throwaway database), PGlite otherwise.
 */
export async function run(options: { single?: number; batches?: number } = {}) {
  const single = options.single ?? 400;
  const batches = options.batches ?? 80;
  const storage = await openBenchStorage();
  try {
    for (const m of [transparencyMigrations, trustMigrations, credentialsMigrations]) await storage.migrate(m);
    const { db } = storage;
    const clock = new ManualClock(new Date());
    const keyStore = await WrappedKeyStore.open({ kek: randomBytes(32), backend: databaseKeyBackend(db, clock) });
    const hierarchy = await runKeyCeremony({ keyStore, clock, baseUrl: 'http://pki.bench', name: 'Bench' });
    await installHierarchy(db, clock, hierarchy);
    const trust = { db, clock, keyStore, bureau: new EmulatedCardBureau(), statusChanges: new StatusChanges(), randomBytes: (n: number) => new Uint8Array(randomBytes(n)), cardValidityYears: 5, collectionMonths: 6 };
    const vctBase = 'https://issuer.bench/types';
    const catalogue = buildCatalogue({ vctBase, logoBase: 'https://issuer.bench/logos' });
    await installCatalogue({ db, clock, vctBase, exchange: catalogueDirectory(catalogue) }, catalogue, 'bench');
    const type = (await activeTypes(db)).find((t) => t.id === TYPE)!;
    const { card } = await personaliseCard(trust, { orderReference: 'BENCH-1', givenNames: 'Min-jun', surname: 'Kim', dateOfBirth: '1988-05-05', sex: 'M', citizenship: 'KR', pickupLocation: 'seoul-vfs' }, 'bench');
    await changeCardState(trust, card.id, { action: 'activate' }, 'bench');
    const documentRef = new X509Certificate(new Uint8Array(trust.bureau.card(card.chipId)!.readCertificate('authentication'))).serialNumber.toLowerCase().replace(/^0+/, '');
    const identity = await issuerIdentity(storage, localServiceCertification(trust, 'bench'), clock, { commonName: 'Bench Credential Issuer', organization: 'Bench', country: 'KR' });
    const deps: IssuerDeps = {
      db, clock, issuerUrl: 'https://issuer.bench', vctBase, identity: async () => identity,
      documents: cardDocumentStatus(registerStatusSource(db, clock, trust.statusChanges), hierarchy.issuing['card-auth'].der),
      statusLists: statusListPublisher({ db, clock, baseUrl: 'https://issuer.bench', signer: async () => ({ x5c: identity.x5c, sign: (d) => identity.signer.sign(d) }) }),
      claims: { claims: async () => { throw new Error('the bench gives the claims'); } },
      writer: issuanceWriter({ db, clock }),
    };
    const claims = recordClaims(type, { identificationCode: card.holderCode, givenName: 'Min-jun', familyName: 'Kim', birthDate: '1988-05-05' }, clock.now());
    const walletKeys: JWK[] = await Promise.all(Array.from({ length: 5 }, async () => exportJWK((await generateKeyPair('ES256', { extractable: true })).publicKey)));

    const serverCpu = storage.benchKind === 'postgresql' ? await serverCpuMeter(db) : null;
    const timed = async (requests: number, keysPerRequest: number) => {
      const server = await serverCpu?.start();
      const cpu = process.cpuUsage();
      const t = performance.now();
      let issued = 0;
      for (let i = 0; i < requests; i += IN_FLIGHT) {
        const wave = Array.from({ length: Math.min(IN_FLIGHT, requests - i) }, () => issueCredentials(deps, { type, format: 'dc+sd-jwt', holder: card.holderCode, documentRef, keys: walletKeys.slice(0, keysPerRequest), claims }));
        for (const batch of await Promise.all(wave)) issued += batch.credentials.length;
      }
      const ms = performance.now() - t;
      const used = process.cpuUsage(cpu);
      const cpuMs = (used.user + used.system) / 1000;
      const serverMs = await server?.();
      return {
        credentials: issued, perSecond: Math.round((issued / ms) * 1000), perCore: Math.round((issued / cpuMs) * 1000), cpuShare: Number((cpuMs / ms).toFixed(2)),
        ...(serverMs === undefined ? {} : { server: { cpuMicrosecondsPerCredential: Math.round((serverMs * 1000) / issued), issuedPerCpuSecondWithServer: Math.round((issued / (cpuMs + serverMs)) * 1000) } }),
      };
    };
    // Warm-up to the steady state of a serving process: long enough for V8 to finish tiering up
    // the hot code (PGlite's WebAssembly above all), which otherwise runs in background threads
    // during the timed part and is counted in its CPU; also the prepared statements, the reserve.
    await timed(400, 1);
    await timed(80, 5);
    const oneEach = await timed(single, 1);
    const fiveEach = await timed(batches, 5);

    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const data = Buffer.alloc(1200, 7);
    let t = performance.now();
    for (let i = 0; i < 3000; i++) sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' });
    const nodeSigns = Math.round((3000 / (performance.now() - t)) * 1000);
    t = performance.now();
    for (let i = 0; i < 2000; i++) await identity.signer.sign(data);
    const keyStoreSigns = Math.round((2000 / (performance.now() - t)) * 1000);
    const ratio = (v: number) => Number((v / nodeSigns).toFixed(2));
    return {
      storage: storage.benchKind, type: TYPE, inFlight: IN_FLIGHT, goalPerCore: 2000,
      issuedPerSecond: { oneEach: oneEach.perSecond, batchOfFive: fiveEach.perSecond },
      issuedPerCpuSecond: { oneEach: oneEach.perCore, batchOfFive: fiveEach.perCore },
      cpuShare: { oneEach: oneEach.cpuShare, batchOfFive: fiveEach.cpuShare },
      ...(oneEach.server && fiveEach.server ? { server: { oneEach: oneEach.server, batchOfFive: fiveEach.server } } : {}),
      rawLimit: { es256SignsPerSecond: nodeSigns, keyStoreSignsPerSecond: keyStoreSigns, signaturesPerCredential: 1 },
      ratioToRawSign: { oneEach: ratio(oneEach.perSecond), batchOfFive: ratio(fiveEach.perSecond), oneEachPerCore: ratio(oneEach.perCore), batchOfFivePerCore: ratio(fiveEach.perCore) },
    };
  } finally {
    await storage.close();
  }
}

/**
 * CPU the PostgreSQL server spends for the bench, in ms: time on CPU (/proc/<pid>/schedstat, ns;
 * /proc/<pid>/stat only counts 10 ms ticks) of the backends connected to the bench's database and
 * of the server's own processes (WAL writer, checkpointer; shared with other users of the server,
 * idle otherwise). Backends that start during a measurement count from zero; one that ends
 * within it is missed (none do: the pool keeps its connections). Needs the server on this machine.
 */
async function serverCpuMeter(db: IssuerDeps['db']) {
  const pids = async () => ((await db.execute(sql`select pid from pg_stat_activity where datname = current_database() or datname is null`)) as unknown as { rows: Array<{ pid: number }> }).rows.map((r) => Number(r.pid));
  const onCpuNs = (pid: number) => {
    try {
      return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      return null;
    }
  };
  return {
    async start() {
      const before = new Map((await pids()).map((pid) => [pid, onCpuNs(pid) ?? 0]));
      return async () => {
        let total = 0;
        for (const pid of new Set([...before.keys(), ...(await pids())])) {
          const now = onCpuNs(pid);
          if (now !== null) total += now - (before.get(pid) ?? 0);
        }
        return total / 1e6;
      };
    },
  };
}
