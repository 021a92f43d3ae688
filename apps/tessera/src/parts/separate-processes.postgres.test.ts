// SPDX-License-Identifier: Apache-2.0
// Runs on the PostgreSQL lane only (scripts/test.ts chooses *.postgres.test.ts files for it):
// processes can share a PostgreSQL server, not an embedded PGlite.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { createStaff, logEntryText, openStorage, systemClock, type Storage } from '@tessera/platform';
import { gatewayIdentities, messages, registry, verifyLoggedMessage } from '@tessera/exchange';
import { loadTrustAnchors } from '@tessera/trust';
import { trustCardDesk } from '../card-desk.ts';
import { setUpTrust } from '../trust-setup.ts';
import { listStock } from '@tessera/centre';
import { INSTANCE, MEMBERS, centreClientId, clientId, servicePath } from '../exchange/members.ts';
import { freePort } from '../testing/free-port.ts';
import { balanceHttp, balanceTcp, type Balancer } from '../testing/balancer.ts';
import { gatewaysKnowEachOther, partProcesses } from '../testing/part-processes.ts';

const cli = new URL('../cli.ts', import.meta.url).pathname;
const sha256 = (der: Uint8Array) => createHash('sha256').update(der).digest('hex');
const PASSWORD = 'a long passphrase for operators';
const REFERENCE = 'ER-2026-000001';
const balancers: Balancer[] = [];
let storage: Storage | undefined;
let centreStorage: Storage | undefined;
let centreDatabaseUrl = '';
let centreWeb = '';
let desk: ReturnType<typeof trustCardDesk>;
let dir = '';
let database = '';
let env: NodeJS.ProcessEnv = {};
const ports: Record<string, number> = {};
let portal: Balancer;
let services: Balancer;
let centreGateway = '';
let authorityGateway = '';
/** The authority's gateway runs as two processes: its client side behind an HTTP balancer, its provider side (the one registered address) behind a TCP one. */
let authorityClients: Balancer;
let authorityProviders: Balancer;

const { serve, stopAll } = partProcesses(() => env);

