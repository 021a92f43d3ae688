// SPDX-License-Identifier: Apache-2.0
// Runs on the PostgreSQL lane only (scripts/test.ts chooses *.postgres.test.ts files for it):
// the trust part, the registry, two gateways and the credentials part as separate processes, two of
// the credentials part behind one public address, both in production mode.
import 'reflect-metadata';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { decodeJwt, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { and, eq, like, sql } from 'drizzle-orm';
import { X509Certificate } from '@peculiar/x509';
import type { Jwk } from '@openid4vc/oauth2';
import { Openid4vciClient, setGlobalConfig } from '@openid4vc/openid4vci';
import { digest } from '@sd-jwt/crypto-nodejs';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { getListFromStatusListJWT } from '@sd-jwt/jwt-status-list';
import { createOffer } from '@tessera/credentials';
import { vciWallet } from '@tessera/credentials/testing';
import { accessesOf, messages } from '@tessera/exchange';
import { buildServer, logEntries, openStorage, systemClock, totpCode, type Server, type Storage } from '@tessera/platform';
import { caCertificates, changeCardState, getCard, loadTrustAnchors, personaliseCard, type TrustDeps } from '@tessera/trust';
import { credentialRegisters } from '../mobile-credentials/credential-registers.ts';
import { clientId, MEMBERS, servicePath } from '../exchange/members.ts';
import { setUpTrust } from '../trust-setup.ts';
import { freePort } from '../testing/free-port.ts';
import { HttpBrowser } from '../testing/http-browser.ts';
import { gatewaysKnowEachOther, partProcesses } from '../testing/part-processes.ts';

const cli = new URL('../cli.ts', import.meta.url).pathname;
const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');
const TOKEN = randomBytes(32).toString('base64url');
const CONFIGURATION = 'kr.mois.public-worker-id.sd-jwt';
let env: NodeJS.ProcessEnv = {};
const { serve, stopAll } = partProcesses(() => env);
let dir = '';
let database = '';
let storage: Storage | undefined;
let credentialsStorage: Storage | undefined;
let agency: Server | undefined;
let trust: TrustDeps;
let credentialsEnv: NodeJS.ProcessEnv = {};
let issuerUrl = '';
/** The second process of the credentials part, behind the same public address as the first. */
let secondProcess = '';
const ports: Record<string, number> = {};
const holder = { code: '', documentRef: '', cardId: '' };

before(async () => {
  const admin = process.env.TESSERA_TEST_DATABASE_URL;
  if (!admin) throw new Error('This test needs a PostgreSQL server: run it with `npm test` (TESSERA_TEST_DATABASE_URL).');
  database = `tessera_credentials_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${database}`);
  // The credentials part is an organisation of its own: its own database.
  await client.query(`CREATE DATABASE ${database}_credentials`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${database}`;
  const credentialsUrl = new URL(admin);
  credentialsUrl.pathname = `/${database}_credentials`;
  dir = mkdtempSync(join(tmpdir(), 'tessera-credentials-'));
  for (const name of ['trust', 'registry', 'payments', 'portal', 'services', 'authorityClient', 'authorityProvider', 'issuerClient', 'issuerProvider', 'moisClient', 'moisProvider', 'credentials', 'credentialsB']) ports[name] = await freePort();
  env = {
    PATH: process.env.PATH, NODE_ENV: 'test', DATABASE_URL: url.toString(), TESSERA_DATA_DIR: dir, TESSERA_LOG_LEVEL: 'silent', TESSERA_DEMO: 'false',
    TESSERA_TRUST_PORT: String(ports.trust), TESSERA_REGISTRY_PORT: String(ports.registry), TESSERA_PAYMENT_PORT: String(ports.payments), TESSERA_CONFIGURATION_REFRESH_SECONDS: '1',
  };
  const init = spawnSync(process.execPath, [cli, 'trust', 'init'], { env, encoding: 'utf8' });
  assert.equal(init.status, 0, init.stdout + init.stderr);
  // The trust services admit the credentials organisation's token by its hash, and no other.
  await serve(['trust'], { TESSERA_TRUST_ENROLMENT_CLIENTS: `credentials:${sha256(TOKEN)}` });

  // The authority's side: a citizen with an active ID card.
  storage = await openStorage({ kind: 'postgres', url: url.toString(), poolSize: 2 });
  trust = (await setUpTrust({ storage, clock: systemClock, kek: '0'.repeat(62) + '2a', pkiUrl: `http://localhost:${ports.trust}/`, dataDir: join(dir, 'seed'), ceremony: 'never' })).deps;
  const { card } = await personaliseCard(trust, { orderReference: 'CRED-PART-1', givenNames: 'Seo-jun', surname: 'Han', dateOfBirth: '1988-11-02', sex: 'M', citizenship: 'KR', pickupLocation: 'seoul-vfs' }, 'officer-1');
  await changeCardState(trust, card.id, { action: 'activate' }, 'officer-1');
  const { certificates } = await getCard(trust.db, trust.clock, card.id, { staffId: 'officer-1', purpose: 'test holder' });
  Object.assign(holder, { code: card.holderCode, cardId: card.id, documentRef: certificates.find((c) => c.usage === 'authentication')!.serial });

  // The ministry's personnel register, outside Tessera, behind the ministry's gateway.
  const registers = credentialRegisters({ clock: systemClock });
  registers.enrol({ identificationCode: holder.code, givenName: 'Seo-jun', familyName: 'Han', birthDate: '1988-11-02', facts: { position: 'Deputy Director', employee_number: 'MOIS-20417' } });
  agency = await buildServer({ title: 'ministry register', cookieSecret: 'a'.repeat(40), logLevel: 'silent' });
  registers.routes(agency);
  const agencyUrl = await agency.listen({ host: '127.0.0.1', port: 0 });

  await serve(['registry']);
  // The authority's portal keeps the people's data tracker; its services are behind its own gateway.
  const authority = await serve(['portal'], { TESSERA_PORT: String(ports.portal), TESSERA_SERVICES_PORT: String(ports.services) });
  await Promise.all([
    serve(['gateway', 'credentials'], { TESSERA_GATEWAY_CLIENT_PORT: String(ports.issuerClient), TESSERA_GATEWAY_PROVIDER_PORT: String(ports.issuerProvider) }),
    serve(['gateway', 'mois'], { TESSERA_GATEWAY_CLIENT_PORT: String(ports.moisClient), TESSERA_GATEWAY_PROVIDER_PORT: String(ports.moisProvider), TESSERA_SERVICES_URL: agencyUrl }),
    serve(['gateway', 'authority'], { TESSERA_GATEWAY_CLIENT_PORT: String(ports.authorityClient), TESSERA_GATEWAY_PROVIDER_PORT: String(ports.authorityProvider), TESSERA_SERVICES_URL: authority.services! }),
  ]);
  await gatewaysKnowEachOther(storage.db, [ports.issuerProvider!, ports.moisProvider!, ports.authorityProvider!],
    [`http://127.0.0.1:${ports.issuerClient}`, `http://127.0.0.1:${ports.moisClient}`, `http://127.0.0.1:${ports.authorityClient}`]);

  // The operator pins the root as the key ceremony printed it.
  const root = (await loadTrustAnchors(storage.db)).roots[0]!;
  credentialsEnv = {
    TESSERA_CREDENTIALS_DATABASE_URL: credentialsUrl.toString(), TESSERA_TRUST_URL: `http://localhost:${ports.trust}/`,
    TESSERA_TRUST_ROOT_SHA256: sha256(new Uint8Array(root.rawData)).toUpperCase().match(/../g)!.join(':'), TESSERA_CREDENTIALS_ENROLMENT_TOKEN: TOKEN,
    TESSERA_CREDENTIALS_GATEWAY_URL: `http://127.0.0.1:${ports.issuerClient}`, TESSERA_CREDENTIALS_PORT: String(ports.credentials),
    // Its own key-encryption key: nothing of the authority's is needed to open its keys.
    TESSERA_KEY_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    // In production, with its own secrets only: none of the authority's (SMTP, payment provider, sanctions list).
    NODE_ENV: 'production', TESSERA_COOKIE_SECRET: randomBytes(32).toString('base64url'), TESSERA_SECRET_KEY: randomBytes(32).toString('hex'),
    // Its public address (the issuer identifier), in front of both processes.
    TESSERA_CREDENTIALS_URL: `http://localhost:${ports.credentials}`,
  };
  // Both processes start at once on the empty database, as behind a load balancer after a deployment.
  const [first] = await Promise.all([serve(['credentials'], credentialsEnv), serve(['credentials'], { ...credentialsEnv, TESSERA_CREDENTIALS_PORT: String(ports.credentialsB) })]);
  issuerUrl = first.credentials!;
  secondProcess = `http://localhost:${ports.credentialsB}`;
  credentialsStorage = await openStorage({ kind: 'postgres', url: credentialsUrl.toString(), poolSize: 1 });
});

after(async () => {
  await stopAll();
  await agency?.close();
  await storage?.close();
  await credentialsStorage?.close();
  if (database) {
    const client = new pg.Client({ connectionString: process.env.TESSERA_TEST_DATABASE_URL });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await client.query(`DROP DATABASE IF EXISTS ${database}_credentials WITH (FORCE)`);
    await client.end();
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** An independent OpenID4VCI client with DPoP redeems a pre-authorized offer at the issuer's process: the credential and the holder's key it is bound to. */
async function redeemBound(link: string, txCode: string, configuration = CONFIGURATION): Promise<{ credential: string; holderKey: CryptoKey }> {
  setGlobalConfig({ allowInsecureUrls: true });
  const wallet = vciWallet();
  const client = new Openid4vciClient({ callbacks: wallet.callbacks });
  const offer = await client.resolveCredentialOffer(link);
  const issuerMetadata = await client.resolveIssuerMetadata(offer.credential_issuer);
  const { accessTokenResponse, dpop } = await client.retrievePreAuthorizedCodeAccessTokenFromOffer({ credentialOffer: offer, issuerMetadata, txCode, dpop: { signer: { method: 'jwk', alg: 'ES256', publicJwk: (await wallet.newKey()) as Jwk } } });
  const { c_nonce } = await client.requestNonce({ issuerMetadata });
  const bound = await wallet.newKey();
  const { jwt } = await client.createCredentialRequestJwtProof({ issuerMetadata, credentialConfigurationId: configuration, nonce: c_nonce, signer: { method: 'jwk', alg: 'ES256', publicJwk: bound as Jwk } });
  const response = await client.retrieveCredentials({ issuerMetadata, accessToken: accessTokenResponse.access_token, credentialConfigurationId: configuration, proofs: { jwt: [jwt] }, dpop: dpop! });
  return { credential: (response.credentialResponse.credentials?.[0] as { credential: string }).credential, holderKey: wallet.keys.get(bound.x!)! };
}
const redeem = async (link: string, txCode: string) => (await redeemBound(link, txCode)).credential;

/** The issuing desk's offer, written into the credentials part's own database (where the desk's identity check lands). */
const offerFor = (configuration = CONFIGURATION) => createOffer({ db: credentialsStorage!.db, clock: systemClock, issuerUrl, offerMinutes: 60, randomBytes: (n) => new Uint8Array(randomBytes(n)) },
  { holder: holder.code, documentRef: holder.documentRef, configurationIds: [configuration] }, 'desk-1');

/**
 * A staff member of the part as the operator makes one: created with the CLI in the part's own
 * database (the password on standard input), signed in, and, as production asks before anything
 * else, with a second factor enrolled. `page` is one the role opens, which first sends them to enrol.
 */
async function partStaff(username: string, role: 'issuer_admin' | 'issuing_desk', page: string): Promise<HttpBrowser> {
  const password = 'a-long-test-password-2026';
  const added = spawnSync(process.execPath, [cli, 'credentials', 'add-staff', username, '--role', role, '--name', username, '--organisation', 'Credential issuer'], {
    env: { ...env, TESSERA_CREDENTIALS_DATABASE_URL: credentialsEnv.TESSERA_CREDENTIALS_DATABASE_URL }, input: `${password}\n`, encoding: 'utf8',
  });
  assert.equal(added.status, 0, added.stdout + added.stderr);
  const browser = new HttpBrowser(issuerUrl);
  const signedIn = await browser.submit('/auth/sign-in', '/auth/sign-in', { username, password });
  assert.deepEqual([signedIn.status, signedIn.location], [303, '/issuer/staff']);
  assert.equal((await browser.get(page)).location, '/auth/totp');
  const enrol = await browser.get('/auth/totp');
  const field = (name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(enrol.body)![1]!;
  const secret = /class="totp-key"[^>]*>([^<]+)</.exec(enrol.body)![1]!.replaceAll(' ', '');
  const confirmed = await browser.send('/auth/totp', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: field('_csrf'), enrolment: field('enrolment'), code: totpCode(secret, new Date()) }).toString() });
  assert.ok(confirmed.status < 400, `${confirmed.status} ${confirmed.body.slice(0, 300)}`);
  return browser;
}

let credential = '';

test('serve credentials: a wallet obtains a public-worker ID from the credentials process, signed with a key of its own store and certified over the wire by the trust part', async () => {
  const created = await offerFor();
  credential = await redeem(created.link, created.txCode!);
  const sdjwt = new SDJwtVcInstance({ hasher: digest });
  const claims = await sdjwt.getClaims(credential) as Record<string, unknown>;
  assert.equal(claims.position, 'Deputy Director');
  assert.equal(claims.employee_number, 'MOIS-20417');

  // The signing certificate: from the services CA, for the key in the credentials part's own store,
  // recorded in the trust services' register as enrolled by the credentials organisation.
  const header = JSON.parse(Buffer.from(credential.split('.')[0]!, 'base64url').toString('utf8')) as { x5c: string[] };
  const certificate = new X509Certificate(Buffer.from(header.x5c[0]!, 'base64'));
  const services = (await caCertificates(storage!.db)).find((c) => c.role === 'services')!.certificate;
  assert.equal(certificate.issuer, services.subject);
  assert.ok(await certificate.verify({ publicKey: services.publicKey, signatureOnly: true }));
  const enrolled = (await storage!.db.select({ leaf: logEntries.leaf }).from(logEntries).where(eq(logEntries.type, 'service_certificate.issued')))
    .map((e) => JSON.parse(e.leaf) as { actor?: string; data?: { serial?: unknown } });
  const serial = (hex: unknown) => String(hex).toLowerCase().replace(/^0+/, '');
  assert.ok(enrolled.some((e) => e.actor === 'enrolment:credentials' && serial(e.data?.serial) === serial(certificate.serialNumber)), JSON.stringify(enrolled));
  const own = await credentialsStorage!.db.execute<{ label: string }>(sql`select label from credentials.wrapped_keys`);
  const labels = (own as unknown as { rows: Array<{ label: string }> }).rows.map((r) => r.label);
  // The two processes started together made one key of each kind, under the issuer identity's lock: not one per process.
  assert.equal(labels.filter((l) => l.startsWith('credential-issuer-')).length, 1, labels.join(', '));
  assert.equal(labels.filter((l) => l.startsWith('mdoc-document-signer-')).length, 1, labels.join(', '));
  const certified = await credentialsStorage!.db.execute<{ label: string }>(sql`select key_label as label from credentials.issuer_keys`);
  assert.deepEqual((certified as unknown as { rows: Array<{ label: string }> }).rows.map((r) => r.label).sort(), labels.filter((l) => /^(credential-issuer|mdoc-document-signer)-/.test(l)).sort());
  // Nothing of the credentials lives in the authority's database.
  const tables = await storage!.db.execute<{ n: number }>(sql`select count(*)::int as n from information_schema.tables where table_schema in ('credentials', 'verifier')`);
  assert.equal((tables as unknown as { rows: Array<{ n: number }> }).rows[0]!.n, 0);
  // The ministry's register was read over the exchange, in the holder's data tracker.
  const reads = (await accessesOf(storage!.db, `EE${holder.code}`, { offset: 0, size: 10 })).items.filter((a) => a.client === clientId('credentials'));
  assert.equal(reads.length, 1);
  assert.ok(reads[0]!.service.endsWith('/GOV/1741000/personnel/public-worker-id'), reads[0]!.service);
  // And the issuance is in the part's own transparency log.
  const issued = await credentialsStorage!.db.select({ subject: logEntries.subject }).from(logEntries).where(eq(logEntries.type, 'credentials.issued'));
  assert.equal(issued.length, 1);
});

test('serve credentials, two processes behind one address: the second refuses the DPoP proof, the pre-authorized code and the c_nonce the first accepted', async () => {
  const created = await offerFor();
  const code = (created.offer.grants as Record<string, { 'pre-authorized_code': string }>)['urn:ietf:params:oauth:grant-type:pre-authorized_code']!['pre-authorized_code'];
  const dpopKey = await generateKeyPair('ES256');
  const dpopJwk = await exportJWK(dpopKey.publicKey);
  let dpopNonce: string | null = null;
  // Each proof names the public address, whichever process the load balancer hands the request to.
  const proof = (path: string, accessToken?: string) => new SignJWT({
    htm: 'POST', htu: `${issuerUrl}${path}`, iat: Math.floor(Date.now() / 1000), jti: randomBytes(12).toString('base64url'),
    ...(dpopNonce ? { nonce: dpopNonce } : {}), ...(accessToken ? { ath: createHash('sha256').update(accessToken).digest('base64url') } : {}),
  }).setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: dpopJwk }).sign(dpopKey.privateKey);
  const post = async (process: string, path: string, headers: Record<string, string>, body?: string) => {
    const response = await fetch(`${process}${path}`, { method: 'POST', headers, ...(body === undefined ? {} : { body }) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown>, nonce: response.headers.get('dpop-nonce') };
  };
  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  const tokenRequest = new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:pre-authorized_code', 'pre-authorized_code': code, tx_code: created.txCode! }).toString();

  // The first process hands out the DPoP nonce (RFC 9449 §8); both accept it.
  const asked = await post(issuerUrl, '/token', { ...form, dpop: await proof('/token') }, tokenRequest);
  assert.deepEqual([asked.status, asked.body.error], [400, 'use_dpop_nonce']);
  dpopNonce = asked.nonce;
  const accepted = await proof('/token');
  const token = await post(issuerUrl, '/token', { ...form, dpop: accepted }, tokenRequest);
  assert.equal(token.status, 200, JSON.stringify(token.body));
  const accessToken = String(token.body.access_token);
  // The same proof sent again, to the second process: a replay, refused before its code is looked at.
  const replayed = await post(secondProcess, '/token', { ...form, dpop: accepted }, tokenRequest);
  assert.deepEqual([replayed.status, replayed.body.error], [400, 'invalid_dpop_proof']);
  // A fresh proof with the same code: redeemed already, at the first process.
  const again = await post(secondProcess, '/token', { ...form, dpop: await proof('/token') }, tokenRequest);
  assert.deepEqual([again.status, again.body.error], [400, 'invalid_grant']);

  // A c_nonce from the second process, used at the first, then again at the second.
  const { c_nonce: cNonce } = (await post(secondProcess, '/nonce', {})).body as { c_nonce: string };
  const holderKey = await generateKeyPair('ES256');
  const keyProof = await new SignJWT({ aud: issuerUrl, iat: Math.floor(Date.now() / 1000), nonce: cNonce })
    .setProtectedHeader({ alg: 'ES256', typ: 'openid4vci-proof+jwt', jwk: await exportJWK(holderKey.publicKey) }).sign(holderKey.privateKey);
  const credentialRequest = JSON.stringify({ credential_configuration_id: CONFIGURATION, proofs: { jwt: [keyProof] } });
  const bearer = { 'content-type': 'application/json', authorization: `DPoP ${accessToken}` };
  const issued = await post(issuerUrl, '/credential', { ...bearer, dpop: await proof('/credential', accessToken) }, credentialRequest);
  assert.equal(issued.status, 200, JSON.stringify(issued.body));
  // The access token the first process issued is good at the second; the c_nonce is not, used once already.
  const reused = await post(secondProcess, '/credential', { ...bearer, dpop: await proof('/credential', accessToken) }, credentialRequest);
  assert.deepEqual([reused.status, reused.body.error], [400, 'invalid_nonce']);
});

test('serve credentials signs in its own issuing desk, created by tessera credentials add-staff in its own database, on either process, and the desk’s page makes an offer, once however often its form is submitted; the authority’s portal serves no issuer pages', async () => {
  const clerk = await partStaff('desk.clerk', 'issuing_desk', '/issuer/desk/offers/new');
  // The session is in the part's database: the load balancer may send the next request to the other process.
  const second = new HttpBrowser(secondProcess);
  for (const [name, value] of clerk.jar) second.jar.set(name, value);
  const before = (await credentialsStorage!.db.select({ actor: logEntries.leaf }).from(logEntries).where(eq(logEntries.type, 'credential_offer.created'))).length;
  const page = (await second.get('/issuer/desk/offers/new')).body;
  const hidden = (name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(page)![1]!;
  const submit = (browser: HttpBrowser) => browser.send('/issuer/desk/offers', {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: hidden('_csrf'), idempotencyKey: hidden('idempotencyKey'), holder: holder.code, documentRef: holder.documentRef, configuration: CONFIGURATION }).toString(),
  });
  const created = await submit(second);
  assert.equal(created.status, 201, created.body.slice(0, 500));
  const txCode = /class="tx-code">([0-9]{6})</.exec(created.body)?.[1];
  assert.ok(txCode);
  // The same form submitted again, reaching the first process: the same offer, not a second one.
  const again = await submit(clerk);
  assert.equal(again.status, 201);
  assert.equal(/class="tx-code">([0-9]{6})</.exec(again.body)?.[1], txCode);
  const logged = await credentialsStorage!.db.select({ leaf: logEntries.leaf }).from(logEntries).where(eq(logEntries.type, 'credential_offer.created'));
  assert.equal(logged.length, before + 1);
  // The authority's portal reads none of the issuer's tables: it has no issuer pages at all.
  const portal = await fetch(`http://127.0.0.1:${ports.portal}/issuer/admin/types`, { redirect: 'manual' });
  assert.equal(portal.status, 404);
  await portal.body?.cancel();
});

