// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileRules } from '../domain/engine/compile-rules.ts';
import { evaluatePopulation } from '../domain/engine/evaluate-population.ts';
import { programmeVariables } from '../domain/engine/graph.ts';
import { ALL_PROGRAMMES } from '../domain/programmes/catalogue.ts';
import { syntheticPopulation } from '../domain/population/synthetic-population.ts';
import { same } from './agreement.ts';
import { jsonLogicRunner, largestHousehold, publicodesRunner, type PeerResult } from './peer-engines.ts';

const graph = compileRules(ALL_PROGRAMMES, '2026-03');
const outputs = programmeVariables(ALL_PROGRAMMES).map((v) => graph.variables.get(v.id)!);
const population = syntheticPopulation(graph, { persons: 1_500, seed: 7 });

function disagreements(peer: PeerResult, ours = evaluatePopulation(graph, population)): string[] {
  const out: string[] = [];
  for (const v of programmeVariables(ALL_PROGRAMMES)) {
    const mine = ours.get(v.id)!;
    const theirs = peer.get(graph.variables.get(v.id)!)!;
    for (let i = 0; i < theirs.length; i++) if (!same(mine[i]!, theirs[i]!)) out.push(`${v.id}[${i}]: ours ${mine[i]}, theirs ${theirs[i]}`);
  }
  return out;
}

test('json-logic-js, given the rules translated node by node, answers as our kernel does for every programme, person and household (unknowns included)', () => {
  const result = jsonLogicRunner(graph, outputs).evaluate(population);
  assert.deepEqual(disagreements(result).slice(0, 10), []);
});

test('publicodes, given the rules translated node by node, answers as our kernel does for every programme, person and household (unknowns included)', () => {
  // publicodes costs milliseconds a person, so it answers for the first few hundred people.
  const few = syntheticPopulation(graph, { persons: 300, seed: 7 });
  const result = publicodesRunner(graph, outputs, largestHousehold(few)).evaluate(few);
  assert.deepEqual(disagreements(result, evaluatePopulation(graph, few)).slice(0, 10), []);
});

test('a peer translation that drops a rule is caught by the comparison', () => {
  const result = jsonLogicRunner(graph, outputs).evaluate(population);
  const pension = graph.variables.get('basic_pension.amount') ?? outputs[1]!;
  const column = result.get(pension)!;
  const i = column.findIndex((x) => x > 0);
  assert.ok(i >= 0, 'someone gets an amount');
  column[i] = 0;
  assert.ok(disagreements(result).length >= 1);
});