before(async () => {
  const admin = process.env.TESSERA_TEST_DATABASE_URL;
  if (!admin) throw new Error('This test needs a PostgreSQL server: run it with `npm test` (TESSERA_TEST_DATABASE_URL).');
  database = `tessera_serve_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${database}`);
  // The centre is another organisation: its own database.
  await client.query(`CREATE DATABASE ${database}_centre`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${database}`;
  const centreUrl = new URL(admin);
  centreUrl.pathname = `/${database}_centre`;
  centreDatabaseUrl = centreUrl.toString();
  dir = mkdtempSync(join(tmpdir(), 'tessera-serve-'));
  for (const name of ['trust', 'payments', 'registry', 'portalA', 'portalB', 'servicesA', 'servicesB', 'centreClient', 'centreProvider', 'centreServices', 'centreWeb', 'authorityClient', 'authorityProvider', 'authorityClientB', 'authorityProviderB']) ports[name] = await freePort();
  env = {
    PATH: process.env.PATH, NODE_ENV: 'test', DATABASE_URL: url.toString(), TESSERA_DATA_DIR: dir, TESSERA_LOG_LEVEL: 'silent', TESSERA_DEMO: 'false',
    TESSERA_TRUST_PORT: String(ports.trust), TESSERA_PAYMENT_PORT: String(ports.payments), TESSERA_REGISTRY_PORT: String(ports.registry),
    TESSERA_CONFIGURATION_REFRESH_SECONDS: '1',
  };
  const init = spawnSync(process.execPath, [cli, 'trust', 'init'], { env, encoding: 'utf8' });
  assert.equal(init.status, 0, init.stdout + init.stderr);

  // The first part to start applies every context's migrations.
  await serve(['trust']);
  // The authority's data, as its officers would have left it: a card for the Seoul centre and an officer.
  storage = await openStorage({ kind: 'postgres', url: url.toString(), poolSize: 2 });
  const trust = await setUpTrust({ storage, clock: systemClock, kek: '0'.repeat(62) + '2a', pkiUrl: `http://localhost:${ports.trust}/`, dataDir: join(dir, 'seed'), ceremony: 'never' });
  desk = trustCardDesk(trust.deps);
  await desk.order([{ reference: REFERENCE, givenNames: 'Min-jun', surname: 'Kim', dateOfBirth: '1990-01-01', sex: 'M', citizenship: 'KR', pickupLocation: 'seoul-vfs' }], 'test');
  await createStaff(storage.db, { username: 'officer.one', displayName: 'Officer One', organisation: 'PBGB', roles: ['officer'], password: PASSWORD }, systemClock);

  await serve(['registry']);
  await serve(['payments']);
  centreGateway = `http://127.0.0.1:${ports.centreClient}`;
  authorityClients = await balanceHttp([`http://127.0.0.1:${ports.authorityClient}`, `http://127.0.0.1:${ports.authorityClientB}`]);
  authorityProviders = await balanceTcp([{ host: '127.0.0.1', port: ports.authorityProvider! }, { host: '127.0.0.1', port: ports.authorityProviderB! }]);
  authorityGateway = authorityClients.url;
  balancers.push(authorityClients, authorityProviders);
  const a = serve(['portal'], { TESSERA_PORT: String(ports.portalA), TESSERA_SERVICES_PORT: String(ports.servicesA), TESSERA_AUTHORITY_GATEWAY_URL: authorityGateway });
  const b = serve(['portal'], { TESSERA_PORT: String(ports.portalB), TESSERA_SERVICES_PORT: String(ports.servicesB), TESSERA_AUTHORITY_GATEWAY_URL: authorityGateway });
  const [urlsA, urlsB] = await Promise.all([a, b]);
  portal = await balanceHttp([urlsA!.portal!, urlsB!.portal!]);
  services = await balanceHttp([urlsA!.services!, urlsB!.services!]);
  balancers.push(portal, services);
  // Two processes of the authority's gateway start at once: they must agree on one identity and
  // one registration at the balancer's address.
  await Promise.all([['authorityClient', 'authorityProvider'], ['authorityClientB', 'authorityProviderB']].map(([clientPort, providerPort]) => serve(['gateway', 'authority'], {
    TESSERA_GATEWAY_CLIENT_PORT: String(ports[clientPort!]), TESSERA_GATEWAY_PROVIDER_PORT: String(ports[providerPort!]), TESSERA_SERVICES_URL: services.url, TESSERA_GATEWAY_ADDRESS: authorityProviders.url,
  })));
  const centre = await serve(['centre'], {
    TESSERA_CENTRE_DATABASE_URL: centreDatabaseUrl, TESSERA_CENTRE_GATEWAY_URL: centreGateway,
    TESSERA_CENTRE_PORT: String(ports.centreWeb), TESSERA_CENTRE_SERVICES_PORT: String(ports.centreServices),
  });
  centreWeb = centre.centre!;
  // The centre's gateway forwards the authority's calls to the centre's own services.
  await serve(['gateway', 'centre'], { TESSERA_GATEWAY_CLIENT_PORT: String(ports.centreClient), TESSERA_GATEWAY_PROVIDER_PORT: String(ports.centreProvider), TESSERA_SERVICES_URL: centre.services! });
  await bothGatewaysKnowEachOther();
});