test('serve credentials: a relying party the part’s administrator registered verifies a resident registration card on the other process, and the verifier’s entry for the person’s data tracker reaches the authority’s tracker through both gateways, once', async () => {
  // The administrator registers the district office with the claims it may ask for, over the part's API.
  const admin = await partStaff('admin.rp', 'issuer_admin', '/issuer/admin/types');
  const csrf = /name="_csrf" value="([^"]+)"/.exec((await admin.get('/issuer/admin/types')).body)![1]!;
  const vct = `${issuerUrl}/types/kr.mois.resident-registration-card`;
  const registered = await admin.send('/api/v1/verifier/relying-parties', {
    method: 'POST', headers: { accept: 'application/json', 'content-type': 'application/json', 'x-csrf-token': csrf, 'idempotency-key': randomBytes(12).toString('hex') },
    body: JSON.stringify({
      id: 'jongno-district-office', name: { en: 'Jongno District Office', ko: '종로구청', et: 'Jongno linnaosavalitsus' },
      purpose: { en: 'Identifying the applicant', ko: '신청인 확인', et: 'Taotleja tuvastamine' }, claims: [{ vct, claims: ['personal_identifier', 'family_name', 'given_name'] }],
    }),
  });
  assert.equal(registered.status, 201, registered.body);
  const { api_key: apiKey } = JSON.parse(registered.body) as { api_key: string };

  // The holder receives the card credential; the office asks for it on the second process.
  const offer = await offerFor('kr.mois.resident-registration-card.sd-jwt');
  const { credential: card, holderKey } = await redeemBound(offer.link, offer.txCode!, 'kr.mois.resident-registration-card.sd-jwt');
  const opened = await fetch(`${secondProcess}/api/verifier/requests`, {
    method: 'POST', headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ response_mode: 'direct_post', dcql_query: { credentials: [{ id: 'card', format: 'dc+sd-jwt', meta: { vct_values: [vct] }, claims: [{ path: ['personal_identifier'] }, { path: ['family_name'] }] }] } }),
  });
  assert.equal(opened.status, 201, await opened.clone().text());
  const { id: requestId, request_uri: requestUri } = await opened.json() as { id: string; request_uri: string };
  // The wallet's part: read the signed request, disclose what is asked, bind it with a KB-JWT (nonce, the full client_id, sd_hash), post it.
  const request = decodeJwt(await (await fetch(requestUri)).text()) as { nonce: string; client_id: string; response_uri: string; state: string };
  const [jwt, ...disclosures] = card.split('~').filter(Boolean) as [string, ...string[]];
  const chosen = disclosures.filter((d) => ['personal_identifier', 'family_name'].includes((JSON.parse(Buffer.from(d, 'base64url').toString()) as unknown[])[1] as string));
  const presented = `${jwt}~${chosen.map((d) => `${d}~`).join('')}`;
  const kb = await new SignJWT({ nonce: request.nonce, aud: request.client_id, iat: Math.floor(Date.now() / 1000), sd_hash: createHash('sha256').update(presented).digest('base64url') })
    .setProtectedHeader({ alg: 'ES256', typ: 'kb+jwt' }).sign(holderKey);
  const answered = await fetch(request.response_uri, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ vp_token: JSON.stringify({ card: [`${presented}${kb}`] }), state: request.state }).toString(),
  });
  assert.equal(answered.status, 200, await answered.clone().text());
  const result = await (await fetch(`${issuerUrl}/api/verifier/requests/${requestId}`, { headers: { authorization: `Bearer ${apiKey}` } })).json() as { status: string };
  assert.equal(result.status, 'verified', JSON.stringify(result));

  // What the verifier queued with the outcome travels to the person's tracker, with the office's registered name and purpose.
  const messageId = `${requestId}:card`;
  const entries = async () => (await accessesOf(storage!.db, `EE${holder.code}`, { offset: 0, size: 50 })).items.filter((a) => a.messageId === messageId);
  let found = await entries();
  for (let attempt = 0; attempt < 150 && found.length === 0; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    found = await entries();
  }
  assert.deepEqual(found.map((a) => [a.client, a.service, a.purpose]), [['Jongno District Office', 'presentation:kr.mois.resident-registration-card', 'Identifying the applicant']]);
  const delivered = async () => (await credentialsStorage!.db.execute<{ delivered: boolean }>(sql`select delivered_at is not null as delivered from verifier.data_access_reports where message_id = ${messageId}`) as unknown as { rows: Array<{ delivered: boolean }> }).rows;
  let rows = await delivered();
  // Marked once the tracker's answer is back, just after the entry is in.
  for (let attempt = 0; attempt < 50 && rows[0]?.delivered !== true; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    rows = await delivered();
  }
  assert.deepEqual(rows, [{ delivered: true }], 'marked delivered in the part’s outbox');
  // The report travelled as an exchange message from the credentials' gateway to the authority's, logged on both.
  const logged = await storage!.db.select({ gateway: messages.gateway }).from(messages).where(and(eq(messages.direction, 'request'), like(messages.service, '%/data-tracker')));
  assert.deepEqual(new Set(logged.map((m) => m.gateway.split('/')[2])), new Set([MEMBERS.credentials.memberCode, MEMBERS.authority.memberCode]));
});

