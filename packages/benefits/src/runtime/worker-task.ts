// SPDX-License-Identifier: Apache-2.0
import type { Entity } from '../domain/engine/types.ts';

/** Run a kernel over one range of households (and their persons) of shared arrays. */
export interface RangeTask {
  readonly kind: 'range';
  readonly id: number;
  readonly source: string;
  readonly cols: Float64Array[];
  readonly store: Float64Array[];
  readonly tables: Float64Array[];
  readonly household: Int32Array;
  readonly p0: number; readonly p1: number; readonly h0: number; readonly h1: number;
}

/**
 * Generate one chunk of a synthetic population inside the worker (into buffers it reuses) and
 * run the kernel over it, answering with a summary of each output: nothing per person crosses
 * threads, so a whole country fits in a worker's memory a chunk at a time.
 */
export interface SyntheticChunkTask {
  readonly kind: 'synthetic';
  readonly id: number;
  readonly source: string;
  /** The generator's input id of each kernel column (in `cols` order), and its entity. */
  readonly columns: ReadonlyArray<{ readonly input: string; readonly entity: Entity }>;
  readonly stored: ReadonlyArray<{ readonly node: number; readonly entity: Entity }>;
  readonly outputs: ReadonlyArray<{ readonly node: number; readonly entity: Entity }>;
  readonly tables: readonly number[][];
  readonly persons: number;
  readonly seed: number;
  readonly now: number;
}

/** Per output node: how many are 1 (eligible), how many unknown, and the sum of known values. */
export interface OutputSummary { readonly ones: number; readonly unknown: number; readonly sum: number }

export interface SyntheticChunkResult { readonly persons: number; readonly households: number; readonly outputs: OutputSummary[] }

export type WorkerTask = RangeTask | SyntheticChunkTask;
