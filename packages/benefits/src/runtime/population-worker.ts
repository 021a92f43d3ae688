// SPDX-License-Identifier: Apache-2.0
// A worker thread running compiled population kernels over shared typed arrays, or over
// synthetic chunks it generates itself into buffers kept between tasks.
import { parentPort } from 'node:worker_threads';
import { kernelFunction, type KernelFunction } from '../domain/engine/columnar-kernel.ts';
import type { SyntheticTarget } from '../domain/population/synthetic-population.ts';
import type { OutputSummary, SyntheticChunkResult, SyntheticChunkTask, WorkerTask } from './worker-task.ts';

const kernels = new Map<string, KernelFunction>();
const kernelFor = (source: string): KernelFunction => {
  let k = kernels.get(source);
  if (!k) {
    k = kernelFunction(source);
    kernels.set(source, k);
  }
  return k;
};

// Buffers reused from chunk to chunk: allocating and first touching ~100 arrays of a million
// numbers costs about as much as evaluating them. Every stored node is written by the kernel
// before it is read, so nothing of a previous chunk shows through.
let buffers: { capacity: number; arrays: Map<string, Float64Array>; household: Int32Array } | undefined;
const reuse = (capacity: number) => {
  if (!buffers || buffers.capacity < capacity) buffers = { capacity, arrays: new Map(), household: new Int32Array(capacity) };
  const b = buffers;
  return (key: string): Float64Array => {
    let a = b.arrays.get(key);
    if (!a) {
      a = new Float64Array(b.capacity);
      b.arrays.set(key, a);
    }
    return a;
  };
};

function summarise(values: Float64Array, length: number): OutputSummary {
  let ones = 0;
  let unknown = 0;
  let sum = 0;
  for (let i = 0; i < length; i++) {
    const v = values[i]!;
    if (v !== v) unknown++;
    else {
      sum += v;
      if (v === 1) ones++;
    }
  }
  return { ones, unknown, sum };
}

async function runSyntheticChunk(task: SyntheticChunkTask): Promise<SyntheticChunkResult> {
  // Loaded on the first chunk only: the generator pulls in the platform package (its seeded
  // random), which a worker running ranges of a given population never needs.
  const { fillSyntheticPopulation } = await import('../domain/population/synthetic-population.ts');
  const buffer = reuse(task.persons);
  const inputs: Record<string, Float64Array> = {};
  // An input the generator does not model stays NaN (unknown), as in `syntheticPopulation`.
  const cols = task.columns.map((c) => (inputs[c.input] = buffer(`input:${c.input}`).fill(NaN, 0, task.persons)));
  const household = buffers!.household;
  const households = fillSyntheticPopulation({ household, inputs: inputs as SyntheticTarget['inputs'] }, { persons: task.persons, seed: task.seed, now: task.now });
  const store: Float64Array[] = [];
  for (const s of task.stored) store[s.node] = buffer(`node:${s.node}`);
  kernelFor(task.source)(cols, store, task.tables.map((t) => Float64Array.from(t)), household, 0, task.persons, 0, households);
  return { persons: task.persons, households, outputs: task.outputs.map((o) => summarise(store[o.node]!, o.entity === 'person' ? task.persons : households)) };
}

parentPort?.on('message', async (task: WorkerTask) => {
  try {
    if (task.kind === 'synthetic') {
      parentPort?.postMessage({ id: task.id, ok: true, value: await runSyntheticChunk(task) });
      return;
    }
    kernelFor(task.source)(task.cols, task.store, task.tables, task.household, task.p0, task.p1, task.h0, task.h1);
    parentPort?.postMessage({ id: task.id, ok: true });
  } catch (error) {
    parentPort?.postMessage({ id: task.id, ok: false, error: error instanceof Error ? error.message : String(error) });
  }
});
