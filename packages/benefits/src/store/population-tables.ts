// SPDX-License-Identifier: Apache-2.0
import { sql } from 'drizzle-orm';
import type { Database } from '@tessera/platform';
import type { Graph } from '../domain/engine/graph.ts';
import type { Population } from '../domain/engine/population.ts';
import { quoteIdent, quoteTable, type SqlTables } from '../domain/engine/to-sql.ts';

/**
 * Creates person and household tables with one column per input the graph reads and loads a
 * columnar population into them (NULL where unknown). Used to hold a population snapshot in
 * the database so the rules run where the data is.
 */
export async function writePopulationTables(db: Database, graph: Graph, population: Population, tables: SqlTables): Promise<void> {
  const columnsOf = (entity: 'person' | 'household') => [...graph.columns.values()].filter((c) => c.entity === entity);
  const ddl = (entity: 'person' | 'household') =>
    columnsOf(entity).map((c) => `, ${quoteIdent(c.column)} ${c.type === 'boolean' ? 'boolean' : 'double precision'}`).join('');
  await db.execute(sql.raw(`CREATE TABLE ${quoteTable(tables.household)} (id bigint PRIMARY KEY${ddl('household')})`));
  await db.execute(sql.raw(`CREATE TABLE ${quoteTable(tables.person)} (id bigint PRIMARY KEY, household bigint NOT NULL${ddl('person')})`));
  const literal = (v: number, type: string) => (Number.isNaN(v) ? 'NULL' : type === 'boolean' ? (v === 1 ? 'TRUE' : 'FALSE') : String(v));
  const insert = async (entity: 'person' | 'household', count: number) => {
    const cols = columnsOf(entity);
    const arrays = cols.map((c) => population.columns.get(c.column) as Float64Array);
    const head = `INSERT INTO ${quoteTable(entity === 'person' ? tables.person : tables.household)} (id${entity === 'person' ? ', household' : ''}${cols.map((c) => `, ${quoteIdent(c.column)}`).join('')}) VALUES `;
    for (let start = 0; start < count; start += 500) {
      const rows: string[] = [];
      for (let i = start; i < Math.min(count, start + 500); i++) {
        const values = [String(i), ...(entity === 'person' ? [String(population.household[i])] : []), ...cols.map((c, k) => literal((arrays[k] as Float64Array)[i] as number, c.type))];
        rows.push(`(${values.join(', ')})`);
      }
      if (rows.length) await db.execute(sql.raw(head + rows.join(', ')));
    }
  };
  await insert('household', population.households);
  await insert('person', population.persons);
}