test('serve credentials: suspending the card at the authority suspends the credential within seconds, heard over the trust part’s status feed', async () => {
  assert.ok(credential, 'the first test issued a credential');
  const payload = JSON.parse(Buffer.from(credential.split('~')[0]!.split('.')[1]!, 'base64url').toString('utf8')) as { status: { status_list: { idx: number; uri: string } } };
  const { idx, uri } = payload.status.status_list;
  const statusNow = async () => getListFromStatusListJWT(await (await fetch(uri)).text()).getStatus(idx);
  assert.equal(await statusNow(), 0);
  await changeCardState(trust, holder.cardId, { action: 'suspend' }, 'officer-1');
  let status = await statusNow();
  for (let attempt = 0; attempt < 100 && status === 0; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    status = await statusNow();
  }
  assert.equal(status, 2, 'suspended (0x02) in the published list');
});

test('the authority’s data tracker takes reports from the credentials’ subsystem only', async () => {
  const report = { identificationCode: holder.code, purpose: 'Hiding a read', client: 'Someone else', service: 'presentation:x', messageId: 'forged-1', at: new Date().toISOString() };
  const forged = await fetch(`http://127.0.0.1:${ports.moisClient}${servicePath('authority', 'data-tracker/accesses')}`, {
    method: 'POST', headers: { 'X-Road-Client': clientId('mois'), 'content-type': 'application/json' }, body: JSON.stringify(report),
  });
  // The registry grants the service to the credentials' subsystem alone: the ministry's call is refused at the gateways.
  assert.notEqual(forged.status, 204);
  assert.ok(forged.headers.get('x-road-error'), 'an exchange fault');
  await forged.body?.cancel();
  assert.deepEqual((await accessesOf(storage!.db, `EE${holder.code}`, { offset: 0, size: 50 })).items.filter((a) => a.messageId === 'forged-1'), []);
});

