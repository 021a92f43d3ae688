// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { openTestStorage, type Storage } from '@tessera/platform';
import { compileRules } from '../domain/engine/compile-rules.ts';
import { mixed, programme } from '../domain/engine/engine-fixture.ts';
import type { HouseholdCase } from '../domain/engine/case.ts';
import { CONSENT_TIERS } from '../domain/engine/types.ts';
import { startPopulationWorkers, type PopulationWorkers } from '../runtime/population-workers.ts';
import { disagreements } from '../testing/agreement.ts';

const month = fc.tuple(fc.integer({ min: 1950, max: 2026 }), fc.integer({ min: 1, max: 12 })).map(([y, m]) => `${y}-${String(m).padStart(2, '0')}`);
const member = fc.record({
  birth: fc.option(month, { nil: undefined }),
  income: fc.option(fc.integer({ min: 0, max: 300 }), { nil: undefined }),
  flag: fc.option(fc.boolean(), { nil: undefined }),
});
const householdArb = fc.record({ rent: fc.option(fc.integer({ min: 0, max: 400 }), { nil: undefined }), members: fc.array(member, { maxLength: 4 }) }).map(
  (h, ): HouseholdCase => ({
    inputs: h.rent === undefined ? {} : { 't.rent': h.rent },
    members: h.members.map((m, i) => ({
      id: `m${i}`,
      inputs: { ...(m.birth ? { 't.birth': m.birth } : {}), ...(m.income === undefined ? {} : { 't.income': { '2025': m.income } }), ...(m.flag === undefined ? {} : { 't.flag': m.flag }) },
    })),
  }),
);

describe('the three ways of running a graph agree', { timeout: 120_000 }, () => {
  let storage: Storage | undefined;
  let workers: PopulationWorkers | undefined;
  before(async () => {
    storage = await openTestStorage();
    workers = startPopulationWorkers(2);
  });
  after(async () => {
    await workers?.close();
    await storage?.close();
  });

  it('gives the same value per person, over columns, on worker threads and in SQL, on random populations', async () => {
    const graph = compileRules([programme, mixed], '2026-01');
    await fc.assert(
      fc.asyncProperty(fc.array(householdArb, { maxLength: 12 }), fc.subarray([...CONSENT_TIERS]), async (cases, consents) => {
        const problems = await disagreements(graph, cases, { consents }, { db: (storage as Storage).db, workers });
        assert.deepEqual(problems, []);
      }),
      { numRuns: 30, seed: 15 },
    );
  });
});
