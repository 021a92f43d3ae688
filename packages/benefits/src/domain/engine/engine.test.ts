// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileRules } from './compile-rules.ts';
import { and, defineParameter, defineVariable, div, ge, lookup, param, value, when } from './dsl.ts';
import { age, birth, poor, programme, size } from './engine-fixture.ts';
import { evaluatePerson, renderExplanation } from './evaluate-person.ts';
import { evaluatePopulation } from './evaluate-population.ts';
import { populationFromCases } from './population-from-cases.ts';
import type { Expr } from './types.ts';
import type { HouseholdCase } from './case.ts';

const family: HouseholdCase = {
  members: [
    { id: 'parent', inputs: { 't.birth': '1990-01', 't.income': { '2025': 150 } } },
    { id: 'child', inputs: { 't.birth': '2022-01' } },
  ],
};

describe('rules engine', () => {
  const graph = compileRules([programme], '2026-01');

  it('answers eligible with the amount when every input is known', () => {
    const r = evaluatePerson(graph, family, { person: 'child', consents: ['basic', 'extended'] });
    const e = r.outcomes.find((o) => o.variable === 't.eligible');
    assert.equal(e?.status, 'eligible');
    assert.deepEqual(e?.missing, []);
    assert.equal(r.outcomes.find((o) => o.variable === 't.amount')?.value, 50);
  });

  it('answers cannot tell yet and names the consent when income is not shared', () => {
    const r = evaluatePerson(graph, family, { person: 'child', consents: ['basic'] });
    const e = r.outcomes.find((o) => o.variable === 't.eligible');
    assert.equal(e?.status, 'cannot-tell');
    assert.deepEqual(e?.consentsNeeded, ['extended']);
    assert.deepEqual(e?.missing.map((m) => [m.input, m.period, m.holder]), [['t.income', '2025', 'parent']]);
    assert.equal(r.outcomes.find((o) => o.variable === 't.amount')?.value, null);
  });

  it('answers not eligible without the missing income when age alone decides it', () => {
    const r = evaluatePerson(graph, family, { person: 'parent', consents: ['basic'] });
    const e = r.outcomes.find((o) => o.variable === 't.eligible');
    assert.equal(e?.status, 'not-eligible');
    assert.deepEqual(e?.missing, []);
    assert.equal(r.outcomes.find((o) => o.variable === 't.amount')?.value, 0);
    // The explanation names the rule that decided it, not the unknown branch.
    assert.deepEqual(e?.explanation.because.map((b) => b.variable), ['t.age']);
  });

  it('treats an input that was not given as unknown, never as zero', () => {
    const r = evaluatePerson(graph, { members: [{ id: 'p', inputs: { 't.birth': '1990-01' } }, { id: 'c', inputs: { 't.birth': '2022-01' } }] }, { person: 'c', consents: ['basic', 'extended'] });
    const e = r.outcomes.find((o) => o.variable === 't.eligible');
    assert.equal(e?.status, 'cannot-tell');
    assert.deepEqual(e?.missing.map((m) => [m.input, m.holder, m.consent]), [['t.income', 'p', undefined]]);
  });

  it('explains with rules, inputs and parameters with their legal source', () => {
    const r = evaluatePerson(graph, family, { person: 'child', consents: ['basic', 'extended'], variables: ['t.eligible'] });
    const text = renderExplanation((r.outcomes[0] as { explanation: Parameters<typeof renderExplanation>[0] }).explanation);
    assert.match(text, /Test Act art\. 3/);
    assert.match(text, /Line by size = 100 \/ 160 \/ 200 KRW \(from 2025-01-01; Test Act art\. 1\)/);
    assert.match(text, /Birth month \[t\.birth 2026-01, child\] = 2022-01/);
  });

  it('runs the same graph over columns and agrees with the single-person answers', () => {
    const cases = [family, { members: [{ id: 'a', inputs: { 't.birth': '2020-05', 't.income': { '2025': 500 } } }] }, { members: [] }];
    const consents = ['basic', 'extended'] as const;
    const pop = populationFromCases(graph, cases, { consents });
    const result = evaluatePopulation(graph, pop);
    const amounts = result.get('t.amount') as Float64Array;
    let i = 0;
    for (const c of cases) for (const m of c.members) {
      const r = evaluatePerson(graph, c, { person: m.id, consents: [...consents] });
      const v = r.outcomes.find((o) => o.variable === 't.amount')?.value;
      assert.equal(Number.isNaN(amounts[i]) ? null : amounts[i], v);
      i++;
    }
    assert.equal((result.get('t.hh_size') as Float64Array)[2], 0);
  });
});

