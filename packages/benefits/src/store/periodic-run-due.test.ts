// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ManualClock, openTestStorage, transparencyMigrations, type Storage } from '@tessera/platform';
import { ALL_PROGRAMMES } from '../domain/programmes/catalogue.ts';
import { testAgencies } from '../testing/test-agencies.ts';
import { recordBenefitEvent, type BenefitsDeps } from './benefits-deps.ts';
import { benefitsMigrations } from './migrations.ts';
import { periodicRunDue } from './periodic-run-due.ts';
import { runPeriodicEvaluation } from './run-periodic-evaluation.ts';

const DAY = 86_400_000;
let storage: Storage;
before(async () => {
  storage = await openTestStorage();
  for (const m of [transparencyMigrations, benefitsMigrations]) await storage.migrate(m);
});
after(async () => storage?.close());

test('the periodic run is due until one completes, then not again until its period has passed, whichever process asks', async () => {
  const clock = new ManualClock('2026-03-10T09:00:00Z');
  const agencies = testAgencies({ people: {}, households: {} });
  const deps: BenefitsDeps = { db: storage.db, clock, agencies: agencies.port, intake: agencies.intake, pageUrl: 'http://localhost/citizen/benefits', programmes: ALL_PROGRAMMES };
  assert.equal(await periodicRunDue(deps, DAY), true, 'never run: due');
  // Another kind of event in the log does not count as a run.
  await storage.db.transaction((tx) => recordBenefitEvent(tx, clock, { type: 'life-event.processed', subject: '1', actor: 'benefits' }));
  assert.equal(await periodicRunDue(deps, DAY), true);
  await runPeriodicEvaluation(deps);
  clock.advance(DAY - 1);
  assert.equal(await periodicRunDue(deps, DAY), false, 'run within the period: not due');
  clock.advance(1);
  assert.equal(await periodicRunDue(deps, DAY), true, 'a whole period since: due again');
});
