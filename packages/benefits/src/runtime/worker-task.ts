// SPDX-License-Identifier: Apache-2.0

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

export type WorkerTask = RangeTask;
