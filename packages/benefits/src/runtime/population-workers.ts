// SPDX-License-Identifier: Apache-2.0
import { Worker } from 'node:worker_threads';
import { buildColumnarKernel, type ColumnarKernel } from '../domain/engine/columnar-kernel.ts';
import { allocateStore, collectResults } from '../domain/engine/evaluate-population.ts';
import type { Graph, GraphNode, InputNode } from '../domain/engine/graph.ts';
import { checkPopulation, type Population, type PopulationResult } from '../domain/engine/population.ts';
import { monthIndex } from '../domain/engine/period.ts';
import type { OutputSummary, RangeTask, SyntheticChunkResult, SyntheticChunkTask, WorkerTask } from './worker-task.ts';

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };

/** A fixed pool of worker threads running population kernels over shared memory. */
export interface PopulationWorkers {
  readonly size: number;
  /** Evaluates a population split by household ranges across the workers. */
  evaluate(graph: Graph, population: Population, kernel?: ColumnarKernel): Promise<PopulationResult>;
  /**
   * Evaluates a synthetic population of `persons` people, generated chunk by chunk inside the
   * workers (chunk k from seed `seed + k`, as `syntheticPopulation` would make it), and sums each
   * output over everyone: how many are eligible, how many cannot tell yet, the total amount.
   */
  evaluateSynthetic(graph: Graph, kernel: ColumnarKernel, o: { persons: number; chunk: number; seed: number; outputs: readonly number[] }): Promise<SyntheticRunSummary>;
  close(): Promise<void>;
}

export interface SyntheticRunSummary {
  readonly persons: number;
  readonly households: number;
  readonly chunks: number;
  /** By output node id, in the order asked. */
  readonly outputs: ReadonlyArray<{ readonly node: number } & OutputSummary>;
}

const shared = (a: Float64Array): Float64Array => {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const s = new Float64Array(new SharedArrayBuffer(a.length * 8));
  s.set(a);
  return s;
};

export function startPopulationWorkers(size: number): PopulationWorkers {
  const workers = Array.from({ length: size }, () => new Worker(new URL('./population-worker.ts', import.meta.url)));
  const pending = new Map<number, Pending>();
  let next = 0;
  for (const w of workers) {
    w.on('message', (m: { id: number; ok: boolean; value?: unknown; error?: string }) => {
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (m.ok) p?.resolve(m.value);
      else p?.reject(new Error(m.error));
    });
    w.on('error', (e) => {
      for (const p of pending.values()) p.reject(e);
      pending.clear();
    });
  }
  const send = (task: WorkerTask, worker: Worker) =>
    new Promise<unknown>((resolve, reject) => {
      pending.set(task.id, { resolve, reject });
      worker.postMessage(task);
    });

  return {
    size,
    async evaluate(graph, population, kernel = buildColumnarKernel(graph)) {
      checkPopulation(graph, population);
      const store = allocateStore(kernel, population, true);
      const cols = kernel.columns.map((c) => shared(population.columns.get(c) as Float64Array));
      const household = population.household.buffer instanceof SharedArrayBuffer ? population.household : (() => {
        const s = new Int32Array(new SharedArrayBuffer(population.persons * 4));
        s.set(population.household);
        return s;
      })();
      const tables = kernel.tables.map((t) => shared(Float64Array.from(t)));
      // Split by households; find each range's first person by binary search on the grouped index.
      const firstPerson = (h: number) => {
        let lo = 0;
        let hi = population.persons;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if ((household[mid] as number) < h) lo = mid + 1;
          else hi = mid;
        }
        return lo;
      };
      const jobs: Promise<unknown>[] = [];
      const parts = Math.max(1, Math.min(size, population.households));
      for (let k = 0; k < parts; k++) {
        const h0 = Math.floor((population.households * k) / parts);
        const h1 = Math.floor((population.households * (k + 1)) / parts);
        const task: RangeTask = { kind: 'range', id: next++, source: kernel.source, cols, store, tables, household, p0: firstPerson(h0), p1: firstPerson(h1), h0, h1 };
        jobs.push(send(task, workers[k % size] as Worker));
      }
      await Promise.all(jobs);
      return collectResults(graph, store);
    },
    async evaluateSynthetic(graph, kernel, o) {
      const columns = kernel.columns.map((c) => {
        const node = graph.columns.get(c) as InputNode;
        return { input: node.input.id, entity: node.entity };
      });
      const outputs = o.outputs.map((node) => ({ node, entity: (graph.nodes[node] as GraphNode).entity }));
      const base = { kind: 'synthetic' as const, source: kernel.source, columns, stored: kernel.stored, outputs, tables: kernel.tables, now: monthIndex(graph.period) };
      const chunks = Math.ceil(o.persons / o.chunk);
      const totals = outputs.map((x) => ({ node: x.node, ones: 0, unknown: 0, sum: 0 }));
      let households = 0;
      let nextChunk = 0;
      // Each worker takes the next chunk as soon as it is free, so a slow chunk holds up no one.
      const drain = async (worker: Worker) => {
        for (let k = nextChunk++; k < chunks; k = nextChunk++) {
          const task: SyntheticChunkTask = { ...base, id: next++, persons: Math.min(o.chunk, o.persons - k * o.chunk), seed: o.seed + k };
          const r = (await send(task, worker)) as SyntheticChunkResult;
          households += r.households;
          r.outputs.forEach((x, i) => {
            const t = totals[i]!;
            t.ones += x.ones;
            t.unknown += x.unknown;
            t.sum += x.sum;
          });
        }
      };
      await Promise.all(workers.map(drain));
      return { persons: o.persons, households, chunks, outputs: totals };
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