describe('the compiler refuses bad rules', () => {
  const bad = (formula: () => Expr<'person', 'boolean'>, entity: 'person' = 'person') =>
    ({ ...programme, eligible: defineVariable({ id: 'bad', entity, type: 'boolean', label: 'Bad', reference: '-', formula }) });

  it('refuses rules that depend on themselves', () => {
    const a: ReturnType<typeof defineVariable<'person', 'boolean'>> = defineVariable({ id: 'a', entity: 'person', type: 'boolean', label: 'A', reference: '-', formula: () => and(value(b), true) });
    const b = defineVariable({ id: 'b', entity: 'person', type: 'boolean', label: 'B', reference: '-', formula: () => value(a) });
    assert.throws(() => compileRules([{ ...programme, eligible: a }], '2026-01'), { code: 'ERR_RULE_CYCLE' });
  });

  it('refuses a number where a condition is needed', () => {
    assert.throws(() => compileRules([bad(() => and(value(age) as unknown as Expr<'person', 'boolean'>, true))], '2026-01'), { code: 'ERR_RULE_TYPE' });
    assert.throws(() => compileRules([bad(() => value(age) as unknown as Expr<'person', 'boolean'>)], '2026-01'), { code: 'ERR_RULE_TYPE' });
  });

  it('refuses a household value in a person rule without household()', () => {
    assert.throws(() => compileRules([bad(() => value(poor) as unknown as Expr<'person', 'boolean'>)], '2026-01'), { code: 'ERR_RULE_ENTITY' });
  });

  it('refuses a monthly value in a yearly rule', () => {
    const yearly = defineVariable({ id: 'y', entity: 'person', type: 'boolean', period: 'year', label: 'Y', reference: '-', formula: () => ge(value(birth), 0) });
    assert.throws(() => compileRules([{ ...programme, eligible: yearly }], '2026-01'), { code: 'ERR_RULE_PERIOD' });
  });

  it('refuses a period for which a parameter has no value', () => {
    assert.throws(() => compileRules([programme], '2024-12'), { code: 'ERR_PARAMETER_MISSING' });
  });

  it('refuses division by a value that is not a constant', () => {
    assert.throws(() => compileRules([bad(() => ge(div(1, value(age)), 0))], '2026-01'), { code: 'ERR_RULE_DIVISOR' });
  });

  it('refuses two rules under one id', () => {
    const twin = defineVariable({ id: 't.age', entity: 'person', type: 'boolean', label: 'Twin', reference: '-', formula: () => ge(value(birth), 0) });
    assert.throws(() => compileRules([programme, { ...programme, id: 'u', eligible: twin }], '2026-01'), { code: 'ERR_RULE_DUPLICATE' });
  });

  it('refuses a parameter of the wrong shape', () => {
    const notTable = defineParameter({ id: 'nt', label: 'x', unit: 'x', values: [{ from: '2020-01-01', value: 5, source: '-' }] });
    assert.throws(() => compileRules([bad(() => ge(lookup(notTable as never, 1), 0))], '2026-01'), { code: 'ERR_RULE_TYPE' });
    assert.throws(() => compileRules([bad(() => ge<'person'>(param(size as never), 0))], '2026-01'), { code: 'ERR_RULE_TYPE' });
  });

  it('refuses a malformed period', () => {
    assert.throws(() => compileRules([programme], '2026-13'), { code: 'ERR_PERIOD_INVALID' });
    void when;
  });
});
