// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { outbox } from '@tessera/platform';
import { accessesOf } from '@tessera/exchange';
import { applyForOffer, chooseConsent, personOverview, processLifeEvents, reevaluatePerson, sendPendingApplications, type BenefitsDeps } from '@tessera/benefits';
import { benefitsDepsOf, startTestFederation } from './test-federation.ts';
import { clientId } from '../exchange/members.ts';

let federation: Awaited<ReturnType<typeof startTestFederation>>;
let deps: BenefitsDeps;
// A woman born in March 1991 (Estonian code), living in Seoul.
const PARENT = 'EE49103150221';

before(async () => {
  federation = await startTestFederation();
  deps = benefitsDepsOf(federation);
});
after(async () => {
  await federation?.dispose();
});

test('the agencies are asked over the exchange, each request in the person’s data tracker with its purpose', { timeout: 60_000 }, async () => {
  await chooseConsent(deps, { subject: PARENT, tier: 'extended', email: 'parent@example.org', locale: 'en' });
  const r = await reevaluatePerson(deps, PARENT, 'consent');
  assert.ok(r.answers.some((a) => a.programme === 'kr.basic-pension' && a.status === 'not-eligible'), 'a definite answer from the agencies’ data');
  const tracked = await accessesOf(federation.storage.db, PARENT, { offset: 0, size: 50 });
  const services = new Set(tracked.items.filter((a) => a.client === clientId('benefits')).map((a) => a.service.split('/').at(-1)));
  assert.deepEqual([...services].sort(), ['assessments', 'households', 'property']);
  assert.ok(tracked.items.every((a) => a.purpose === 'proactive benefits eligibility (consent)'));
});

test('a birth registered at the population register reaches the benefits service over the exchange; the parent is told of the family benefits and applies in one step', { timeout: 120_000 }, async () => {
  const { child } = await federation.registers.registerBirth(PARENT);
  // The register's report arrived over the exchange; the scheduled job may have taken it already.
  await processLifeEvents(deps);
  const offers = async () => (await personOverview(federation.storage.db, PARENT)).offers.filter((o) => o.beneficiary === child && o.status === 'eligible');
  // When the job took it, its evaluation (parents and child, over the exchange) may take a while on a busy machine.
  for (let i = 0; i < 300 && (await offers()).length < 3; i++) await new Promise((resolve) => setTimeout(resolve, 200));
  const found = await offers();
  assert.deepEqual(found.map((o) => o.programme).sort(), ['kr.child-allowance', 'kr.first-meeting-voucher', 'kr.parents-benefit']);
  const mails = await federation.storage.db.select().from(outbox).where(eq(outbox.to, 'parent@example.org'));
  assert.ok(mails.some((m) => /birth registered in your household/.test(m.text) && /First-meeting voucher/.test(m.text)), 'the notification names the reason and the programmes');
  const voucher = found.find((o) => o.programme === 'kr.first-meeting-voucher')!;
  await applyForOffer(deps, { subject: PARENT, offerId: voucher.id });
  await sendPendingApplications(deps);
  const sent = (await personOverview(federation.storage.db, PARENT)).applications;
  assert.equal(sent[0]?.status, 'sent');
  assert.match(sent[0]?.agencyReference ?? '', /^SKA-\d{4}-\d{6}$/);
  const tracked = await accessesOf(federation.storage.db, PARENT, { offset: 0, size: 100 });
  assert.ok(tracked.items.some((a) => a.purpose === 'one-step benefit application'));
  const childTracker = await accessesOf(federation.storage.db, child, { offset: 0, size: 50 });
  assert.ok(childTracker.items.some((a) => a.client === clientId('benefits') && a.service.endsWith('/households') && a.purpose === 'proactive benefits eligibility (birth)'), 'the child’s register facts were asked about the child, and show in the child’s data tracker');
});

test('withdrawing consent deletes what was fetched and stops further requests', { timeout: 60_000 }, async () => {
  await chooseConsent(deps, { subject: PARENT, tier: null, locale: 'en' });
  assert.equal((await personOverview(federation.storage.db, PARENT)).kept.length, 0);
  const before = (await accessesOf(federation.storage.db, PARENT, { offset: 0, size: 1 })).total;
  await assert.rejects(reevaluatePerson(deps, PARENT, 'periodic'), { code: 'ERR_CONSENT_REQUIRED' });
  assert.equal((await accessesOf(federation.storage.db, PARENT, { offset: 0, size: 1 })).total, before);
});
