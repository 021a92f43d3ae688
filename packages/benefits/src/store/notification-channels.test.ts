// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { logEntries, mailMigrations, ManualClock, openTestStorage, outbox, transparencyMigrations, type Storage } from '@tessera/platform';
import { ALL_PROGRAMMES } from '../domain/programmes/catalogue.ts';
import { readPreferences } from '../domain/proactive/notification-preferences.ts';
import { generateVapidKeys, webPushSender } from '../http/web-push-sender.ts';
import { smsOperatorClient } from '../http/sms-operator-client.ts';
import { testAgencies } from '../testing/test-agencies.ts';
import { browserKeys, decryptWebPush, startTestPushService, startTestSmsOperator } from '../testing/test-push-service.ts';
import type { BenefitsDeps } from './benefits-deps.ts';
import { chooseConsent } from './choose-consent.ts';
import { deliverPendingNotifications } from './deliver-notifications.ts';
import { benefitsMigrations } from './migrations.ts';
import { reevaluatePerson } from './reevaluate-person.ts';
import { notifications, pushSubscriptions } from './schema.ts';
import { setNotificationPreferences } from './set-notification-preferences.ts';
import { subscribePush, unsubscribePush } from './subscribe-push.ts';

const ELDER = 'EE36101150003';
const SMS_TOKEN = 'operator-token-1';

