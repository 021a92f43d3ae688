// SPDX-License-Identifier: Apache-2.0
import type { Database } from '@tessera/platform';
import { compileRules } from '../domain/engine/compile-rules.ts';
import { evaluatePerson } from '../domain/engine/evaluate-person.ts';
import { evaluatePopulation } from '../domain/engine/evaluate-population.ts';
import type { GraphNode } from '../domain/engine/graph.ts';
import { populationFromCases } from '../domain/engine/population-from-cases.ts';
import { PROGRAMMES } from '../domain/programmes/catalogue.ts';
import { ALL_TIERS, type ProgrammeTestCase } from '../domain/programmes/test-case.ts';
import { evaluateInSql } from './evaluate-in-sql.ts';
import { writePopulationTables } from './population-tables.ts';

export interface TestCaseResult {
  readonly name: string;
  readonly programme: string;
  readonly ok: boolean;
  readonly failures: readonly string[];
}

const shownNumber = (v: number, type: string): number | boolean | null => (Number.isNaN(v) ? null : type === 'boolean' ? v === 1 : v);
let run = 0;

/**
 * Runs declarative test cases: each person's answer against the expected values, and the same
 * household over columns and (given a database) in SQL, which must give the same values.
 */
export async function runProgrammeTests(cases: readonly ProgrammeTestCase[], deps: { db?: Database } = {}): Promise<TestCaseResult[]> {
  const results: TestCaseResult[] = [];
  for (const c of cases) {
    const failures: string[] = [];
    try {
      const graph = compileRules([PROGRAMMES[c.programme]], c.period);
      const consents = c.consents ?? ALL_TIERS;
      const answer = evaluatePerson(graph, c.household, { person: c.person, consents, variables: Object.keys(c.expect) });
      for (const o of answer.outcomes) {
        if (o.value !== c.expect[o.variable]) failures.push(`${o.variable}: expected ${String(c.expect[o.variable])}, got ${String(o.value)}`);
      }
      if (c.expectConsentsNeeded) {
        const named = new Set(answer.outcomes.flatMap((o) => o.consentsNeeded));
        for (const t of c.expectConsentsNeeded) if (!named.has(t)) failures.push(`the answer does not name the ${t} consent`);
      }
      const population = populationFromCases(graph, [c.household], { consents });
      const index = c.household.members.findIndex((m) => m.id === c.person);
      const ways: Array<[string, ReadonlyMap<string, Float64Array>]> = [['columns', evaluatePopulation(graph, population)]];
      if (deps.db) {
        const n = ++run;
        const tables = { person: `bt_person_${process.pid}_${n}`, household: `bt_household_${process.pid}_${n}` };
        await writePopulationTables(deps.db, graph, population, tables);
        ways.push(['SQL', await evaluateInSql(deps.db, graph, tables, population)]);
      }
      for (const [way, result] of ways) {
        for (const variable of Object.keys(c.expect)) {
          const node = graph.nodes[graph.variables.get(variable) as number] as GraphNode;
          const v = shownNumber((result.get(variable) as Float64Array)[node.entity === 'household' ? 0 : index] as number, node.type);
          if (v !== c.expect[variable]) failures.push(`${variable} (${way}): expected ${String(c.expect[variable])}, got ${String(v)}`);
        }
      }
    } catch (error) {
      failures.push(`error ${(error as { code?: string }).code ?? ''}: ${error instanceof Error ? error.message : String(error)}`);
    }
    results.push({ name: c.name, programme: c.programme, ok: failures.length === 0, failures });
  }
  return results;
}
