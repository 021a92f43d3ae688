// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildColumnarKernel } from '../domain/engine/columnar-kernel.ts';
import { compileRules } from '../domain/engine/compile-rules.ts';
import { defineInput, defineVariable, gt, value } from '../domain/engine/dsl.ts';
import { evaluatePopulation } from '../domain/engine/evaluate-population.ts';
import { programmeVariables } from '../domain/engine/graph.ts';
import type { Programme } from '../domain/engine/types.ts';
import { ALL_PROGRAMMES } from '../domain/programmes/catalogue.ts';
import { syntheticPopulation } from '../domain/population/synthetic-population.ts';
import { startPopulationWorkers, type PopulationWorkers } from './population-workers.ts';

// The generator models every input the real programmes read, so one more reads an input it does
// not: its answers stay unknown, and the chunks must count those too.
const unmodelled = defineInput({ id: 'test_unmodelled_score', entity: 'person', type: 'number', period: 'month', consent: 'basic', source: 'population-register', label: 'An input the generator does not model' });
const probe: Programme = { id: 'test.probe', name: 'Probe', jurisdiction: 'KR', currency: 'KRW', year: 2026, agency: 'Test', sources: ['test'],
  eligible: defineVariable({ id: 'test.probe.eligible', entity: 'person', type: 'boolean', label: 'Probe: eligible', reference: 'test', formula: () => gt(value(unmodelled), 0) }) };
const programmes = [...ALL_PROGRAMMES, probe];
const graph = compileRules(programmes, '2026-03');
const ids = programmeVariables(programmes).map((v) => v.id);
const outputs = ids.map((id) => graph.variables.get(id)!);
const kernel = buildColumnarKernel(graph, outputs);

/** What the same chunks give when each is made by `syntheticPopulation` and run on this thread. */
function expected(persons: number, chunk: number, seed: number) {
  const totals = ids.map(() => ({ ones: 0, unknown: 0, sum: 0 }));
  let households = 0;
  for (let k = 0; k * chunk < persons; k++) {
    const population = syntheticPopulation(graph, { persons: Math.min(chunk, persons - k * chunk), seed: seed + k });
    households += population.households;
    const result = evaluatePopulation(graph, population, kernel);
    ids.forEach((id, i) => {
      for (const v of result.get(id)!) {
        if (Number.isNaN(v)) totals[i]!.unknown++;
        else {
          totals[i]!.sum += v;
          if (v === 1) totals[i]!.ones++;
        }
      }
    });
  }
  return { households, totals };
}

describe('a synthetic population generated and evaluated inside the workers', { timeout: 120_000 }, () => {
  let workers: PopulationWorkers | undefined;
  before(() => {
    workers = startPopulationWorkers(2);
  });
  after(() => workers?.close());

  it('sums to what the same people give on one thread, although each worker reuses its buffers for chunks of different sizes', async () => {
    // Chunks of 9 000, 9 000, 9 000 and 3 500 people: a smaller chunk after bigger ones in the
    // same buffers would show a previous chunk's values if the kernel read anything it did not write.
    const o = { persons: 30_500, chunk: 9_000, seed: 40 };
    const run = await workers!.evaluateSynthetic(graph, kernel, { ...o, outputs });
    const want = expected(o.persons, o.chunk, o.seed);
    assert.equal(run.chunks, 4);
    assert.equal(run.households, want.households);
    run.outputs.forEach((got, i) => {
      const w = want.totals[i]!;
      assert.equal(got.node, outputs[i]);
      assert.equal(got.ones, w.ones, ids[i]);
      assert.equal(got.unknown, w.unknown, ids[i]);
      // Chunk totals are added in the order the workers finish: equal up to rounding.
      assert.ok(Math.abs(got.sum - w.sum) <= 1e-9 * Math.max(1, Math.abs(w.sum)), `${ids[i]}: ${got.sum} vs ${w.sum}`);
    });
    assert.ok(run.outputs.some((x) => x.ones > 0) && run.outputs.some((x) => x.unknown > 0), 'the population has eligible people and unknowns');
  });

  it('gives the same totals on one worker as on two, and a different population for another seed', async () => {
    const o = { persons: 12_000, chunk: 5_000, seed: 7, outputs };
    const one = startPopulationWorkers(1);
    try {
      const a = await one.evaluateSynthetic(graph, kernel, o);
      const b = await workers!.evaluateSynthetic(graph, kernel, o);
      assert.deepEqual(a.outputs.map((x) => [x.ones, x.unknown]), b.outputs.map((x) => [x.ones, x.unknown]));
      const c = await workers!.evaluateSynthetic(graph, kernel, { ...o, seed: 8 });
      assert.notDeepEqual(c.outputs.map((x) => x.sum), b.outputs.map((x) => x.sum));
    } finally {
      await one.close();
    }
  });
});
