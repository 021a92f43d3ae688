// SPDX-License-Identifier: Apache-2.0
// A worker thread running compiled population kernels over shared typed arrays.
import { parentPort } from 'node:worker_threads';
import { kernelFunction, type KernelFunction } from '../domain/engine/columnar-kernel.ts';
import type { WorkerTask } from './worker-task.ts';

const kernels = new Map<string, KernelFunction>();
const kernelFor = (source: string): KernelFunction => {
  let k = kernels.get(source);
  if (!k) {
    k = kernelFunction(source);
    kernels.set(source, k);
  }
  return k;
};

parentPort?.on('message', (task: WorkerTask) => {
  try {
    kernelFor(task.source)(task.cols, task.store, task.tables, task.household, task.p0, task.p1, task.h0, task.h1);
    parentPort?.postMessage({ id: task.id, ok: true });
  } catch (error) {
    parentPort?.postMessage({ id: task.id, ok: false, error: error instanceof Error ? error.message : String(error) });
  }
});
