// SPDX-License-Identifier: Apache-2.0
import type { Graph, GraphNode } from './graph.ts';
import { scheduleGraph } from './schedule.ts';
import { GraphNodeUnsupported } from '../../benefits-errors.ts';

/** Where the population lives: a person table (id, household, inputs) and a household table (id, inputs). */
export interface SqlTables {
  readonly person: string;
  readonly household: string;
}

export const quoteIdent = (name: string): string => `"${name.replaceAll('"', '""')}"`;
/** A table name, optionally schema-qualified (`schema.table`), each part quoted. */
export const quoteTable = (name: string): string => name.split('.').map(quoteIdent).join('.');
const num = (v: number) => `(${Object.is(v, -0) ? 0 : v})::float8`;
const col = (id: number) => `n${id}`;

/**
 * The graph as one PostgreSQL query per entity, evaluated where the population lives. SQL's NULL
 * is the engine's unknown: AND/OR are already three-valued; CASE, LEAST/GREATEST and the
 * aggregates are written so NULL propagates exactly as in the other two runners. One
 * materialised CTE per level of the graph keeps shared sub-rules computed once.
 */
export function graphToSql(graph: Graph, tables: SqlTables): { persons: string; households: string; personVariables: string[]; householdVariables: string[] } {
  const { level } = scheduleGraph(graph);
  const nodes = graph.nodes;
  const maxLevel = Math.max(0, ...level);
  const expr = (d: number): string => {
    const n = nodes[d] as GraphNode;
    if (n.kind === 'const' || n.kind === 'param') return n.type === 'boolean' ? (n.value === 1 ? 'TRUE' : 'FALSE') : num(n.value);
    return col(d);
  };

  function sqlOf(n: GraphNode): string {
    switch (n.kind) {
      case 'variable': return expr(n.arg);
      case 'household': return `hx.${col(n.arg)}`;
      case 'lookup': {
        const k = expr(n.key);
        const arr = `(ARRAY[${n.table.values.map(num).join(', ')}])`;
        return `CASE WHEN ${k} IS NULL THEN NULL ELSE ${arr}[LEAST(GREATEST(floor(${k})::bigint - ${n.table.minKey}, 0), ${n.table.values.length - 1}) + 1] END`;
      }
      case 'aggregate': return `g.${col(n.id)}`;
      case 'op': {
        const a = n.args.map(expr);
        const anyNull = a.map((x) => `${x} IS NULL`).join(' OR ');
        switch (n.op) {
          case 'add': return `(${a.join(' + ')})`;
          case 'mul': return `(${a.join(' * ')})`;
          case 'sub': return `(${a[0]} - ${a[1]})`;
          case 'div': return `(${a[0]} / ${a[1]})`;
          case 'min': return `CASE WHEN ${anyNull} THEN NULL ELSE LEAST(${a.join(', ')}) END`;
          case 'max': return `CASE WHEN ${anyNull} THEN NULL ELSE GREATEST(${a.join(', ')}) END`;
          case 'floor': return `floor(${a[0]})`;
          case 'not': return `(NOT ${a[0]})`;
          case 'and': return `(${a.join(' AND ')})`;
          case 'or': return `(${a.join(' OR ')})`;
          case 'if': return `CASE WHEN ${a[0]} IS NULL THEN NULL WHEN ${a[0]} THEN ${a[1]} ELSE ${a[2]} END`;
          default: return `(${a[0]} ${{ lt: '<', le: '<=', gt: '>', ge: '>=', eq: '=', ne: '<>' }[n.op]} ${a[1]})`;
        }
      }
      default: throw new GraphNodeUnsupported('SQL runner', n.kind);
    }
  }

  function aggregateSql(n: Extract<GraphNode, { kind: 'aggregate' }>): string {
    const x = expr(n.arg);
    const w = n.where === undefined ? 'TRUE' : expr(n.where);
    switch (n.op) {
      case 'sum': return `CASE WHEN bool_or(${w} IS NULL OR (${w} AND ${x} IS NULL)) THEN NULL ELSE COALESCE(sum(${x}) FILTER (WHERE ${w}), 0) END`;
      case 'count': return `CASE WHEN bool_or(${w} IS NULL) THEN NULL ELSE (count(*) FILTER (WHERE ${w}))::float8 END`;
      case 'any': return `CASE WHEN bool_or(${x}) THEN TRUE WHEN bool_or(${x} IS NULL) THEN NULL ELSE FALSE END`;
      case 'all': return `CASE WHEN bool_or(NOT ${x}) THEN FALSE WHEN bool_or(${x} IS NULL) THEN NULL ELSE TRUE END`;
    }
  }
  const emptyValue = (n: Extract<GraphNode, { kind: 'aggregate' }>) => (n.op === 'sum' || n.op === 'count' ? num(0) : n.op === 'any' ? 'FALSE' : 'TRUE');

  const ctes: string[] = [];
  const inputCols = (entity: 'person' | 'household') =>
    nodes.filter((n) => n.kind === 'input' && n.entity === entity).map((n) => `${quoteIdent((n as Extract<GraphNode, { kind: 'input' }>).column)}::${n.type === 'boolean' ? 'boolean' : 'float8'} AS ${col(n.id)}`);
  ctes.push(`p0 AS MATERIALIZED (SELECT id, household${inputCols('person').map((c) => `, ${c}`).join('')} FROM ${quoteTable(tables.person)})`);
  ctes.push(`h0 AS MATERIALIZED (SELECT id${inputCols('household').map((c) => `, ${c}`).join('')} FROM ${quoteTable(tables.household)})`);
  const computed = (n: GraphNode) => n.kind !== 'const' && n.kind !== 'param' && n.kind !== 'input';
  for (let l = 1; l <= maxLevel; l++) {
    const at = nodes.filter((n) => level[n.id] === l && computed(n));
    const person = at.filter((n) => n.entity === 'person');
    const householdNodes = at.filter((n) => n.entity === 'household');
    const usesHousehold = person.some((n) => n.kind === 'household');
    ctes.push(`p${l} AS MATERIALIZED (SELECT p.*${person.map((n) => `, ${sqlOf(n)} AS ${col(n.id)}`).join('')} FROM p${l - 1} p${usesHousehold ? ` JOIN h${l - 1} hx ON hx.id = p.household` : ''})`);
    const aggregates = householdNodes.filter((n): n is Extract<GraphNode, { kind: 'aggregate' }> => n.kind === 'aggregate');
    const rest = householdNodes.filter((n) => n.kind !== 'aggregate');
    if (aggregates.length) {
      ctes.push(`g${l} AS MATERIALIZED (SELECT household${aggregates.map((a) => `, ${aggregateSql(a)} AS ${col(a.id)}`).join('')} FROM p${l - 1} GROUP BY household)`);
    }
    const select = [
      ...aggregates.map((a) => `CASE WHEN g.household IS NULL THEN ${emptyValue(a)} ELSE g.${col(a.id)} END AS ${col(a.id)}`),
      ...rest.map((n) => `${sqlOf(n)} AS ${col(n.id)}`),
    ];
    ctes.push(`h${l} AS MATERIALIZED (SELECT h.*${select.map((s) => `, ${s}`).join('')} FROM h${l - 1} h${aggregates.length ? ` LEFT JOIN g${l} g ON g.household = h.id` : ''})`);
  }
  const personVariables = [...graph.variables].filter(([, id]) => (nodes[id] as GraphNode).entity === 'person');
  const householdVariables = [...graph.variables].filter(([, id]) => (nodes[id] as GraphNode).entity === 'household');
  const outCol = (v: string, id: number) => `${expr(id)} AS ${quoteIdent(v)}`;
  const withClause = `WITH ${ctes.join(',\n')}`;
  return {
    persons: `${withClause}\nSELECT id${personVariables.map(([v, id]) => `, ${outCol(v, id)}`).join('')} FROM p${maxLevel} ORDER BY id`,
    households: `${withClause}\nSELECT id${householdVariables.map(([v, id]) => `, ${outCol(v, id)}`).join('')} FROM h${maxLevel} ORDER BY id`,
    personVariables: personVariables.map(([v]) => v),
    householdVariables: householdVariables.map(([v]) => v),
  };
}
