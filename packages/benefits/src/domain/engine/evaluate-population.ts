// SPDX-License-Identifier: Apache-2.0
import { buildColumnarKernel, kernelFunction, type ColumnarKernel } from './columnar-kernel.ts';
import type { Graph } from './graph.ts';
import { checkPopulation, type Population, type PopulationResult } from './population.ts';

/** Allocates the stored arrays of a kernel; `shared` places them where worker threads can write. */
export function allocateStore(kernel: ColumnarKernel, population: Population, shared: boolean): Float64Array[] {
  const store: Float64Array[] = [];
  for (const s of kernel.stored) {
    const length = s.entity === 'person' ? population.persons : population.households;
    store[s.node] = shared ? new Float64Array(new SharedArrayBuffer(length * 8)) : new Float64Array(length);
  }
  return store;
}

export function collectResults(graph: Graph, store: Float64Array[]): PopulationResult {
  const out = new Map<string, Float64Array>();
  for (const [id, node] of graph.variables) out.set(id, store[node] as Float64Array);
  return out;
}

/** Runs the graph over a whole population in this thread, with fused loops over typed arrays. */
export function evaluatePopulation(graph: Graph, population: Population, kernel: ColumnarKernel = buildColumnarKernel(graph)): PopulationResult {
  checkPopulation(graph, population);
  const store = allocateStore(kernel, population, false);
  const cols = kernel.columns.map((c) => population.columns.get(c) as Float64Array);
  kernelFunction(kernel.source)(cols, store, kernel.tables.map((t) => Float64Array.from(t)), population.household, 0, population.persons, 0, population.households);
  return collectResults(graph, store);
}
