// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { logEntries, mailMigrations, ManualClock, openTestStorage, outbox, transparencyMigrations, type Storage } from '@tessera/platform';
import { ALL_PROGRAMMES } from '../domain/programmes/catalogue.ts';
import { testAgencies } from '../testing/test-agencies.ts';
import { applyForOffer, sendPendingApplications } from './apply-for-offer.ts';
import type { BenefitsDeps } from './benefits-deps.ts';
import { chooseConsent } from './choose-consent.ts';
import { declareHousePrice } from './declare-house-price.ts';
import { processLifeEvents, recordLifeEvent } from './life-events.ts';
import { benefitsMigrations } from './migrations.ts';
import { personOverview } from './person-overview.ts';
import { reevaluatePerson } from './reevaluate-person.ts';
import { runPeriodicEvaluation } from './run-periodic-evaluation.ts';
import { fetchedData, offers } from './schema.ts';

const PARENT = 'EE49001010001';
const SPOUSE = 'EE39002020002';
const ELDER = 'EE36101150003';

describe('proactive benefits', { timeout: 120_000 }, () => {
  let storage: Storage;
  let clock: ManualClock;
  let agencies: ReturnType<typeof testAgencies>;
  let deps: BenefitsDeps;
  before(async () => {
    storage = await openTestStorage();
    for (const m of [transparencyMigrations, mailMigrations, benefitsMigrations]) await storage.migrate(m);
  });
  after(async () => storage?.close());
  beforeEach(async () => {
    await storage.db.execute('truncate benefits.applications, benefits.offers, benefits.fetched_data, benefits.household_members, benefits.consent_receipts, benefits.life_events, benefits.people, platform_mail.outbox cascade');
    await storage.db.delete(logEntries);
    clock = new ManualClock('2026-03-10T09:00:00Z');
    agencies = testAgencies({
      people: {
        [PARENT]: { household: 'h1', inputs: { household_role: 1, birth_month: '1990-01', earned_income_monthly: 3_000_000, other_income_monthly: 0, total_income: { 2025: 36_000_000 } } },
        [SPOUSE]: { household: 'h1', inputs: { household_role: 2, birth_month: '1990-02', earned_income_monthly: 2_000_000, other_income_monthly: 0, total_income: { 2025: 24_000_000 } } },
        [ELDER]: { household: 'h2', inputs: { household_role: 1, birth_month: '1961-04', earned_income_monthly: 0, other_income_monthly: 400_000, total_income: { 2025: 4_800_000 } } },
      },
      households: {
        h1: { region: 1, depopulating_area: false, newlywed: true, property_value: 150_000_000, monthly_rent: 0, homeowner: false, first_time_buyer: true },
        h2: { region: 2, depopulating_area: false, newlywed: false, property_value: 80_000_000, monthly_rent: 0, homeowner: true, first_time_buyer: false },
      },
    });
    deps = { db: storage.db, clock, agencies: agencies.port, intake: agencies.intake, pageUrl: 'https://portal.example/citizen/benefits', programmes: ALL_PROGRAMMES };
  });

  const offer = async (programme: string, beneficiary: string) => (await personOverview(storage.db, PARENT)).offers.find((o) => o.programme === programme && o.beneficiary === beneficiary);
  const logged = async (type: string) => (await storage.db.select().from(logEntries).where(eq(logEntries.type, type))).length;

  it('nothing is fetched or evaluated for a person who has not opted in', async () => {
    await assert.rejects(reevaluatePerson(deps, PARENT, 'consent'), { code: 'ERR_CONSENT_REQUIRED' });
    assert.equal(agencies.requests.length, 0);
  });

  it('with basic consent only basic inputs are asked for, and income rules answer "cannot tell" naming the extended consent', async () => {
    await chooseConsent(deps, { subject: ELDER, tier: 'basic', email: 'elder@example.org', locale: 'ko' });
    clock.set('2026-05-10T09:00:00Z');
    const r = await reevaluatePerson(deps, ELDER, 'consent');
    assert.ok(agencies.requests.every((q) => q.source === 'population-register'), 'the tax board and property register are not asked');
    assert.ok(agencies.requests.every((q) => !q.inputs.includes('earned_income_monthly') && !q.inputs.includes('property_value')));
    const pension = r.answers.find((a) => a.programme === 'kr.basic-pension')!;
    assert.equal(pension.status, 'cannot-tell');
    assert.deepEqual(pension.consentsNeeded, ['extended']);
    assert.ok(agencies.requests.every((q) => q.purpose.includes('proactive benefits')), 'every request declares its purpose');
  });

  it('extended consent gives a definite answer and the amount, and the person is notified once in their language', async () => {
    await chooseConsent(deps, { subject: ELDER, tier: 'extended', email: 'elder@example.org', locale: 'ko' });
    clock.set('2026-05-10T09:00:00Z');
    const first = await reevaluatePerson(deps, ELDER, 'consent');
    const pension = first.answers.find((a) => a.programme === 'kr.basic-pension')!;
    assert.equal(pension.status, 'eligible');
    assert.equal(pension.amount, 349_700);
    assert.ok(first.became.includes(`kr.basic-pension/${ELDER}`));
    await reevaluatePerson(deps, ELDER, 'periodic');
    const mails = await storage.db.select().from(outbox);
    assert.equal(mails.length, 1, 'an unchanged answer is not notified again');
    assert.match(mails[0]!.subject, /복지 혜택/);
    assert.match(mails[0]!.text, /기초연금[\s\S]*349,700/);
  });

  it('a birth registered re-evaluates only the affected parents, who are told of the child allowance, parents’ benefit and first-meeting voucher', async () => {
    await chooseConsent(deps, { subject: PARENT, tier: 'extended', email: 'parent@example.org', locale: 'en' });
    await chooseConsent(deps, { subject: ELDER, tier: 'basic', locale: 'en' });
    await reevaluatePerson(deps, PARENT, 'consent');
    await storage.db.delete(outbox);
    agencies.requests.length = 0;
    const CHILD = 'EE60603100004';
    Object.assign(agencies.people, { [CHILD]: { household: 'h1', inputs: { household_role: 3, birth_month: '2026-03', birth_order: 1, multiple_birth: 1 } } });
    await recordLifeEvent(deps, { type: 'birth', subjects: [PARENT, SPOUSE, CHILD], reportedBy: 'population-register' });
    const processed = await processLifeEvents(deps);
    assert.deepEqual(processed, { events: 1, evaluated: 1, failed: 0 });
    assert.ok(agencies.requests.every((q) => q.subject !== ELDER), 'people outside the household are not asked about');
    for (const [programme, amount] of [['kr.child-allowance', 100_000], ['kr.parents-benefit', 1_000_000], ['kr.first-meeting-voucher', 2_000_000]] as const) {
      const o = await offer(programme, CHILD);
      assert.equal(o?.status, 'eligible', programme);
      assert.equal(o?.amount, amount, programme);
      assert.ok(o?.notifiedAt, 'shown in the inbox as notified');
    }
    const [mail] = await storage.db.select().from(outbox);
    assert.match(mail!.text, /birth registered in your household/);
    assert.match(mail!.text, /Child allowance[\s\S]*Parents' benefit[\s\S]*First-meeting voucher/);
    assert.match(mail!.text, /https:\/\/portal\.example\/citizen\/benefits/);
    assert.match(mail!.text, /for your child born March 2026/);
    assert.ok(!mail!.text.includes(CHILD), 'the e-mail names the child by relation, not by identification code');
    assert.equal(await logged('life-event.processed'), 1);
  });

  it('lowering the tier deletes what was fetched under the higher one; withdrawing deletes everything and stops further use', async () => {
    await chooseConsent(deps, { subject: PARENT, tier: 'financial', email: 'parent@example.org', locale: 'en' });
    await declareHousePrice(deps, { subject: PARENT, price: 400_000_000 });
    const r = await reevaluatePerson(deps, PARENT, 'consent');
    const loan = r.answers.find((a) => a.programme === 'kr.didimdol')!;
    assert.equal(loan.status, 'eligible');
    assert.ok((loan.amount ?? 0) > 0, 'the person learns how much they could borrow');
    const tiers = async () => [...new Set((await storage.db.select().from(fetchedData)).map((f) => f.tier))].sort();
    assert.deepEqual(await tiers(), ['basic', 'extended', 'financial']);
    clock.advance(60_000);
    await chooseConsent(deps, { subject: PARENT, tier: 'basic', locale: 'en' });
    assert.deepEqual(await tiers(), ['basic']);
    clock.advance(60_000);
    const receipt = await chooseConsent(deps, { subject: PARENT, tier: null, locale: 'en' });
    assert.deepEqual(await tiers(), []);
    assert.equal(receipt.toTier, null);
    assert.match(receipt.leafHash, /^[0-9a-f]{64}$/);
    await assert.rejects(reevaluatePerson(deps, PARENT, 'periodic'), { code: 'ERR_CONSENT_REQUIRED' });
    const overview = await personOverview(storage.db, PARENT);
    assert.deepEqual(overview.receipts.map((r) => r.toTier), [null, 'basic', 'financial']);
    assert.ok(overview.offers.every((o) => o.status !== 'eligible'));
    assert.equal(await logged('consent.withdrawn'), 1);
  });

  it('an agency answering with more than it was asked for is refused and nothing of it is kept', async () => {
    await chooseConsent(deps, { subject: PARENT, tier: 'basic', locale: 'en' });
    const leaky = { ...deps, agencies: { fetch: async () => ({ residence: 'KR', members: [{ subject: PARENT, inputs: { household_role: 1, birth_month: '1990-01', earned_income_monthly: 1 } }] }) } };
    await assert.rejects(reevaluatePerson(leaky, PARENT, 'consent'), { code: 'ERR_AGENCY_ANSWER_INVALID' });
    assert.equal((await storage.db.select().from(fetchedData)).length, 0);
  });

  it('one-step application: recorded with its log event, sent to the agency after commit, a failed send stays pending and is retried', async () => {
    await chooseConsent(deps, { subject: ELDER, tier: 'extended', email: 'elder@example.org', locale: 'en' });
    clock.set('2026-05-10T09:00:00Z');
    await reevaluatePerson(deps, ELDER, 'consent');
    const [pension] = await storage.db.select().from(offers).where(eq(offers.programme, 'kr.basic-pension'));
    const [notEligible] = (await storage.db.select().from(offers)).filter((o) => o.status !== 'eligible');
    await assert.rejects(applyForOffer(deps, { subject: ELDER, offerId: notEligible!.id }), { code: 'ERR_OFFER_NOT_ELIGIBLE' });
    await assert.rejects(applyForOffer(deps, { subject: PARENT, offerId: pension!.id }), { code: 'ERR_CONSENT_REQUIRED' });
    const applied = await applyForOffer(deps, { subject: ELDER, offerId: pension!.id });
    await assert.rejects(applyForOffer(deps, { subject: ELDER, offerId: pension!.id }), { code: 'ERR_APPLICATION_EXISTS' });
    agencies.intake.failing = true;
    assert.deepEqual(await sendPendingApplications(deps), { sent: 0, failed: 1 });
    agencies.intake.failing = false;
    assert.deepEqual(await sendPendingApplications(deps), { sent: 1, failed: 0 });
    assert.equal(agencies.sent[0]?.reference, applied.reference);
    assert.equal(agencies.sent[0]?.applicant, ELDER);
    assert.equal(agencies.sent[0]?.prefilled.amount, 349_700);
    const overview = await personOverview(storage.db, ELDER);
    assert.equal(overview.applications[0]?.status, 'sent');
    assert.equal(overview.applications[0]?.agencyReference, 'AG-1');
    assert.equal(await logged('application.sent'), 1);
  });

  it('the periodic run finds a person turning 65 and reports who became eligible', async () => {
    await chooseConsent(deps, { subject: ELDER, tier: 'extended', locale: 'en' });
    clock.set('2026-03-10T09:00:00Z');
    const before65 = await runPeriodicEvaluation(deps);
    assert.equal(before65.became['kr.basic-pension'], undefined);
    clock.set('2026-05-02T09:00:00Z');
    const after65 = await runPeriodicEvaluation(deps);
    assert.equal(after65.evaluated, 1);
    assert.equal(after65.became['kr.basic-pension'], 1);
    assert.equal(await logged('periodic-run.completed'), 2);
  });

  it('a life event naming someone with a malformed code is refused and nothing is recorded', async () => {
    await assert.rejects(recordLifeEvent(deps, { type: 'birth', subjects: ['EE1', 'not a code'], reportedBy: 'population-register' }), { code: 'ERR_VALIDATION' });
    assert.equal(await logged('life-event.recorded'), 0);
  });
});

