// SPDX-License-Identifier: Apache-2.0
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { InjectOptions } from 'fastify';
import { eq } from 'drizzle-orm';
import { buildServer, idempotencyMigrations, logEntries, registerIdempotency, type Server } from '@tessera/platform';
import { offers } from '../../store/schema.ts';
import { headerStaff } from '../../testing/header-staff.ts';
import { openIssuerFixture, type Holder, type IssuerFixture } from '../../testing/issuer-fixture.ts';
import { CREDENTIALS_PERMISSIONS } from '../admin/register-issuer-admin.ts';
import { registerIssuingDesk } from './register-issuing-desk.ts';

/** The roles a test's `x-test-staff` header may name (headerStaff), with their permissions. */
const ROLES: Record<string, string[]> = { issuing_desk: [CREDENTIALS_PERMISSIONS.offer], issuer_admin: [CREDENTIALS_PERMISSIONS.read, CREDENTIALS_PERMISSIONS.manage] };
const requirePermission = headerStaff(ROLES);
const CONFIGURATION = 'kr.mois.public-worker-id.sd-jwt';

describe('the issuing desk creates credential offers over HTTP', { timeout: 180_000 }, () => {
  let f: IssuerFixture;
  let server: Server;
  let holder: Holder;
  const DESK = { 'x-test-staff': 'issuing_desk' };
  const call = (options: InjectOptions) => server.inject(options);
  const api = (payload: unknown, headers: Record<string, string> = { ...DESK, 'idempotency-key': randomUUID() }) => call({ method: 'POST', url: '/api/v1/credentials/offers', headers, payload: payload as object });
  const offerCount = async () => (await f.deps.db.select().from(offers)).length;
  const offerEvents = async () => (await f.deps.db.select().from(logEntries).where(eq(logEntries.type, 'credential_offer.created'))).length;
  const formSession = async (lang = 'en') => {
    const opened = await call({ url: `/issuer/desk/offers/new?lang=${lang}`, headers: DESK });
    assert.equal(opened.statusCode, 200);
    return {
      body: opened.body, token: /name="_csrf" value="([^"]+)"/.exec(opened.body)![1]!, key: /name="idempotencyKey" value="([^"]+)"/.exec(opened.body)![1]!,
      cookie: opened.cookies.map((c) => `${c.name}=${c.value}`).join('; '),
    };
  };
  const form = (fields: Record<string, string>, session: { cookie: string }, headers: Record<string, string> = DESK) => call({
    method: 'POST', url: '/issuer/desk/offers', headers: { ...headers, cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(fields).toString(),
  });

  before(async () => {
    f = await openIssuerFixture();
    await f.trust.storage.migrate(idempotencyMigrations);
    holder = await f.newHolder({ givenNames: 'Min-ji', surname: 'Park' });
    server = await buildServer({ title: 'issuing desk test', cookieSecret: 'c'.repeat(32), logLevel: 'silent' });
    registerIdempotency(server, { db: f.deps.db, clock: f.deps.clock, scope: (request) => String(request.headers['x-test-staff'] ?? 'anonymous') });
    registerIssuingDesk(server, { db: f.deps.db, clock: f.deps.clock, issuerUrl: f.deps.issuerUrl, offerMinutes: 15, randomBytes: (n) => new Uint8Array(randomBytes(n)) }, { requirePermission });
    await server.ready();
  });
  after(async () => {
    await server?.close();
    await f?.close();
  });

  it('the API creates an offer for the desk, logged with the clerk as actor, and a retry with the same Idempotency-Key gets the same offer, not a second one', async () => {
    const key = randomUUID();
    const body = { holder: holder.card.holderCode, documentRef: holder.documentRef, configurationIds: [CONFIGURATION] };
    const created = await api(body, { ...DESK, 'idempotency-key': key });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.headers['cache-control'], 'no-store');
    const offer = created.json<{ link: string; txCode: string; offer: { credential_issuer: string; credential_configuration_ids: string[] } }>();
    assert.match(offer.link, /^openid-credential-offer:\/\/\?credential_offer=/);
    const { referenceLink, offerUri } = created.json<{ referenceLink: string; offerUri: string }>();
    assert.equal(referenceLink, `openid-credential-offer://?credential_offer_uri=${encodeURIComponent(offerUri)}`);
    assert.match(offer.txCode, /^[0-9]{6}$/);
    assert.deepEqual(offer.offer.credential_configuration_ids, [CONFIGURATION]);
    const [row] = await f.deps.db.select().from(offers).orderBy(offers.createdAt);
    assert.equal(row!.holder, holder.card.holderCode);
    const [event] = await f.deps.db.select().from(logEntries).where(eq(logEntries.type, 'credential_offer.created'));
    assert.equal((JSON.parse(event!.leaf) as { actor: string }).actor, 'staff-issuing_desk');

    const count = await offerCount();
    const again = await api(body, { ...DESK, 'idempotency-key': key });
    assert.equal(again.statusCode, 201);
    assert.equal(again.headers['idempotency-replayed'], 'true');
    assert.equal(again.json<{ txCode: string }>().txCode, offer.txCode);
    assert.equal(await offerCount(), count);
  });

  it('the API makes an offer of the authorization code grant with issuer_state, or of both grants, when asked', async () => {
    const only = await api({ holder: holder.card.holderCode, configurationIds: [CONFIGURATION], grants: ['authorization_code'] });
    assert.equal(only.statusCode, 201, only.body);
    const code = only.json<{ txCode: string | null; offer: { grants: Record<string, { issuer_state?: string }> } }>();
    assert.equal(code.txCode, null, 'no transaction code without the pre-authorized grant');
    assert.deepEqual(Object.keys(code.offer.grants), ['authorization_code']);
    assert.match(code.offer.grants.authorization_code!.issuer_state!, /^[A-Za-z0-9_-]{43}$/);
    const both = await api({ holder: holder.card.holderCode, configurationIds: [CONFIGURATION], grants: ['pre-authorized_code', 'authorization_code'] });
    const offer = both.json<{ txCode: string; offer: { grants: Record<string, unknown> } }>();
    assert.deepEqual(Object.keys(offer.offer.grants).toSorted(), ['authorization_code', 'urn:ietf:params:oauth:grant-type:pre-authorized_code']);
    assert.match(offer.txCode, /^[0-9]{6}$/);
  });

  it('refuses without the desk’s permission, without an Idempotency-Key, and bad input, as problem details that create nothing', async () => {
    const good = { holder: holder.card.holderCode, configurationIds: [CONFIGURATION] };
    const [count, events] = [await offerCount(), await offerEvents()];
    const anonymous = await api(good, { 'idempotency-key': randomUUID() });
    assert.equal(anonymous.statusCode, 401);
    const admin = await api(good, { 'x-test-staff': 'issuer_admin', 'idempotency-key': randomUUID() });
    assert.equal(admin.statusCode, 403);
    const keyless = await api(good, DESK);
    assert.equal(keyless.statusCode, 400);
    assert.equal(keyless.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.deepEqual(keyless.json<{ errors: Array<{ path: string }> }>().errors.map((i) => i.path), ['headers/idempotency-key']);
    for (const bad of [{ ...good, holder: '123' }, { ...good, configurationIds: [] }, { ...good, configurationIds: ['kr.nope.unknown.sd-jwt'] }, { ...good, extra: true }, { ...good, grants: [] }, { ...good, grants: ['implicit'] }, { ...good, grants: ['authorization_code', 'authorization_code'] }]) {
      const refused = await api(bad);
      assert.equal(refused.statusCode, 400, JSON.stringify(bad));
      assert.equal(refused.headers['content-type'], 'application/problem+json; charset=utf-8');
    }
    // A form post to the API is refused (JSON only), so a cross-site form cannot make an offer.
    const formPost = await call({ method: 'POST', url: '/api/v1/credentials/offers', headers: { ...DESK, 'idempotency-key': randomUUID(), 'content-type': 'application/x-www-form-urlencoded' }, payload: 'holder=1' });
    assert.ok(formPost.statusCode === 415 || formPost.statusCode === 400, String(formPost.statusCode));
    assert.deepEqual([await offerCount(), await offerEvents()], [count, events]);
  });

  it('the desk’s page makes an offer with a CSRF-protected form and shows its QR code and transaction code once, in English, Estonian and Korean', async () => {
    for (const [lang, heading] of [['en', 'New credential offer'], ['et', 'Uus tõendi pakkumine'], ['ko', '새 증명서 발급 제안']] as const) {
      const session = await formSession(lang);
      assert.ok(session.body.includes(heading), lang);
      assert.ok(session.body.includes(`value="${CONFIGURATION}"`), 'the active configurations are offered');
    }
    const session = await formSession();
    const count = await offerCount();
    const forged = await form({ holder: holder.card.holderCode, configuration: CONFIGURATION }, session);
    assert.equal(forged.statusCode, 403, 'no token, no offer');
    assert.equal(await offerCount(), count);
    const created = await form({ _csrf: session.token, idempotencyKey: session.key, holder: holder.card.holderCode, documentRef: holder.documentRef, configuration: CONFIGURATION }, session);
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.headers['cache-control'], 'no-store');
    assert.match(created.body, /<svg/);
    assert.match(created.body, /class="tx-code">[0-9]{6}</);
    assert.equal(await offerCount(), count + 1);
  });

  it('the desk’s page can offer sign-in at the issuer instead of a transaction code (issuer_state), or either; an unknown choice is shown again and creates nothing', async () => {
    for (const lang of ['en', 'et', 'ko']) assert.match((await formSession(lang)).body, /<select[^>]*name="grant"/, lang);
    const byCard = await formSession();
    const count = await offerCount();
    const created = await form({ _csrf: byCard.token, idempotencyKey: byCard.key, holder: holder.card.holderCode, configuration: CONFIGURATION, grant: 'authorization_code' }, byCard);
    assert.equal(created.statusCode, 201, created.body);
    assert.match(created.body, /<svg/);
    assert.doesNotMatch(created.body, /class="tx-code"/, 'no transaction code to tell');
    assert.ok(created.body.includes('signs in at the issuer with their ID card'));
    const rows = await f.deps.db.select().from(offers).orderBy(offers.createdAt);
    assert.equal(rows.length, count + 1);
    const row = rows.find((r) => r.issuerStateHash && !r.codeHash && r.holder === holder.card.holderCode);
    assert.ok(row, 'an offer of the authorization code grant alone');
    const either = await formSession();
    const both = await form({ _csrf: either.token, idempotencyKey: either.key, holder: holder.card.holderCode, configuration: CONFIGURATION, grant: 'both' }, either);
    assert.equal(both.statusCode, 201);
    assert.match(both.body, /class="tx-code">[0-9]{6}</);
    const bad = await formSession();
    const refused = await form({ _csrf: bad.token, idempotencyKey: bad.key, holder: holder.card.holderCode, configuration: CONFIGURATION, grant: 'implicit' }, bad);
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /id="grant-error"/);
    assert.equal(await offerCount(), count + 2);
  });

  it('the page’s form carries a one-time key: submitted twice, it shows the same offer (same QR code and transaction code) and one offer is created and logged', async () => {
    const session = await formSession();
    const other = await formSession();
    assert.notEqual(other.key, session.key, 'each form its own key');
    const [count, events] = [await offerCount(), await offerEvents()];
    const fields = { _csrf: session.token, idempotencyKey: session.key, holder: holder.card.holderCode, documentRef: holder.documentRef, configuration: CONFIGURATION };
    const first = await form(fields, session);
    const second = await form(fields, session);
    assert.equal(first.statusCode, 201, first.body);
    assert.equal(second.statusCode, 201, second.body);
    assert.equal(second.headers['idempotency-replayed'], 'true');
    assert.equal(second.headers['cache-control'], 'no-store');
    const shown = (body: string) => [/<svg[\s\S]*<\/svg>/.exec(body)?.[0], /class="tx-code">([0-9]{6})</.exec(body)?.[1]];
    assert.ok(shown(first.body)[1]);
    assert.deepEqual(shown(second.body), shown(first.body), 'the same offer');
    assert.deepEqual([await offerCount(), await offerEvents()], [count + 1, events + 1]);
    // The same key with other fields is another request: refused, nothing created.
    const changed = await form({ ...fields, configuration: 'kr.mois.public-worker-id.mdoc' }, session);
    assert.equal(changed.statusCode, 422);
    // A form without a key is shown again with one, and creates nothing.
    const { idempotencyKey: _key, ...withoutKey } = fields;
    const keyless = await form(withoutKey, session);
    assert.equal(keyless.statusCode, 400);
    assert.ok(keyless.body.includes('This form has expired'));
    assert.match(keyless.body, /name="idempotencyKey" value="[A-Za-z0-9_-]{22}"/);
    assert.deepEqual([await offerCount(), await offerEvents()], [count + 1, events + 1]);
  });

  it('the page names each wrong field beside it and creates nothing; other staff cannot open it', async () => {
    const session = await formSession();
    const count = await offerCount();
    const refused = await form({ _csrf: session.token, holder: '12ab', documentRef: 'not-hex', configuration: '' }, session);
    assert.equal(refused.statusCode, 400);
    for (const field of ['holder', 'documentRef', 'configuration']) assert.ok(refused.body.includes(`id="${field}-error"`), field);
    assert.ok(refused.body.includes('value="12ab"'), 'what was typed is kept');
    const unknown = await form({ _csrf: session.token, idempotencyKey: session.key, holder: holder.card.holderCode, configuration: 'kr.nope.unknown.sd-jwt' }, session);
    assert.equal(unknown.statusCode, 400);
    assert.equal(await offerCount(), count);
    assert.equal((await call({ url: '/issuer/desk/offers/new', headers: { 'x-test-staff': 'issuer_admin' } })).statusCode, 403);
    assert.equal((await call({ url: '/issuer/desk/offers/new' })).statusCode, 401);
  });
});