after(async () => {
  await stopAll();
  await Promise.all(balancers.map((b) => b.close()));
  await storage?.close();
  await centreStorage?.close();
  if (database) {
    const client = new pg.Client({ connectionString: process.env.TESSERA_TEST_DATABASE_URL });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await client.query(`DROP DATABASE IF EXISTS ${database}_centre WITH (FORCE)`);
    await client.end();
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Waits until the registry has published both gateways and each gateway process has fetched that configuration. */
const bothGatewaysKnowEachOther = () => gatewaysKnowEachOther(storage!.db, [ports.centreProvider!, new URL(authorityProviders.url).port],
  [centreGateway, `http://127.0.0.1:${ports.authorityClient}`, `http://127.0.0.1:${ports.authorityClientB}`]);

function cookiesOf(response: Response, jar: Map<string, string>): string {
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const at = pair!.indexOf('=');
    jar.set(pair!.slice(0, at), pair!.slice(at + 1));
  }
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
}

test('a staff session and its CSRF secret started on one portal process work on the other', async () => {
  const jar = new Map<string, string>();
  const form = await fetch(`${portal.url}/auth/sign-in`);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
  assert.ok(csrf);
  const signIn = await fetch(`${portal.url}/auth/sign-in`, {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookiesOf(form, jar) },
    body: new URLSearchParams({ username: 'officer.one', password: PASSWORD, _csrf: csrf }).toString(),
  });
  assert.equal(signIn.status, 303, await signIn.text());
  const home = await fetch(`${portal.url}/staff`, { redirect: 'manual', headers: { cookie: cookiesOf(signIn, jar) } });
  assert.equal(home.status, 303);
  assert.equal(home.headers.get('location'), '/officer');
  assert.equal(new Set(portal.served).size, 2, 'the three requests were served by both portal processes');
});

test('the centre reaches the authority’s services through its gateway and the authority’s, one request to each authority process', async () => {
  const headers = { 'X-Road-Client': clientId('centre') };
  const manifest = await fetch(`${centreGateway}${servicePath('authority', `card-manifests/cards?references=${REFERENCE}`)}`, { headers: { ...headers, 'X-Road-Id': 'serve-manifest-1' } });
  assert.equal(manifest.status, 200, await manifest.clone().text());
  assert.deepEqual(((await manifest.json()) as { cards: Array<{ reference: string; state: string }> }).cards.map((c) => [c.reference, c.state]), [[REFERENCE, 'personalised']]);
  const handover = await fetch(`${centreGateway}${servicePath('authority', `handovers/handovers/${REFERENCE}`)}`, {
    method: 'POST', headers: { ...headers, 'X-Road-Id': 'serve-handover-1', 'content-type': 'application/json' }, body: JSON.stringify({
      confirmedBy: 'vfs.operator',
      // The centre's own log entry of the confirmed handover goes with the call (checked before anything else).
      logEntry: logEntryText({ context: 'centre', type: 'handover.confirmed', subject: 'serve-handover-1', actor: 'vfs.operator', at: new Date(), data: { centre: 'seoul-vfs', reference: REFERENCE } }),
    }),
  });
  // The card was never shipped to the centre nor checked in there, so no process hands it over.
  assert.equal(handover.status, 404, await handover.clone().text());
  assert.equal(((await handover.json()) as { code: string }).code, 'ERR_CARD_NOT_AT_CENTRE');
  assert.equal(services.served.length, 2);
  assert.notEqual(services.served[0], services.served[1], 'the manifest and the handover were answered by different authority processes');
  const stored = await desk.cardsFor([REFERENCE]);
  assert.equal(stored.get(REFERENCE)?.state, 'personalised');
});

test('serve centre: the authority’s manifest reaches the centre’s own database through both gateways; the centre’s staff sign in on its own server', async () => {
  const manifest = { shipmentId: 'SHP-SERVE-1', centre: 'seoul-vfs', sentAt: new Date().toISOString(), cards: [{ reference: 'ER-2026-000002', documentNumber: 'SERVE0002', collectBy: '2027-06-01' }] };
  const sent = await fetch(`${authorityGateway}/r1/${centreClientId('seoul-vfs')}/shipments/manifests`, {
    method: 'POST', headers: { 'X-Road-Client': clientId('authority'), 'X-Road-Id': 'serve-shipment-1', 'content-type': 'application/json' }, body: JSON.stringify(manifest),
  });
  assert.equal(sent.status, 200, await sent.clone().text());
  centreStorage = await openStorage({ kind: 'postgres', url: centreDatabaseUrl, poolSize: 1 });
  const stock = await listStock(centreStorage.db, 'seoul-vfs', { offset: 0, size: 10 });
  assert.deepEqual(stock.items.map((i) => [i.documentNumber, i.state]), [['SERVE0002', 'in_transit']]);
  // The authority's database knows nothing of the centre's stock: the centre keeps its own.
  const tables = await storage!.db.execute<{ n: number }>(sql`select count(*)::int as n from information_schema.tables where table_schema = 'centre'`);
  assert.equal((tables as unknown as { rows: Array<{ n: number }> }).rows[0]!.n, 0);
  const signIn = await fetch(new URL('/auth/sign-in', centreWeb));
  assert.equal(signIn.status, 200);
  assert.match(await signIn.text(), /name="username"/);
});

test('serve centre refuses the authority’s database as its own', async () => {
  await assert.rejects(serve(['centre'], { TESSERA_CENTRE_DATABASE_URL: env.DATABASE_URL, TESSERA_CENTRE_GATEWAY_URL: centreGateway, TESSERA_CENTRE_PORT: String(await freePort()), TESSERA_CENTRE_SERVICES_PORT: String(await freePort()) }),
    /must not name the authority’s database/);
});

test('two processes of one gateway serve one address: messages through either are signed by the same identity, logged, and verifiable', async () => {
  const authority = { memberClass: MEMBERS.authority.memberClass, memberCode: MEMBERS.authority.memberCode, serverCode: 'gw1' };
  const name = `${INSTANCE}/${authority.memberClass}/${authority.memberCode}/gw1`;
  // One stored identity and one registration, at the balancer's address, with that identity's TLS certificate.
  const identities = await storage!.db.select().from(gatewayIdentities).where(eq(gatewayIdentities.gateway, name));
  assert.equal(identities.length, 1, 'the two processes that started at once stored one identity');
  const identity = identities[0]!;
  assert.deepEqual(await registry.findGateway({ db: storage!.db }, authority), { ...authority, address: new URL(authorityProviders.url).origin, authCertificateSha256: sha256(identity.tlsCertificate) });

  // Into the authority: the centre's gateway opens connections to the one address; the TCP balancer spreads them.
  const connectionsBefore = authorityProviders.served.length;
  const inbound = Array.from({ length: 6 }, (_, i) => `two-processes-in-${i}`);
  await Promise.all(inbound.map(async (id) => {
    const answer = await fetch(`${centreGateway}${servicePath('authority', `card-manifests/cards?references=${REFERENCE}`)}`, { headers: { 'X-Road-Client': clientId('centre'), 'X-Road-Id': id } });
    assert.equal(answer.status, 200, await answer.text());
  }));
  assert.deepEqual(new Set(authorityProviders.served.slice(connectionsBefore)), new Set([`127.0.0.1:${ports.authorityProvider}`, `127.0.0.1:${ports.authorityProviderB}`]), 'both processes took connections');
  // Out of the authority: its information systems call its gateway's one client address; the HTTP balancer spreads the requests.
  const requestsBefore = authorityClients.served.length;
  const outbound = ['two-processes-out-0', 'two-processes-out-1'];
  for (const [i, id] of outbound.entries()) {
    const manifest = { shipmentId: `SHP-TWO-${i}`, centre: 'seoul-vfs', sentAt: new Date().toISOString(), cards: [{ reference: `ER-2026-00010${i}`, documentNumber: `TWOPROC0${i}`, collectBy: '2027-06-01' }] };
    const sent = await fetch(`${authorityGateway}/r1/${centreClientId('seoul-vfs')}/shipments/manifests`, {
      method: 'POST', headers: { 'X-Road-Client': clientId('authority'), 'X-Road-Id': id, 'content-type': 'application/json' }, body: JSON.stringify(manifest),
    });
    assert.equal(sent.status, 200, await sent.text());
  }
  assert.equal(new Set(authorityClients.served.slice(requestsBefore)).size, 2, 'each outbound message went through another process');

  // In the authority's log, what the authority signed (the answers it gave, the requests it sent)
  // carries the one stored signing certificate, whichever process signed it.
  const rows = await storage!.db.select({ messageId: messages.messageId, direction: messages.direction, signature: messages.signature })
    .from(messages).where(and(eq(messages.gateway, name), inArray(messages.messageId, [...inbound, ...outbound])));
  assert.equal(rows.length, 2 * (inbound.length + outbound.length), 'every request and response logged once');
  for (const row of rows) {
    if ((row.direction === 'response') !== inbound.includes(row.messageId)) continue;
    const header = JSON.parse(Buffer.from(row.signature.split('.')[0]!, 'base64url').toString('utf8')) as { x5c: string[] };
    assert.equal(sha256(Buffer.from(header.x5c[0]!, 'base64')), sha256(identity.signingCertificate), `${row.messageId} ${row.direction}`);
  }
  // And each message verifies as evidence: signatures chained to the gateway CA, the batch time-stamped by the one stamping job.
  const latest = await registry.latestGlobalConfiguration(storage!.db);
  const trustedCaDer = latest!.document.trustedCas.map((ca) => new Uint8Array(Buffer.from(ca.certificate, 'base64')));
  const anchors = await loadTrustAnchors(storage!.db);
  const tsaTrustedCertificates = [...anchors.roots, ...anchors.intermediates].map((c) => new Uint8Array(c.rawData));
  for (const id of [...inbound, ...outbound]) {
    let result = await verifyLoggedMessage(storage!.db, id, { trustedCaDer, tsaTrustedCertificates, gateway: name });
    // Until the next batch is stamped (every 5 s) a message is `not-stamped`; nothing else may be wrong.
    for (let attempt = 0; attempt < 100 && !result.ok && result.messages.every((m) => m.problems.every((p) => p.code === 'not-stamped')); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      result = await verifyLoggedMessage(storage!.db, id, { trustedCaDer, tsaTrustedCertificates, gateway: name });
    }
    assert.equal(result.ok, true, `${id}: ${JSON.stringify(result.messages.map((m) => m.problems))}`);
    assert.equal(result.messages.length, 2);
  }
});
