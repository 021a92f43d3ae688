// SPDX-License-Identifier: Apache-2.0
import { sql } from 'drizzle-orm';
import type { Database } from '@tessera/platform';
import type { Graph } from '../domain/engine/graph.ts';
import type { PopulationResult } from '../domain/engine/population.ts';
import { graphToSql, type SqlTables } from '../domain/engine/to-sql.ts';

const toNumber = (v: unknown): number => (v === null || v === undefined ? NaN : typeof v === 'boolean' ? (v ? 1 : 0) : Number(v));

/**
 * Evaluates the graph inside PostgreSQL (server or PGlite) over population tables; ids are the
 * row positions (0…n−1) so the results line up with the columnar runner's arrays.
 */
export async function evaluateInSql(db: Database, graph: Graph, tables: SqlTables, counts: { persons: number; households: number }): Promise<PopulationResult> {
  const q = graphToSql(graph, tables);
  const out = new Map<string, Float64Array>();
  const read = async (text: string, variables: string[], length: number) => {
    const arrays = variables.map(() => new Float64Array(length).fill(NaN));
    // A server's JIT spends minutes compiling the graph's wide expressions (the query itself takes
    // milliseconds): switch it off for this transaction only, where the server has JIT at all.
    const result = (await db.transaction(async (tx) => {
      await tx.execute(sql.raw("SELECT set_config('jit', 'off', true) WHERE current_setting('jit', true) IS NOT NULL"));
      return tx.execute(sql.raw(text));
    })) as unknown as { rows: Array<Record<string, unknown>> };
    for (const row of result.rows) {
      const i = Number(row.id);
      variables.forEach((v, k) => ((arrays[k] as Float64Array)[i] = toNumber(row[v])));
    }
    variables.forEach((v, k) => out.set(v, arrays[k] as Float64Array));
  };
  await read(q.persons, q.personVariables, counts.persons);
  await read(q.households, q.householdVariables, counts.households);
  return out;
}
