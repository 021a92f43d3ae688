// SPDX-License-Identifier: Apache-2.0
import type { Graph, GraphNode } from './graph.ts';
import { dependencies, scheduleGraph } from './schedule.ts';

/**
 * The graph as one JavaScript function over columns: a fused loop per person pass (every
 * person-level rule of that pass computed in registers, aggregates accumulated in the same
 * loop) and one per household pass. Only values read by a later pass, or asked for, are stored.
 * The function is plain source so worker threads can compile it too.
 */
export interface ColumnarKernel {
  /** `(cols, store, tables, hh, p0, p1, h0, h1) => void` as source. */
  readonly source: string;
  /** Column names in the order of `cols`. */
  readonly columns: readonly string[];
  /** Node ids that have a stored array, with the entity that sizes it. */
  readonly stored: ReadonlyArray<{ node: number; entity: 'person' | 'household' }>;
  /** Lookup tables in the order of `tables`. */
  readonly tables: readonly number[][];
}

const lit = (v: number) => (Object.is(v, -0) ? '0' : v < 0 ? `(${v})` : String(v));

export function buildColumnarKernel(graph: Graph, outputs: readonly number[] = [...graph.variables.values()]): ColumnarKernel {
  const { pass } = scheduleGraph(graph);
  const nodes = graph.nodes;
  const columns = [...graph.columns.keys()];
  const columnIndex = new Map(columns.map((c, i) => [c, i]));
  const tables: number[][] = [];
  const tableIndex = new Map<number, number>();

  // A node is stored when read outside its own loop, or asked for.
  const storedSet = new Set<number>(outputs);
  for (const node of nodes) {
    for (const d of dependencies(node)) {
      const dn = nodes[d] as GraphNode;
      if (dn.kind === 'const' || dn.kind === 'param') continue;
      if (dn.kind === 'aggregate' || dn.entity !== node.entity || pass[d] !== pass[node.id]) storedSet.add(d);
    }
  }
  for (const node of nodes) if (node.kind === 'aggregate') storedSet.add(node.id);
  const stored = [...storedSet].sort((a, b) => a - b).map((id) => ({ node: id, entity: (nodes[id] as GraphNode).entity }));

  const loops: string[] = [];
  const maxPass = Math.max(0, ...pass);
  const ref = (d: number, index: string, current: { pass: number; entity: string }): string => {
    const dn = nodes[d] as GraphNode;
    if (dn.kind === 'const' || dn.kind === 'param') return lit(dn.value);
    if (dn.entity === current.entity && pass[d] === current.pass && dn.kind !== 'aggregate') return `v${d}`;
    return `s${d}[${dn.entity === 'household' ? (current.entity === 'person' ? 'h' : index) : index}]`;
  };

  function emit(node: GraphNode, current: { pass: number; entity: 'person' | 'household' }, index: string): string | undefined {
    const r = (d: number) => ref(d, index, current);
    switch (node.kind) {
      case 'const':
      case 'param':
      case 'aggregate':
        return undefined;
      case 'input':
        return `c${columnIndex.get(node.column)}[${index}]`;
      case 'variable':
        return r(node.arg);
      case 'household':
        return `s${node.arg}[h]`;
      case 'lookup': {
        let t = tableIndex.get(node.id);
        if (t === undefined) {
          t = tables.length;
          tables.push([...node.table.values]);
          tableIndex.set(node.id, t);
        }
        const k = r(node.key);
        return `(${k} !== ${k} ? NaN : t${t}[Math.min(Math.max(Math.floor(${k}) - ${node.table.minKey}, 0), ${node.table.values.length - 1})])`;
      }
      case 'op': {
        const a = node.args.map(r);
        switch (node.op) {
          case 'add': return `(${a.join(' + ')})`;
          case 'mul': return `(${a.join(' * ')})`;
          case 'sub': return `(${a[0]} - ${a[1]})`;
          case 'div': return `(${a[0]} / ${a[1]})`;
          case 'min': return `Math.min(${a.join(', ')})`;
          case 'max': return `Math.max(${a.join(', ')})`;
          case 'floor': return `Math.floor(${a[0]})`;
          case 'not': return `(1 - ${a[0]})`;
          case 'and': return a.reduce((x, y) => `AND(${x}, ${y})`);
          case 'or': return a.reduce((x, y) => `OR(${x}, ${y})`);
          case 'if': return `(${a[0]} !== ${a[0]} ? NaN : ${a[0]} === 1 ? ${a[1]} : ${a[2]})`;
          default: {
            const sym = { lt: '<', le: '<=', gt: '>', ge: '>=', eq: '===', ne: '!==' }[node.op];
            return `(${a[0]} !== ${a[0]} || ${a[1]} !== ${a[1]} ? NaN : ${a[0]} ${sym} ${a[1]} ? 1 : 0)`;
          }
        }
      }
    }
  }

  function loopBody(entity: 'person' | 'household', p: number, index: string): string[] {
    const lines: string[] = [];
    for (const node of nodes) {
      if (node.entity !== entity || pass[node.id] !== p) continue;
      const e = emit(node, { pass: p, entity }, index);
      if (e === undefined) continue;
      lines.push(`const v${node.id} = ${e};`);
      if (storedSet.has(node.id)) lines.push(`s${node.id}[${index}] = v${node.id};`);
    }
    return lines;
  }

  const householdLoop = (p: number) => {
    const body = loopBody('household', p, 'h');
    if (body.length) loops.push(`for (let h = h0; h < h1; h++) {\n${body.join('\n')}\n}`);
  };
  householdLoop(-1);
  for (let p = 0; p <= maxPass; p++) {
    const aggregates = nodes.filter((n): n is Extract<GraphNode, { kind: 'aggregate' }> => n.kind === 'aggregate' && pass[n.id] === p);
    if (aggregates.length) loops.push(`for (let h = h0; h < h1; h++) {\n${aggregates.map((a) => `s${a.id}[h] = ${a.op === 'all' ? 1 : 0};`).join('\n')}\n}`);
    const body = loopBody('person', p, 'i');
    for (const a of aggregates) {
      const cur = { pass: p, entity: 'person' as const };
      const x = a.op === 'count' ? '1' : ref(a.arg, 'i', cur);
      const acc = `s${a.id}[h]`;
      if (a.op === 'sum' || a.op === 'count') {
        if (a.where === undefined) body.push(`${acc} += ${x};`);
        else body.push(`{ const f = ${ref(a.where, 'i', cur)}; if (f === 1) ${acc} += ${x}; else if (f !== f) ${acc} = NaN; }`);
      } else if (a.op === 'any') body.push(`{ const x = ${x}; if (x === 1) ${acc} = 1; else if (x !== x && ${acc} !== 1) ${acc} = NaN; }`);
      else body.push(`{ const x = ${x}; if (x === 0) ${acc} = 0; else if (x !== x && ${acc} !== 0) ${acc} = NaN; }`);
    }
    if (body.length) loops.push(`for (let i = p0; i < p1; i++) {\nconst h = hh[i];\n${body.join('\n')}\n}`);
    householdLoop(p);
  }

  const prelude = [
    'const AND = (x, y) => (x === 0 || y === 0 ? 0 : x === 1 && y === 1 ? 1 : NaN);',
    'const OR = (x, y) => (x === 1 || y === 1 ? 1 : x === 0 && y === 0 ? 0 : NaN);',
    ...columns.map((_, i) => `const c${i} = cols[${i}];`),
    ...stored.map((s) => `const s${s.node} = store[${s.node}];`),
    ...tables.map((_, i) => `const t${i} = tables[${i}];`),
  ];
  return { source: [...prelude, ...loops].join('\n'), columns, stored, tables };
}

export type KernelFunction = (cols: Float64Array[], store: Float64Array[], tables: Float64Array[], hh: Int32Array, p0: number, p1: number, h0: number, h1: number) => void;

/** Compiles the kernel source; generated only from the graph, never from input data. */
export function kernelFunction(source: string): KernelFunction {
  return new Function('cols', 'store', 'tables', 'hh', 'p0', 'p1', 'h0', 'h1', source) as KernelFunction;
}
