// SPDX-License-Identifier: Apache-2.0
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { InjectOptions } from 'fastify';
import { getListFromStatusListJWT } from '@sd-jwt/jwt-status-list';
import { eq, like } from 'drizzle-orm';
import { exportJWK, generateKeyPair } from 'jose';
import { buildServer, logEntries, type Server } from '@tessera/platform';
import { dpopNonces } from '../../domain/oid4vci/dpop-nonces.ts';
import { dpopProofRegister } from '../../store/oid4vci/dpop-proofs.ts';
import { issueCredentials } from '../../store/issuer/issue-credentials.ts';
import { createOffer } from '../../store/oid4vci/create-offer.ts';
import { issuedCredentials } from '../../store/schema.ts';
import { headerStaff } from '../../testing/header-staff.ts';
import { openIssuerFixture, type Holder, type IssuerFixture } from '../../testing/issuer-fixture.ts';
import { CREDENTIALS_PERMISSIONS, registerIssuerAdmin } from './register-issuer-admin.ts';

/** The roles a test's `x-test-staff` header may name (headerStaff), with their permissions. */
const ROLES: Record<string, string[]> = {
  issuer_admin: [CREDENTIALS_PERMISSIONS.read, CREDENTIALS_PERMISSIONS.manage],
  auditor: [CREDENTIALS_PERMISSIONS.read],
  officer: ['card:read', 'card:manage'],
};
const requirePermission = headerStaff(ROLES);

