// SPDX-License-Identifier: Apache-2.0
import type { Graph, GraphNode } from './graph.ts';

/**
 * When each node can be computed over a population. Person loop k runs before household loop
 * k; a household value read by a person is ready one person loop later; an aggregate is
 * accumulated in the person loop of its arguments. Household nodes that need no aggregate run in
 * loop −1, before any person loop. `level` is the longest path from an input, used by SQL.
 */
export interface Schedule {
  readonly pass: Int32Array;
  readonly level: Int32Array;
  readonly passes: number;
}

export function scheduleGraph(graph: Graph): Schedule {
  const n = graph.nodes.length;
  const pass = new Int32Array(n);
  const level = new Int32Array(n);
  let passes = 1;
  for (const node of graph.nodes) {
    const deps = dependencies(node);
    let p = node.entity === 'household' ? -1 : 0;
    let l = 0;
    for (const d of deps) {
      l = Math.max(l, (level[d] as number) + 1);
      p = Math.max(p, node.kind === 'household' ? (pass[d] as number) + 1 : pass[d] as number);
    }
    if (node.kind === 'household') p = Math.max(p, 0);
    pass[node.id] = p;
    level[node.id] = node.kind === 'const' || node.kind === 'param' ? 0 : l;
    passes = Math.max(passes, p + 1);
  }
  return { pass, level, passes };
}

/** The nodes a node reads directly. */
export function dependencies(node: GraphNode): number[] {
  switch (node.kind) {
    case 'op': return [...node.args];
    case 'lookup': return [node.key];
    case 'aggregate': return node.where === undefined ? [node.arg] : [node.arg, node.where];
    case 'household':
    case 'variable': return [node.arg];
    default: return [];
  }
}