test('serve credentials does not start under a root other than the one pinned, nor with a token the trust part does not admit', async () => {
  const other = { ...credentialsEnv, TESSERA_CREDENTIALS_PORT: String(await freePort()) };
  await assert.rejects(serve(['credentials'], { ...other, TESSERA_TRUST_ROOT_SHA256: 'ab'.repeat(32) }), /ERR_TRUST_ANCHORS_REFUSED/);
  // A fresh key store (another KEK, another database would do too) must enrol: with an unknown token it cannot.
  const client = new pg.Client({ connectionString: process.env.TESSERA_TEST_DATABASE_URL });
  await client.connect();
  await client.query(`CREATE DATABASE ${database}_credentials_b`);
  await client.end();
  const url = new URL(process.env.TESSERA_TEST_DATABASE_URL!);
  url.pathname = `/${database}_credentials_b`;
  try {
    await assert.rejects(serve(['credentials'], { ...other, TESSERA_CREDENTIALS_DATABASE_URL: url.toString(), TESSERA_CREDENTIALS_ENROLMENT_TOKEN: randomBytes(32).toString('base64url') }), /ERR_ENROLMENT_REFUSED/);
  } finally {
    const drop = new pg.Client({ connectionString: process.env.TESSERA_TEST_DATABASE_URL });
    await drop.connect();
    await drop.query(`DROP DATABASE IF EXISTS ${database}_credentials_b WITH (FORCE)`);
    await drop.end();
  }
});

test('serve credentials refuses the authority’s database as its own', async () => {
  await assert.rejects(serve(['credentials'], { ...credentialsEnv, TESSERA_CREDENTIALS_DATABASE_URL: env.DATABASE_URL, TESSERA_CREDENTIALS_PORT: String(await freePort()) }), /ERR_VALIDATION[\s\S]*TESSERA_CREDENTIALS_DATABASE_URL must not name the authority’s database/);
});
