// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { buildServer, logEntries, mailMigrations, ManualClock, openTestStorage, transparencyMigrations, type Server, type Storage } from '@tessera/platform';
import type { LightMyRequestResponse } from 'fastify';
import { ALL_PROGRAMMES } from '../domain/programmes/catalogue.ts';
import { testAgencies } from '../testing/test-agencies.ts';
import { browserKeys } from '../testing/test-push-service.ts';
import type { BenefitsDeps } from '../store/benefits-deps.ts';
import { chooseConsent } from '../store/choose-consent.ts';
import { benefitsMigrations } from '../store/migrations.ts';
import { personOverview } from '../store/person-overview.ts';
import { pushSubscriptions } from '../store/schema.ts';
import { registerBenefitsPages } from './benefits-routes.ts';
import { smsOperatorClient } from './sms-operator-client.ts';
import { generateVapidKeys, webPushSender } from './web-push-sender.ts';

const PERSON = 'EE36101150003';

describe('notification choices on the benefits page', { timeout: 120_000 }, () => {
  let storage: Storage;
  let server: Server;
  let deps: BenefitsDeps;
  const vapid = { subject: 'mailto:benefits@tessera.example', ...generateVapidKeys() };
  before(async () => {
    storage = await openTestStorage();
    for (const m of [transparencyMigrations, mailMigrations, benefitsMigrations]) await storage.migrate(m);
    const agencies = testAgencies({ people: {}, households: {} });
    deps = {
      db: storage.db, clock: new ManualClock('2026-03-10T09:00:00Z'), agencies: agencies.port, intake: agencies.intake, pageUrl: 'http://portal.test/citizen/benefits', programmes: ALL_PROGRAMMES,
      // Nothing is sent in these tests: the page only keeps choices and subscriptions.
      channels: { push: webPushSender({ vapid, pushServices: ['fcm.googleapis.com'] }), sms: smsOperatorClient({ url: 'http://127.0.0.1:9/unused', token: 't' }) },
    };
    server = await buildServer({ title: 'test', cookieSecret: 'x'.repeat(32), logLevel: 'silent' });
    registerBenefitsPages(server, deps, { citizen: (request) => (typeof request.headers['x-test-person'] === 'string' ? request.headers['x-test-person'] : null), signInPath: '/citizen/sign-in' });
    await server.ready();
    await chooseConsent(deps, { subject: PERSON, tier: 'basic', email: 'p@example.org', locale: 'en' });
  });
  after(async () => {
    await server?.close();
    await storage?.close();
  });

  const jar = new Map<string, string>();
  const send = async (o: { method: 'GET' | 'POST'; url: string; fields?: URLSearchParams; json?: unknown; headers?: Record<string, string> }): Promise<LightMyRequestResponse> => {
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await server.inject({
      method: o.method, url: o.url,
      headers: { 'x-test-person': PERSON, accept: 'text/html', ...(cookie ? { cookie } : {}), ...(o.fields ? { 'content-type': 'application/x-www-form-urlencoded' } : {}), ...(o.json ? { 'content-type': 'application/json' } : {}), ...o.headers },
      ...(o.fields ? { payload: o.fields.toString() } : {}), ...(o.json ? { payload: JSON.stringify(o.json) } : {}),
    });
    for (const c of res.cookies as Array<{ name: string; value: string }>) jar.set(c.name, c.value);
    return res;
  };
  const csrf = async () => {
    const page = await send({ method: 'GET', url: '/citizen/benefits' });
    return /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
  };
  const choose = async (fields: Array<[string, string]>, headers: Record<string, string> = {}) => send({ method: 'POST', url: '/citizen/benefits/notifications', fields: new URLSearchParams([['_csrf', await csrf()], ...fields]), headers });
  const logged = async (type: string) => (await storage.db.select().from(logEntries).where(eq(logEntries.type, type))).length;

  it('the person chooses push and SMS with quiet hours in their time zone, and the page shows the choice back', async () => {
    const page = await send({ method: 'GET', url: '/citizen/benefits' });
    assert.match(page.body, /How we tell you/);
    assert.match(page.body, new RegExp(`data-vapid-key="${vapid.publicKey}"`), 'the browser gets the VAPID public key to subscribe with');
    assert.match(page.body, /<script src="\/citizen\/benefits\/push.js" defer><\/script>/);
    const saved = await choose([['channels', 'push'], ['channels', 'sms'], ['phone', '+82 10 1234 5678'], ['timeZone', 'Asia/Seoul'], ['quietFrom', '22:00'], ['quietUntil', '07:00']]);
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, '/citizen/benefits?done=channels#channels');
    const { preferences } = await personOverview(storage.db, PERSON);
    assert.deepEqual(preferences, { channels: ['push', 'sms'], phone: '+821012345678', timeZone: 'Asia/Seoul', quiet: { from: 1320, until: 420 } });
    const shown = await send({ method: 'GET', url: '/citizen/benefits?done=channels' });
    assert.match(shown.body, /<option value="Asia\/Seoul" selected>/);
    assert.match(shown.body, /value="22:00"/);
    assert.match(shown.body, /id="channels-0" name="channels" value="email">/, 'e-mail unchecked');
    assert.match(shown.body, /value="push" checked/);
    assert.equal(await logged('notifications.preferences-changed'), 1);
    const log = await storage.db.select().from(logEntries).where(eq(logEntries.type, 'notifications.preferences-changed'));
    assert.doesNotMatch(JSON.stringify(log), /1234/, 'the log never carries the phone number');
  });

  it('an unknown time zone, SMS without a number, or a missing CSRF token is refused with a problem and changes nothing', async () => {
    const before = (await personOverview(storage.db, PERSON)).preferences;
    const zone = await choose([['channels', 'email'], ['timeZone', 'Mars/Olympus']], { accept: 'application/json' });
    assert.equal(zone.statusCode, 400);
    assert.match(String(zone.headers['content-type']), /application\/problem\+json/);
    assert.equal(zone.json().code, 'ERR_NOTIFICATION_PREFERENCES_INVALID');
    const noPhone = await choose([['channels', 'sms'], ['timeZone', 'UTC']], { accept: 'application/json' });
    assert.equal(noPhone.statusCode, 400);
    const noToken = await send({ method: 'POST', url: '/citizen/benefits/notifications', fields: new URLSearchParams([['channels', 'email'], ['timeZone', 'UTC']]), headers: { accept: 'application/json' } });
    assert.equal(noToken.statusCode, 403);
    assert.deepEqual((await personOverview(storage.db, PERSON)).preferences, before);
  });

  it('a browser gives its push subscription with the CSRF token; one off a known push service, or without the token, is refused', async () => {
    const keys = browserKeys().json;
    const token = await csrf();
    const refused = await send({ method: 'POST', url: '/citizen/benefits/push-subscriptions', json: { endpoint: 'https://127.0.0.1:8443/internal', keys }, headers: { 'x-csrf-token': token, accept: 'application/json' } });
    assert.equal(refused.statusCode, 400);
    assert.equal(refused.json().code, 'ERR_PUSH_SUBSCRIPTION_INVALID');
    const noToken = await send({ method: 'POST', url: '/citizen/benefits/push-subscriptions', json: { endpoint: 'https://fcm.googleapis.com/fcm/send/abc', keys }, headers: { accept: 'application/json' } });
    assert.equal(noToken.statusCode, 403);
    assert.equal((await storage.db.select().from(pushSubscriptions)).length, 0);
    const ok = await send({ method: 'POST', url: '/citizen/benefits/push-subscriptions', json: { endpoint: 'https://fcm.googleapis.com/fcm/send/abc', expirationTime: null, keys }, headers: { 'x-csrf-token': token, accept: 'application/json' } });
    assert.equal(ok.statusCode, 201);
    assert.match((await send({ method: 'GET', url: '/citizen/benefits' })).body, /Browsers receiving notifications: 1\./);
    const removed = await send({ method: 'POST', url: '/citizen/benefits/push-subscriptions/remove', json: { endpoint: 'https://fcm.googleapis.com/fcm/send/abc' }, headers: { 'x-csrf-token': await csrf() } });
    assert.equal(removed.statusCode, 204);
    assert.equal((await storage.db.select().from(pushSubscriptions)).length, 0);
    assert.equal(await logged('push.unsubscribed'), 1);
  });

  it('the choices read in Estonian and Korean, and the push scripts are served as files', async () => {
    assert.match((await send({ method: 'GET', url: '/citizen/benefits?lang=et' })).body, /Kuidas sulle teada anname[\s\S]*Vaikne aeg alates/);
    assert.match((await send({ method: 'GET', url: '/citizen/benefits?lang=ko' })).body, /알림 받는 방법[\s\S]*방해 금지 시작/);
    const script = await send({ method: 'GET', url: '/citizen/benefits/push.js' });
    assert.match(String(script.headers['content-type']), /text\/javascript/);
    assert.match(script.body, /pushManager\.subscribe\(\{ userVisibleOnly: true, applicationServerKey/);
    const worker = await send({ method: 'GET', url: '/citizen/benefits/push-sw.js' });
    assert.match(worker.body, /showNotification/);
  });
});
