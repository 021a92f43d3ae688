// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { accessesOf } from '@tessera/exchange';
import { personOverview, processLifeEvents, type BenefitsDeps } from '@tessera/benefits';
import { benefitsDepsOf, startTestFederation } from '../benefits/test-federation.ts';
import { clientId } from '../exchange/members.ts';
import { DEMO_BENEFIT_PEOPLE, loadBenefitsDemo } from './benefits-world.ts';

let federation: Awaited<ReturnType<typeof startTestFederation>>;
let deps: BenefitsDeps;

before(async () => {
  federation = await startTestFederation();
  deps = benefitsDepsOf(federation);
});
after(async () => {
  await federation?.dispose();
});

test('the demo’s people opt in at once; their evaluation over the exchange puts offers in their inboxes; a second load changes nothing', { timeout: 120_000 }, async () => {
  assert.deepEqual(await loadBenefitsDemo(deps), { people: DEMO_BENEFIT_PEOPLE.length, loaded: true });
  for (const p of DEMO_BENEFIT_PEOPLE) assert.equal((await personOverview(deps.db, p.subject)).person?.tier, p.tier, `${p.name} opted in`);
  // The tax board's assessments are a life event, evaluated by the service's job (here taken at once).
  const run = await processLifeEvents(deps);
  assert.deepEqual({ events: run.events, failed: run.failed }, { events: 1, failed: 0 });
  let inboxes = 0;
  for (const p of DEMO_BENEFIT_PEOPLE) {
    const overview = await personOverview(deps.db, p.subject);
    assert.ok(overview.offers.length > 0, `${p.name} was evaluated`);
    // The inbox lists the eligible offers the person was told about.
    if (overview.offers.some((o) => o.status === 'eligible' && o.notifiedAt !== null)) inboxes++;
    const tracked = await accessesOf(deps.db, p.subject, { offset: 0, size: 50 });
    assert.ok(tracked.items.some((a) => a.client === clientId('benefits') && a.purpose === 'proactive benefits eligibility (income-assessment)'), `${p.name}'s data tracker shows the benefits service's request`);
  }
  assert.ok(inboxes >= DEMO_BENEFIT_PEOPLE.length / 2, `most demo people have offers in their inbox (${inboxes})`);
  assert.deepEqual(await loadBenefitsDemo(deps), { people: DEMO_BENEFIT_PEOPLE.length, loaded: false });
  assert.equal((await processLifeEvents(deps)).events, 0);
});
