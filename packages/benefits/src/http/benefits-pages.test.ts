// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildServer, mailMigrations, ManualClock, openTestStorage, transparencyMigrations, type Server, type Storage } from '@tessera/platform';
import type { LightMyRequestResponse } from 'fastify';
import { ALL_PROGRAMMES } from '../domain/programmes/catalogue.ts';
import { testAgencies } from '../testing/test-agencies.ts';
import type { BenefitsDeps } from '../store/benefits-deps.ts';
import { benefitsMigrations } from '../store/migrations.ts';
import { personOverview } from '../store/person-overview.ts';
import { lifeEvents } from '../store/schema.ts';
import { registerBenefitsPages } from './benefits-routes.ts';
import { registerLifeEventService } from './life-event-route.ts';

const ELDER = 'EE36101150003';
const REGISTER = 'TESSERA/GOV/70000562/population-register';

describe('benefits pages', { timeout: 120_000 }, () => {
  let storage: Storage;
  let server: Server;
  let agencies: ReturnType<typeof testAgencies>;
  before(async () => {
    storage = await openTestStorage();
    for (const m of [transparencyMigrations, mailMigrations, benefitsMigrations]) await storage.migrate(m);
    agencies = testAgencies({
      people: { [ELDER]: { household: 'h', inputs: { household_role: 1, birth_month: '1950-04', earned_income_monthly: 0, other_income_monthly: 400_000, total_income: { 2025: 4_800_000 } } } },
      households: { h: { region: 1, depopulating_area: false, newlywed: false, property_value: 90_000_000, monthly_rent: 0, homeowner: true, first_time_buyer: false } },
    });
    const deps: BenefitsDeps = { db: storage.db, clock: new ManualClock('2026-03-10T09:00:00Z'), agencies: agencies.port, intake: agencies.intake, pageUrl: 'http://portal.test/citizen/benefits', programmes: ALL_PROGRAMMES };
    server = await buildServer({ title: 'test', cookieSecret: 'x'.repeat(32), logLevel: 'silent' });
    // The portal's session stands behind this port; here the test names the signed-in person.
    registerBenefitsPages(server, deps, { citizen: (request) => (typeof request.headers['x-test-person'] === 'string' ? request.headers['x-test-person'] : null), signInPath: '/citizen/sign-in' });
    registerLifeEventService(server, deps, { path: '/welfare/life-events', reporters: [REGISTER] });
    await server.ready();
  });
  after(async () => {
    await server?.close();
    await storage?.close();
  });

  const jar = new Map<string, string>();
  const send = async (o: { method: 'GET' | 'POST'; url: string; fields?: Record<string, string>; headers?: Record<string, string> }): Promise<LightMyRequestResponse> => {
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await server.inject({
      method: o.method, url: o.url, headers: { 'x-test-person': ELDER, accept: 'text/html', ...(cookie ? { cookie } : {}), ...(o.fields ? { 'content-type': 'application/x-www-form-urlencoded' } : {}), ...o.headers },
      ...(o.fields ? { payload: new URLSearchParams(o.fields).toString() } : {}),
    });
    for (const c of res.cookies as Array<{ name: string; value: string }>) jar.set(c.name, c.value);
    return res;
  };
  const submit = async (action: string, fields: Record<string, string>) => {
    const form = await send({ method: 'GET', url: '/citizen/benefits' });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1];
    assert.ok(csrf, 'the page carries a CSRF token');
    return send({ method: 'POST', url: action, fields: { _csrf: csrf, ...fields } });
  };

  it('a signed-out browser is sent to sign in and an API client gets a 401 problem', async () => {
    const browser = await server.inject({ method: 'GET', url: '/citizen/benefits', headers: { accept: 'text/html' } });
    assert.equal(browser.statusCode, 303);
    assert.equal(browser.headers.location, '/citizen/sign-in');
    const api = await server.inject({ method: 'GET', url: '/citizen/benefits', headers: { accept: 'application/json' } });
    assert.equal(api.statusCode, 401);
    assert.match(String(api.headers['content-type']), /application\/problem\+json/);
  });

  it('a form posted without its CSRF token, or with a tier that does not exist, is refused and changes nothing', async () => {
    const noToken = await send({ method: 'POST', url: '/citizen/benefits/consent', fields: { tier: 'basic' }, headers: { accept: 'application/json' } });
    assert.equal(noToken.statusCode, 403);
    const badTier = await submit('/citizen/benefits/consent', { tier: 'everything' });
    assert.equal(badTier.statusCode, 400);
    assert.equal((await personOverview(storage.db, ELDER)).person, null);
  });

  it('a person opts in, sees what they are entitled to with the amount and why, and applies in one step', async () => {
    const chosen = await submit('/citizen/benefits/consent', { tier: 'extended', email: 'elder@example.org' });
    assert.equal(chosen.statusCode, 303);
    assert.equal(chosen.headers.location, '/citizen/benefits?done=consent');
    const shown = await send({ method: 'GET', url: '/citizen/benefits?done=consent' });
    assert.match(shown.body, /Basic Pension[\s\S]*₩349,700 a month/);
    assert.match(shown.body, /Basic Pension Act/, 'the explanation names the law');
    assert.match(shown.body, /Apply in one step/);
    const offer = (await personOverview(storage.db, ELDER)).offers.find((o) => o.programme === 'kr.basic-pension')!;
    const applied = await submit('/citizen/benefits/applications', { offer: offer.id });
    assert.equal(applied.statusCode, 303);
    assert.equal(agencies.sent.length, 1);
    const after = await send({ method: 'GET', url: '/citizen/benefits?done=applied' });
    assert.match(after.body, /Applied \(BA-2026-\d{6}\): sent to the agency/);
    const again = await submit('/citizen/benefits/applications', { offer: offer.id });
    assert.equal(again.statusCode, 409);
  });

  it('the page speaks the person’s language', async () => {
    const ko = await send({ method: 'GET', url: '/citizen/benefits?lang=ko' });
    assert.match(ko.body, /내가 받을 수 있는 혜택은\?/);
    assert.match(ko.body, /lang="ko"/);
  });

  it('only a register may report a life event over the exchange, and a malformed one is refused', async () => {
    const intruder = await server.inject({ method: 'POST', url: '/welfare/life-events', headers: { 'x-road-client': `${REGISTER}x` }, payload: { type: 'birth', subjects: [ELDER] } });
    assert.equal(intruder.statusCode, 403);
    const malformed = await server.inject({ method: 'POST', url: '/welfare/life-events', headers: { 'x-road-client': REGISTER }, payload: { type: 'wedding', subjects: [ELDER] } });
    assert.equal(malformed.statusCode, 400);
    assert.equal((await storage.db.select().from(lifeEvents)).length, 0);
    const ok = await server.inject({ method: 'POST', url: '/welfare/life-events', headers: { 'x-road-client': REGISTER }, payload: { type: 'birth', subjects: [ELDER] } });
    assert.equal(ok.statusCode, 202);
    assert.equal((await storage.db.select().from(lifeEvents)).length, 1);
  });
});
