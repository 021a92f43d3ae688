// SPDX-License-Identifier: Apache-2.0
// Runs one graph the three ways over the same households and lists every disagreement.
import type { Database } from '@tessera/platform';
import type { EvaluationOptions, HouseholdCase } from '../domain/engine/case.ts';
import type { Graph, GraphNode } from '../domain/engine/graph.ts';
import { HOUSEHOLD, interpretCase } from '../domain/engine/interpret-case.ts';
import { evaluatePopulation } from '../domain/engine/evaluate-population.ts';
import { populationFromCases } from '../domain/engine/population-from-cases.ts';
import { writePopulationTables } from '../store/population-tables.ts';
import { evaluateInSql } from '../store/evaluate-in-sql.ts';
import type { PopulationWorkers } from '../runtime/population-workers.ts';

let tableSeq = 0;

/** Equal as the engine means it: both unknown, or the same number (sums of fractions to 1e-9). */
export const same = (a: number, b: number): boolean =>
  (Number.isNaN(a) && Number.isNaN(b)) || a === b || (Number.isFinite(a) && Number.isFinite(b) && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a)));

export async function disagreements(graph: Graph, cases: readonly HouseholdCase[], options: EvaluationOptions, deps: { db: Database; workers?: PopulationWorkers }): Promise<string[]> {
  const population = populationFromCases(graph, cases, options);
  const columnar = evaluatePopulation(graph, population);
  const threaded = deps.workers ? await deps.workers.evaluate(graph, population) : undefined;
  const n = ++tableSeq;
  const tables = { person: `agree_person_${process.pid}_${n}`, household: `agree_household_${process.pid}_${n}` };
  await writePopulationTables(deps.db, graph, population, tables);
  const inSql = await evaluateInSql(deps.db, graph, tables, population);
  const problems: string[] = [];
  let p = 0;
  cases.forEach((c, h) => {
    const run = interpretCase(graph, c, options);
    for (const [id, node] of graph.variables) {
      const entity = (graph.nodes[node] as GraphNode).entity;
      const holders = entity === 'household' ? [[HOUSEHOLD, h]] : c.members.map((_, m) => [m, p + m]);
      for (const [holder, row] of holders as Array<[number, number]>) {
        const one = run.value(node, holder);
        const others = { columnar: columnar.get(id)?.[row], threads: threaded?.get(id)?.[row], sql: inSql.get(id)?.[row] };
        for (const [way, v] of Object.entries(others)) {
          if (way === 'threads' && !threaded) continue;
          if (!same(one, v as number)) problems.push(`${id} household ${h} holder ${holder}: person=${one} ${way}=${v}`);
        }
      }
    }
    p += c.members.length;
  });
  return problems;
}
