// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { openTestStorage, type Storage } from '@tessera/platform';
import { compileRules } from '../domain/engine/compile-rules.ts';
import { mixed, programme } from '../domain/engine/engine-fixture.ts';
import { ALL_PROGRAMMES } from '../domain/programmes/catalogue.ts';
import type { Graph } from '../domain/engine/graph.ts';
import type { InputValue } from '../domain/engine/case.ts';
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

/** Random households for any graph: each input it reads is, at random, absent or a plausible value. */
function householdsFor(graph: Graph) {
  const inputs = new Map([...graph.columns.values()].map((c) => [`${c.input.id}@${c.period}`, c]));
  const valueArb = (c: (typeof graph.columns extends ReadonlyMap<string, infer N> ? N : never)): fc.Arbitrary<InputValue> =>
    c.input.month ? month : c.type === 'boolean' ? fc.boolean() : c.input.id.includes('role') || c.input.id.includes('order') || c.input.id.includes('size') || c.input.id === 'region' || c.input.id === 'multiple_birth'
      ? fc.integer({ min: 1, max: 4 }) : fc.integer({ min: 0, max: 120 }).map((k) => k * 5_000_000 / (c.input.id.includes('monthly') || c.input.id.includes('reference') ? 100 : 1));
  const entityInputs = (entity: 'person' | 'household') => fc.record(Object.fromEntries([...inputs].filter(([, c]) => c.entity === entity).map(([k, c]) => [k, fc.option(valueArb(c), { nil: undefined })])));
  const toValues = (r: Record<string, InputValue | undefined>) => {
    const out: Record<string, Record<string, InputValue>> = {};
    for (const [k, v] of Object.entries(r)) {
      if (v === undefined) continue;
      const [id, period] = k.split('@') as [string, string];
      (out[id] ??= {})[period] = v;
    }
    return out;
  };
  return fc.array(fc.record({ inputs: entityInputs('household'), members: fc.array(entityInputs('person'), { maxLength: 5 }) }).map((h): HouseholdCase => ({
    inputs: toValues(h.inputs), members: h.members.map((m, i) => ({ id: `m${i}`, inputs: toValues(m) })),
  })), { maxLength: 8 });
}

describe('the three ways of running a graph agree', { timeout: 300_000 }, () => {
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
      { numRuns: 20, seed: 15 },
    );
  });

  it('gives the same answers for all the real programmes on random populations', async () => {
    const graph = compileRules(ALL_PROGRAMMES, '2026-03');
    await fc.assert(
      fc.asyncProperty(householdsFor(graph), fc.subarray([...CONSENT_TIERS]), async (cases, consents) => {
        const problems = await disagreements(graph, cases, { consents }, { db: (storage as Storage).db, workers });
        assert.deepEqual(problems, []);
      }),
      { numRuns: 8, seed: 2026 },
    );
  });
});
