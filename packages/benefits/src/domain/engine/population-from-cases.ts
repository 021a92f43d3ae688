// SPDX-License-Identifier: Apache-2.0
import type { EvaluationOptions, HouseholdCase } from './case.ts';
import type { Graph } from './graph.ts';
import { HOUSEHOLD, interpretCase } from './interpret-case.ts';
import type { Population } from './population.ts';

/**
 * Lays households out as columns: what the columnar and SQL runs read. Inputs under a consent
 * tier not granted stay unknown (NaN), exactly as the single-person evaluator treats them.
 */
export function populationFromCases(graph: Graph, cases: readonly HouseholdCase[], options: EvaluationOptions): Population {
  const persons = cases.reduce((n, c) => n + c.members.length, 0);
  const household = new Int32Array(persons);
  const columns = new Map<string, Float64Array>();
  for (const [name, node] of graph.columns) columns.set(name, new Float64Array(node.entity === 'person' ? persons : cases.length).fill(NaN));
  let p = 0;
  cases.forEach((c, h) => {
    const run = interpretCase(graph, c, options);
    for (const [name, node] of graph.columns) {
      const column = columns.get(name) as Float64Array;
      if (node.entity === 'household') column[h] = run.value(node.id, HOUSEHOLD);
      else c.members.forEach((_, m) => (column[p + m] = run.value(node.id, m)));
    }
    c.members.forEach((_, m) => (household[p + m] = h));
    p += c.members.length;
  });
  return { persons, households: cases.length, household, columns };
}