describe('notifications by Web Push and SMS', { timeout: 120_000 }, () => {
  let storage: Storage;
  let clock: ManualClock;
  let deps: BenefitsDeps;
  let push: Awaited<ReturnType<typeof startTestPushService>>;
  let sms: Awaited<ReturnType<typeof startTestSmsOperator>>;
  const vapid = { subject: 'mailto:benefits@tessera.example', ...generateVapidKeys() };
  let browser: ReturnType<typeof browserKeys>;

  before(async () => {
    storage = await openTestStorage();
    for (const m of [transparencyMigrations, mailMigrations, benefitsMigrations]) await storage.migrate(m);
    push = await startTestPushService();
    sms = await startTestSmsOperator(SMS_TOKEN);
  });
  after(async () => {
    await push?.close();
    await sms?.close();
    await storage?.close();
  });
  beforeEach(async () => {
    await storage.db.execute('truncate benefits.notifications, benefits.push_subscriptions, benefits.notification_preferences, benefits.offers, benefits.fetched_data, benefits.household_members, benefits.consent_receipts, benefits.people, platform_mail.outbox cascade');
    await storage.db.delete(logEntries);
    push.received.length = 0;
    sms.received.length = 0;
    clock = new ManualClock('2026-05-10T03:00:00Z');
    const agencies = testAgencies({
      people: { [ELDER]: { household: 'h2', inputs: { household_role: 1, birth_month: '1961-04', earned_income_monthly: 0, other_income_monthly: 400_000, total_income: { 2025: 4_800_000 } } } },
      households: { h2: { region: 2, depopulating_area: false, newlywed: false, property_value: 80_000_000, monthly_rent: 0, homeowner: true, first_time_buyer: false } },
    });
    deps = {
      db: storage.db, clock, agencies: agencies.port, intake: agencies.intake, pageUrl: 'https://portal.example/citizen/benefits', programmes: ALL_PROGRAMMES,
      channels: { push: webPushSender({ vapid, pushServices: ['127.0.0.1'], agent: push.agent }), sms: smsOperatorClient({ url: sms.url, token: SMS_TOKEN }) },
    };
    browser = browserKeys();
    await chooseConsent(deps, { subject: ELDER, tier: 'extended', email: 'elder@example.org', locale: 'ko' });
  });

  const choose = (o: { channels: string[]; phone?: string; timeZone?: string; quietFrom?: string; quietUntil?: string }) =>
    setNotificationPreferences(deps, { subject: ELDER, preferences: readPreferences({ timeZone: 'Asia/Seoul', ...o }) });
  const subscribe = (id = 'browser-1') => subscribePush(deps, { subject: ELDER, subscription: { endpoint: push.endpoint(id), keys: browser.json } });
  const logged = async (type: string) => (await storage.db.select().from(logEntries).where(eq(logEntries.type, type))).length;

  it('the independent RFC 8291 decrypter opens the RFC\'s own example message (Appendix A)', () => {
    const b = (s: string) => Buffer.from(s, 'base64url');
    const message = b('DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN');
    const ua = { privateKey: b('q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94'), publicKey: b('BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4'), auth: b('BTBZMqHH6r4Tts7J_aSIgg') };
    assert.equal(decryptWebPush(message, ua).toString(), 'When I grow up, I want to be a watermelon');
    const tampered = Buffer.from(message);
    tampered[tampered.length - 1]! ^= 1;
    assert.throws(() => decryptWebPush(tampered, ua), 'a changed byte fails the AES-GCM tag');
  });

  it('a new entitlement reaches the browser as a VAPID-signed push only the subscription\'s keys decrypt, and the phone by SMS, after the commit', async () => {
    await subscribe();
    await choose({ channels: ['push', 'sms', 'email'], phone: '+82 10 1234 5678' });
    assert.equal(await logged('push.subscribed'), 1);
    assert.equal(await logged('notifications.preferences-changed'), 1);

    await reevaluatePerson(deps, ELDER, 'consent');
    assert.equal(push.received.length + sms.received.length, 0, 'nothing is sent while deciding: only queued in the transaction');
    assert.equal((await storage.db.select().from(notifications)).length, 2);

    assert.deepEqual(await deliverPendingNotifications(deps), { sent: 2, failed: 0, expired: 0, held: 0 });
    assert.equal(push.received.length, 1);
    const [message] = push.received;
    assert.equal(message!.headers['content-encoding'], 'aes128gcm');
    assert.equal(message!.headers.ttl, '86400');
    assert.match(String(message!.headers.topic), /^[A-Za-z0-9_-]{32}$/);
    assert.equal(message!.vapid.key, vapid.publicKey, 'signed with the service\'s VAPID key');
    assert.equal(message!.vapid.aud, push.origin);
    assert.equal(message!.vapid.sub, vapid.subject);
    assert.ok(message!.vapid.exp * 1000 <= Date.now() + 24 * 3_600_000, 'the VAPID token lives at most 24 hours (RFC 8292 §2)');
    assert.doesNotMatch(message!.body.toString('latin1'), /기초연금|Basic Pension|portal\.example/, 'the body on the wire is ciphertext');
    const payload = JSON.parse(decryptWebPush(message!.body, browser).toString('utf8'));
    assert.match(payload.title, /^받을 수 있는 복지 혜택 \d+건$/);
    assert.match(payload.body, /기초연금[^\n]*349,700/);
    assert.equal(payload.url, 'https://portal.example/citizen/benefits');
    assert.throws(() => decryptWebPush(message!.body, browserKeys()), 'another browser\'s keys do not open it');

    assert.equal(sms.received.length, 1);
    assert.equal(sms.received[0]!.body.to, '+821012345678');
    assert.match(sms.received[0]!.body.text, /복지 혜택[\s\S]*349,700[\s\S]*https:\/\/portal\.example\/citizen\/benefits/);
    assert.equal((await storage.db.select().from(outbox)).length, 1, 'and the e-mail, as chosen');

    await reevaluatePerson(deps, ELDER, 'periodic');
    assert.deepEqual(await deliverPendingNotifications(deps), { sent: 0, failed: 0, expired: 0, held: 0 }, 'an unchanged answer is not told again');
  });

  it('only the channels the person chose are used', async () => {
    await subscribe();
    await choose({ channels: ['sms'], phone: '+821012345678' });
    await reevaluatePerson(deps, ELDER, 'consent');
    await deliverPendingNotifications(deps);
    assert.equal(push.received.length, 0);
    assert.equal(sms.received.length, 1);
    assert.equal((await storage.db.select().from(outbox)).length, 0, 'no e-mail when e-mail is not chosen');
  });

  it('a notice due in quiet hours in the person\'s time zone is held and sent when they end', async () => {
    await subscribe();
    await choose({ channels: ['push', 'sms', 'email'], phone: '+821012345678', quietFrom: '22:00', quietUntil: '07:00' });
    clock.set('2026-05-10T14:30:00Z'); // 23:30 in Seoul
    await reevaluatePerson(deps, ELDER, 'consent');
    assert.deepEqual(await deliverPendingNotifications(deps), { sent: 0, failed: 0, expired: 0, held: 0 });
    const [mail] = await storage.db.select().from(outbox);
    assert.equal(mail!.nextAttemptAt.toISOString(), '2026-05-10T22:00:00.000Z', 'the e-mail waits for 07:00 in Seoul too');
    clock.set('2026-05-10T21:59:00Z');
    assert.equal((await deliverPendingNotifications(deps)).sent, 0);
    assert.equal(push.received.length + sms.received.length, 0);
    clock.set('2026-05-10T22:00:00Z');
    assert.equal((await deliverPendingNotifications(deps)).sent, 2);
  });

  it('quiet hours set after a notice was queued still hold it', async () => {
    await choose({ channels: ['sms'], phone: '+821012345678' });
    clock.set('2026-05-10T14:30:00Z');
    await reevaluatePerson(deps, ELDER, 'consent');
    await choose({ channels: ['sms'], phone: '+821012345678', quietFrom: '22:00', quietUntil: '07:00' });
    assert.deepEqual(await deliverPendingNotifications(deps), { sent: 0, failed: 0, expired: 0, held: 1 });
    const [n] = await storage.db.select().from(notifications);
    assert.equal(n!.nextAttemptAt.toISOString(), '2026-05-10T22:00:00.000Z');
    assert.equal(n!.attempts, 0, 'holding is not an attempt');
  });

  it('a subscription the push service says is gone (410) is removed with its log event', async () => {
    await subscribe('expired-1');
    await choose({ channels: ['push'] });
    push.answer('expired-1', 410);
    await reevaluatePerson(deps, ELDER, 'consent');
    assert.deepEqual(await deliverPendingNotifications(deps), { sent: 0, failed: 0, expired: 1, held: 0 });
    assert.equal((await storage.db.select().from(pushSubscriptions)).length, 0);
    assert.equal((await storage.db.select().from(notifications)).length, 0);
    assert.equal(await logged('push.subscription-expired'), 1);
  });

  it('a push service 404 removes the subscription too; another refusal is not retried', async () => {
    await subscribe('gone-404');
    await choose({ channels: ['push'] });
    push.answer('gone-404', 404);
    await reevaluatePerson(deps, ELDER, 'consent');
    assert.equal((await deliverPendingNotifications(deps)).expired, 1);
    browser = browserKeys();
    await subscribe('too-large');
    push.answer('too-large', 413);
    clock.advance(3_600_000);
    await storage.db.execute("truncate benefits.offers cascade");
    await reevaluatePerson(deps, ELDER, 'periodic');
    assert.deepEqual(await deliverPendingNotifications(deps), { sent: 0, failed: 1, expired: 0, held: 0 });
    const [n] = await storage.db.select().from(notifications);
    assert.ok(n!.failedAt, 'a 413 is final');
    assert.equal(n!.lastError, 'ERR_NOTIFICATION_UNDELIVERABLE');
  });

  it('an SMS the operator could not take is retried with backoff under the same idempotency key', async () => {
    await choose({ channels: ['sms'], phone: '+821012345678' });
    await reevaluatePerson(deps, ELDER, 'consent');
    sms.failNext(503);
    assert.deepEqual(await deliverPendingNotifications(deps), { sent: 0, failed: 1, expired: 0, held: 0 });
    assert.equal((await deliverPendingNotifications(deps)).sent, 0, 'not due before the backoff');
    clock.advance(30_000);
    assert.equal((await deliverPendingNotifications(deps)).sent, 1);
    assert.equal(sms.received.length, 2);
    assert.ok(sms.received[0]!.idempotencyKey);
    assert.equal(sms.received[0]!.idempotencyKey, sms.received[1]!.idempotencyKey);
    const [n] = await storage.db.select().from(notifications);
    assert.equal(n!.body, '', 'the text is not kept once sent');
    assert.equal(n!.phone, null);
  });

  it('bad choices and subscriptions are refused and change nothing', async () => {
    assert.throws(() => readPreferences({ channels: ['sms'], timeZone: 'Asia/Seoul' }), { code: 'ERR_NOTIFICATION_PREFERENCES_INVALID' });
    assert.throws(() => readPreferences({ channels: ['email'], timeZone: 'Mars/Olympus' }), { code: 'ERR_NOTIFICATION_PREFERENCES_INVALID' });
    assert.throws(() => readPreferences({ channels: ['email'], timeZone: 'UTC', quietFrom: '22:00' }), { code: 'ERR_NOTIFICATION_PREFERENCES_INVALID' });
    assert.throws(() => readPreferences({ channels: ['email'], timeZone: 'UTC', quietFrom: '25:00', quietUntil: '07:00' }), { code: 'ERR_NOTIFICATION_PREFERENCES_INVALID' });
    assert.throws(() => readPreferences({ channels: ['fax'], timeZone: 'UTC' }), { code: 'ERR_NOTIFICATION_PREFERENCES_INVALID' });
    const refused = async (subscription: { endpoint: string; keys: { p256dh: string; auth: string } }) =>
      assert.rejects(subscribePush(deps, { subject: ELDER, subscription }), { code: 'ERR_PUSH_SUBSCRIPTION_INVALID' });
    await refused({ endpoint: 'https://attacker.example/push/1', keys: browser.json });
    await refused({ endpoint: push.endpoint('x').replace('https:', 'http:'), keys: browser.json });
    await refused({ endpoint: push.endpoint('x'), keys: { ...browser.json, auth: Buffer.alloc(8).toString('base64url') } });
    const offCurve = Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 1)]).toString('base64url');
    await refused({ endpoint: push.endpoint('x'), keys: { ...browser.json, p256dh: offCurve } });
    assert.equal((await storage.db.select().from(pushSubscriptions)).length, 0);
    assert.equal(await logged('push.subscribed'), 0);
  });

  it('turning a channel off drops what waits on it; unsubscribing or withdrawing consent removes the subscription', async () => {
    await subscribe();
    await choose({ channels: ['push', 'sms'], phone: '+821012345678', quietFrom: '00:00', quietUntil: '23:59' });
    await reevaluatePerson(deps, ELDER, 'consent');
    assert.equal((await storage.db.select().from(notifications)).length, 2);
    await choose({ channels: ['push'] });
    assert.deepEqual((await storage.db.select().from(notifications)).map((n) => n.channel), ['push']);
    assert.equal(await unsubscribePush(deps, { subject: ELDER, endpoint: push.endpoint('browser-1') }), true);
    assert.equal((await storage.db.select().from(notifications)).length, 0);
    await subscribe();
    await chooseConsent(deps, { subject: ELDER, tier: null, locale: 'ko' });
    assert.equal((await storage.db.select().from(pushSubscriptions)).length, 0);
  });
});