describe('the issuer administrator’s pages and API', { timeout: 180_000 }, () => {
  let f: IssuerFixture;
  let server: Server;
  let holder: Holder;
  const ADMIN = { 'x-test-staff': 'issuer_admin' };
  const call = (options: InjectOptions) => server.inject(options);
  const json = (url: string, payload: unknown, headers: Record<string, string> = ADMIN) => call({ method: 'POST', url, headers, payload: payload as object });
  const issue = async (typeId: string) => (await issueCredentials(f.deps, {
    type: f.types.get(typeId)!, format: 'dc+sd-jwt', holder: holder.card.holderCode, documentRef: holder.documentRef, keys: [await exportJWK((await generateKeyPair('ES256')).publicKey)],
  })).ids[0]!;
  const statusOf = async (id: string) => {
    const list = (await call({ url: `/api/v1/credentials/types/${(await rowOf(id)).typeId}/credentials?limit=100`, headers: ADMIN })).json<{ items: Array<{ id: string; status: string }> }>();
    return list.items.find((c) => c.id === id)!.status;
  };
  const rowOf = async (id: string) => (await f.deps.db.select().from(issuedCredentials).where(eq(issuedCredentials.id, id)))[0]!;
  /** What a verifier reads: the signed status list token's entry for the credential. */
  const publishedStatus = async (id: string) => {
    const row = await rowOf(id);
    return getListFromStatusListJWT(await f.deps.statusLists.token(row.statusList)).getStatus(row.statusIndex);
  };
  const events = async (type: string) => f.deps.db.select().from(logEntries).where(like(logEntries.type, type));
  /** The page's form token and cookie, as a browser holds them after opening the page. */
  const formSession = async (url: string) => {
    const opened = await call({ url, headers: ADMIN });
    const token = /name="_csrf" value="([^"]+)"/.exec(opened.body)![1]!;
    const cookie = opened.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    return { token, cookie };
  };
  const form = (url: string, fields: Record<string, string>, session: { cookie: string }) => call({
    method: 'POST', url, headers: { ...ADMIN, cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(fields).toString(),
  });

  before(async () => {
    f = await openIssuerFixture();
    holder = await f.newHolder({ givenNames: 'Ha-eun', surname: 'Jeong' });
    server = await buildServer({ title: 'issuer admin test', cookieSecret: 'c'.repeat(32), logLevel: 'silent' });
    registerIssuerAdmin(server, { db: f.deps.db, clock: f.deps.clock, vctBase: f.deps.vctBase, exchange: f.exchange, documents: f.deps.documents }, { requirePermission });
    await server.ready();
  });
  after(async () => {
    await server?.close();
    await f?.close();
  });

  it('without the issuer administrator role nothing is shown or changed: 401 signed out, 403 for other staff, reading only for auditors', async () => {
    const id = await issue('kr.mois.public-worker-id');
    const before = (await events('credential%')).length;
    const anonymous = await call({ url: '/api/v1/credentials/types' });
    assert.equal(anonymous.statusCode, 401);
    assert.equal(anonymous.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal((await call({ url: '/issuer/admin/types' })).statusCode, 401);
    for (const url of ['/api/v1/credentials/types', '/issuer/admin/types', '/issuer/admin/types/kr.mois.public-worker-id', '/api/v1/credentials/types/kr.mois.public-worker-id/credentials']) {
      assert.equal((await call({ url, headers: { 'x-test-staff': 'officer' } })).statusCode, 403, url);
      assert.equal((await call({ url, headers: { 'x-test-staff': 'auditor' } })).statusCode, 200, url);
    }
    const auditor = { 'x-test-staff': 'auditor' };
    assert.equal((await json(`/api/v1/credentials/issued/${id}/status`, { action: 'revoke', reason: 'fraud' }, auditor)).statusCode, 403);
    assert.equal((await json('/api/v1/credentials/types/kr.mois.public-worker-id/retirement', {}, auditor)).statusCode, 403);
    const page = await call({ url: '/issuer/admin/types/kr.mois.public-worker-id', headers: auditor });
    assert.doesNotMatch(page.body, /<form method="post"/, 'an auditor gets no forms');
    assert.equal((await events('credential%')).length, before);
    assert.equal(await statusOf(id), 'valid');
  });

  it('lists the 300 types in pages and finds one by its Korean or Estonian name', async () => {
    const first = (await call({ url: '/api/v1/credentials/types?limit=25', headers: ADMIN })).json<{ items: Array<{ id: string }>; total: number }>();
    assert.equal(first.total, 300);
    assert.equal(first.items.length, 25);
    const second = (await call({ url: '/api/v1/credentials/types?limit=25&offset=25', headers: ADMIN })).json<{ items: Array<{ id: string }> }>();
    assert.equal(new Set([...first.items, ...second.items].map((t) => t.id)).size, 50, 'pages do not overlap');
    const korean = (await call({ url: `/api/v1/credentials/types?q=${encodeURIComponent('운전면허')}`, headers: ADMIN })).json<{ items: Array<{ id: string }> }>();
    assert.ok(korean.items.some((t) => t.id === 'kr.knpa.mobile-driver-licence'), JSON.stringify(korean.items));
    const estonian = (await call({ url: `/api/v1/credentials/types?q=${encodeURIComponent('isikutunnistus')}`, headers: ADMIN })).json<{ items: Array<{ id: string }> }>();
    assert.ok(estonian.items.some((t) => t.id === 'ee.ppa.id-card'), JSON.stringify(estonian.items));
    const page = await call({ url: '/issuer/admin/types?q=nurse&lang=en', headers: ADMIN });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /kr\.mohw\.nurse/);
    assert.equal((await call({ url: '/api/v1/credentials/types?limit=1000', headers: ADMIN })).statusCode, 400);
  });

  it('shows a type with its versions and how many credentials each was issued as', async () => {
    const shown = (await call({ url: '/api/v1/credentials/types/kr.mois.public-worker-id', headers: ADMIN })).json<{ status: string; versions: Array<{ version: number; issued: number }> }>();
    assert.equal(shown.status, 'active');
    assert.equal(shown.versions[0]!.version, 1);
    assert.ok(shown.versions[0]!.issued >= 1);
    assert.equal((await call({ url: '/api/v1/credentials/types/kr.nowhere.nothing', headers: ADMIN })).json<{ code: string }>().code, 'ERR_CREDENTIAL_TYPE_NOT_FOUND');
  });

  it('the list of issued credentials is minimised: no claim values and no holder, in the API or on the page', async () => {
    await issue('kr.mohw.nurse');
    const list = (await call({ url: '/api/v1/credentials/types/kr.mohw.nurse/credentials', headers: ADMIN })).json<{ items: Array<Record<string, unknown>>; total: number }>();
    assert.equal(list.total, 1);
    assert.deepEqual(Object.keys(list.items[0]!).sort(), ['derived', 'expiresAt', 'format', 'holdReason', 'id', 'issuedAt', 'revocationReason', 'status', 'typeVersion']);
    const page = await call({ url: '/issuer/admin/types/kr.mohw.nurse', headers: ADMIN });
    for (const personal of [holder.card.holderCode, 'Ha-eun', 'Jeong', holder.documentRef]) assert.ok(!page.body.includes(personal), `the page shows ${personal}`);
  });

  it('retiring a type refuses new offers while the credentials already issued of it stay valid', async () => {
    const id = await issue('kr.mois.household-register-certificate');
    const retired = await json('/api/v1/credentials/types/kr.mois.household-register-certificate/retirement', {});
    assert.equal(retired.statusCode, 200, retired.body);
    const offerDeps = { ...f.deps, dpopNonces: dpopNonces(randomBytes(32), f.trust.clock), firstUse: dpopProofRegister(f.deps), offerMinutes: 15, accessTokenSeconds: 600, cNonceSeconds: 300, batchSize: 5, txCodeAttempts: 3, randomBytes: (n: number) => new Uint8Array(randomBytes(n)), clients: [] };
    await assert.rejects(createOffer(offerDeps, { holder: holder.card.holderCode, documentRef: holder.documentRef, configurationIds: ['kr.mois.household-register-certificate.sd-jwt'] }, 'desk-1'), { code: 'ERR_VALIDATION' });
    assert.equal(await statusOf(id), 'valid');
    assert.equal(await publishedStatus(id), 0);
    assert.equal((await events('credential_type.retired')).filter((e) => e.subject === 'kr.mois.household-register-certificate').length, 1);
    const again = await json('/api/v1/credentials/types/kr.mois.household-register-certificate/retirement', {});
    assert.equal(again.statusCode, 409);
    assert.equal(again.json<{ code: string }>().code, 'ERR_CREDENTIAL_TYPE_RETIRED');
  });

  it('a suspension with a reason outlasts the card’s resumption; resuming returns the credential to what its card allows', async () => {
    const id = await issue('kr.mois.public-worker-id');
    const suspended = await json(`/api/v1/credentials/issued/${id}/status`, { action: 'suspend', reason: 'device-lost' });
    assert.equal(suspended.json<{ status: string }>().status, 'suspended');
    assert.equal(await publishedStatus(id), 2, 'verifiers read suspended');
    await f.changeCard(holder, { action: 'suspend' });
    await f.changeCard(holder, { action: 'resume' });
    assert.equal(await statusOf(id), 'suspended', 'the card’s resumption does not lift the administrator’s hold');
    const resumed = await json(`/api/v1/credentials/issued/${id}/status`, { action: 'resume' });
    assert.equal(resumed.json<{ status: string }>().status, 'valid');
    assert.equal(await publishedStatus(id), 0);
    const logged = (await events('credential.%')).filter((e) => e.subject === id).map((e) => [e.type, (JSON.parse(e.leaf) as { data: { reason?: string } }).data.reason]);
    assert.deepEqual(logged, [['credential.suspended', 'device-lost'], ['credential.resumed', undefined]]);
    assert.equal((await json(`/api/v1/credentials/issued/${id}/status`, { action: 'resume' })).json<{ code: string }>().code, 'ERR_CREDENTIAL_CHANGE_NOT_ALLOWED');
  });

  it('revocation is final: the entry becomes invalid and a revoked credential accepts no further change', async () => {
    const id = await issue('kr.mois.public-worker-id');
    assert.equal((await json(`/api/v1/credentials/issued/${id}/status`, { action: 'revoke', reason: 'issued-in-error' })).json<{ status: string }>().status, 'invalid');
    assert.equal(await publishedStatus(id), 1);
    for (const change of [{ action: 'resume' }, { action: 'suspend', reason: 'holder-request' }, { action: 'revoke', reason: 'fraud' }]) {
      const refused = await json(`/api/v1/credentials/issued/${id}/status`, change);
      assert.equal(refused.statusCode, 409);
      assert.equal(refused.headers['content-type'], 'application/problem+json; charset=utf-8');
    }
    assert.equal((await rowOf(id)).revocationReason, 'issued-in-error');
  });

  it('a change without a reason, with a reason not on its list, or not as JSON is an RFC 9457 problem and changes nothing', async () => {
    const id = await issue('kr.mois.public-worker-id');
    const before = (await events('credential.%')).length;
    for (const body of [{ action: 'revoke' }, { action: 'revoke', reason: 'device-lost-and-found' }, { action: 'suspend', reason: 'fraud' }, { action: 'delete', reason: 'fraud' }]) {
      const refused = await json(`/api/v1/credentials/issued/${id}/status`, body);
      assert.equal(refused.statusCode, 400, JSON.stringify(body));
      assert.equal(refused.headers['content-type'], 'application/problem+json; charset=utf-8');
    }
    const form = await call({ method: 'POST', url: `/api/v1/credentials/issued/${id}/status`, headers: { ...ADMIN, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'action=revoke&reason=fraud' });
    assert.equal(form.statusCode, 415);
    assert.equal((await json(`/api/v1/credentials/issued/00000000-0000-4000-8000-000000000000/status`, { action: 'revoke', reason: 'fraud' })).json<{ code: string }>().code, 'ERR_ISSUED_CREDENTIAL_NOT_FOUND');
    assert.equal((await events('credential.%')).length, before);
    assert.equal(await statusOf(id), 'valid');
  });

  it('the page’s forms need their CSRF token: without it nothing changes, with it the credential is suspended and the page says so', async () => {
    const id = await issue('kr.knpa.mobile-driver-licence');
    const session = await formSession('/issuer/admin/types/kr.knpa.mobile-driver-licence');
    const forged = await form(`/issuer/admin/credentials/${id}/status`, { action: 'suspend', reason: 'holder-request' }, session);
    assert.equal(forged.statusCode, 403);
    const wrongToken = await form(`/issuer/admin/credentials/${id}/status`, { _csrf: `${session.token.slice(0, -2)}xx`, action: 'suspend', reason: 'holder-request' }, session);
    assert.equal(wrongToken.statusCode, 403);
    assert.equal(await statusOf(id), 'valid');
    const noReason = await form(`/issuer/admin/credentials/${id}/status`, { _csrf: session.token, action: 'suspend', reason: '' }, session);
    assert.equal(noReason.statusCode, 400);
    assert.match(noReason.body, /Choose why the credential is suspended/);
    assert.equal(await statusOf(id), 'valid');
    const done = await form(`/issuer/admin/credentials/${id}/status`, { _csrf: session.token, action: 'suspend', reason: 'holder-request' }, session);
    assert.equal(done.statusCode, 303);
    assert.equal(done.headers.location, '/issuer/admin/types/kr.knpa.mobile-driver-licence?done=changed');
    assert.equal(await statusOf(id), 'suspended');
    const shown = await call({ url: done.headers.location, headers: { ...ADMIN, cookie: 'lang=en' } });
    assert.match(shown.body, /The credential’s status was changed/);
    assert.match(shown.body, /Holder’s request/);
    const retireForged = await form('/issuer/admin/types/kr.knpa.mobile-driver-licence/retire', {}, session);
    assert.equal(retireForged.statusCode, 403);
    assert.equal((await call({ url: '/api/v1/credentials/types/kr.knpa.mobile-driver-licence', headers: ADMIN })).json<{ status: string }>().status, 'active');
  });

  it('the pages speak English, Estonian and Korean', async () => {
    for (const [lang, words] of [['en', /Credential types/], ['et', /Tõendiliigid/], ['ko', /증명서 종류/]] as const) {
      const list = await call({ url: `/issuer/admin/types?lang=${lang}`, headers: ADMIN });
      assert.match(list.body, words);
      assert.match(list.body, new RegExp(`<html lang="${lang}"`));
    }
    const korean = await call({ url: '/issuer/admin/types/kr.mois.public-worker-id?lang=ko', headers: ADMIN });
    assert.match(korean.body, /발급된 증명서/);
    assert.match(korean.body, /행정안전부/);
  });

  it('publishes a new version of a type through the API once the validator passes it whole; an invalid one is a problem listing every issue and publishes nothing', async () => {
    const current = (await call({ url: '/api/v1/credentials/types/ee.ppa.digi-id', headers: ADMIN })).json<{ versions: Array<{ definition: Record<string, unknown> }> }>().versions[0]!.definition;
    const put = (body: unknown, headers: Record<string, string> = ADMIN) => call({ method: 'PUT', url: '/api/v1/credentials/types/ee.ppa.digi-id', headers, payload: body as object });
    assert.equal((await put({ ...current, validityDays: 1000 }, { 'x-test-staff': 'auditor' })).statusCode, 403);
    const invalid = await put({ ...current, claims: [], display: { ...(current.display as object), ko: undefined } });
    assert.equal(invalid.statusCode, 400);
    assert.equal(invalid.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.deepEqual(invalid.json<{ code: string; errors: Array<{ code: string }> }>().errors.map((e) => e.code).sort(), ['missing_claims', 'missing_display']);
    assert.equal((await put({ ...current, id: 'ee.ppa.id-card' })).json<{ errors: Array<{ code: string }> }>().errors[0]!.code, 'id_mismatch');
    const published = await put({ ...current, validityDays: 1000 });
    assert.equal(published.statusCode, 201, published.body);
    assert.deepEqual(published.json(), { id: 'ee.ppa.digi-id', version: 2 });
    const shown = (await call({ url: '/api/v1/credentials/types/ee.ppa.digi-id', headers: ADMIN })).json<{ versions: Array<{ version: number; status: string; definition: { validityDays: number } }> }>();
    assert.deepEqual(shown.versions.map((v) => [v.version, v.status, v.definition.validityDays]), [[2, 'active', 1000], [1, 'superseded', current.validityDays]]);
    assert.equal((await events('credential_type.published')).filter((e) => e.subject === 'ee.ppa.digi-id').length, 1, 'only the valid version was published and logged');
    const page = await call({ url: '/issuer/admin/types/ee.ppa.digi-id?lang=en', headers: ADMIN });
    assert.match(page.body, /Superseded/);
  });
});
