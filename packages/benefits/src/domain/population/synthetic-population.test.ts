// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileRules } from '../engine/compile-rules.ts';
import { checkPopulation } from '../engine/population.ts';
import { ALL_PROGRAMMES } from '../programmes/catalogue.ts';
import { syntheticPopulation } from './synthetic-population.ts';

describe('synthetic population', () => {
  const graph = compileRules(ALL_PROGRAMMES, '2026-03');

  it('is the same for the same seed and different for another, grouped by household as the runners need', () => {
    const a = syntheticPopulation(graph, { persons: 20_000, seed: 7 });
    const b = syntheticPopulation(graph, { persons: 20_000, seed: 7 });
    const c = syntheticPopulation(graph, { persons: 20_000, seed: 8 });
    checkPopulation(graph, a);
    const income = [...graph.columns.keys()].find((k) => k.startsWith('earned_income_monthly@'))!;
    assert.deepEqual(a.columns.get(income), b.columns.get(income));
    assert.notDeepEqual(a.columns.get(income), c.columns.get(income));
  });

  it('has realistic shapes: about a third of households live alone, about a fifth of people are 65 or older, earnings centre near 3 million KRW', () => {
    const p = syntheticPopulation(graph, { persons: 100_000, seed: 1 });
    const sizes = new Map<number, number>();
    for (let i = 0; i < p.persons; i++) sizes.set(p.household[i]!, (sizes.get(p.household[i]!) ?? 0) + 1);
    const alone = [...sizes.values()].filter((n) => n === 1).length / p.households;
    assert.ok(alone > 0.3 && alone < 0.42, `one-person households ${alone}`);
    const birth = p.columns.get([...graph.columns.keys()].find((k) => k.startsWith('birth_month@'))!)!;
    let old = 0;
    for (const b of birth) if (graph.monthIndex - b >= 65 * 12) old++;
    assert.ok(old / p.persons > 0.12 && old / p.persons < 0.3, `65 or older ${old / p.persons}`);
    const earned = [...p.columns.get([...graph.columns.keys()].find((k) => k.startsWith('earned_income_monthly@'))!)!].filter((v) => v > 0).sort((x, y) => x - y);
    const median = earned[earned.length >> 1]!;
    assert.ok(median > 2_400_000 && median < 3_600_000, `median earnings ${median}`);
  });

  it('gives youth rent support and parental benefit people to find: young adults live apart from their parents, a parent of a baby is on leave', () => {
    const p = syntheticPopulation(graph, { persons: 100_000, seed: 1 });
    const column = (id: string) => p.columns.get([...graph.columns.keys()].find((k) => k.startsWith(`${id}@`))!)!;
    const birth = column('birth_month'), apart = column('lives_apart_from_parents'), role = column('household_role');
    const parentsIncome = column('parents_household_income_monthly'), leave = column('on_parental_leave'), reference = column('parental_reference_income');
    let young = 0, youngApart = 0, onLeave = 0;
    for (let i = 0; i < p.persons; i++) {
      const age = Math.floor((graph.monthIndex - birth[i]!) / 12);
      if (role[i] !== 3 && age >= 19 && age <= 34) {
        young++;
        if (apart[i] === 1 && parentsIncome[i]! > 0) youngApart++;
      }
      if (leave[i] === 1) {
        onLeave++;
        assert.ok(reference[i]! > 0, 'a parent on leave has a reference income');
      } else assert.ok(Number.isNaN(reference[i]!), 'nobody else has one: it is not silently zero');
    }
    assert.ok(young > 0 && youngApart === young, `young adults apart ${youngApart} of ${young}`);
    assert.ok(onLeave > 100, `parents on leave ${onLeave}`);
  });
});
