// SPDX-License-Identifier: Apache-2.0
import { isNull } from 'drizzle-orm';
import type { Database } from '../storage/database.ts';
import type { Clock } from '../time/clock.ts';
import { logEntries } from './schema.ts';
import { MAXIMUM_MERGE_DELAY_MS, sequenceLog, type SequenceResult, type TreeCache } from './sequence-log.ts';
import type { LogSigningKey } from './tree-head.ts';

export interface LogSequencerOptions {
  db: Database;
  key: LogSigningKey;
  clock: Clock;
  /** Pause between rounds while entries keep arriving: longer means bigger batches. */
  busyIntervalMs?: number;
  /** Pause between checks when nothing was pending (one indexed query each). */
  idleIntervalMs?: number;
  /** Least time between two signed heads; with the pauses it stays under the maximum merge delay. */
  signIntervalMs?: number;
  batchSize?: number;
  onError?: (error: unknown) => void;
}

export interface LogSequencer {
  /** One round now: numbers what has committed and signs a head if one is due. */
  tick(): Promise<SequenceResult | null>;
  /** Ends the timer and waits for a round in progress. */
  stop(): Promise<void>;
}

/**
 * Runs the log's sequencer: every few milliseconds while events arrive, every `idleIntervalMs`
 * otherwise. Any number of processes may run one; the advisory lock lets one sequence at a time
 * and the others' rounds skip. `timers: false` gives a sequencer driven only by `tick()` (tests).
 */
export function startLogSequencer(options: LogSequencerOptions & { timers?: boolean }): LogSequencer {
  const busy = options.busyIntervalMs ?? 100;
  const idle = options.idleIntervalMs ?? 100;
  const signIntervalMs = options.signIntervalMs ?? 250;
  if (idle + signIntervalMs + busy >= MAXIMUM_MERGE_DELAY_MS / 2) throw new RangeError('the sequencer pauses would not leave room within the maximum merge delay');
  const cache: TreeCache = { tree: null };
  let unsigned = true;
  let running: Promise<SequenceResult | null> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;

  const round = async (): Promise<SequenceResult | null> => {
    // Idle checks cost one indexed query; a round's transaction only when there is work.
    if (!unsigned && (await options.db.select({ id: logEntries.id }).from(logEntries).where(isNull(logEntries.index)).limit(1)).length === 0) return null;
    const result = await sequenceLog(options.db, { clock: options.clock, key: options.key, cache, batchSize: options.batchSize, signIntervalMs });
    unsigned = !result.ran || result.signedSize < result.size;
    return result;
  };
  const tick = (): Promise<SequenceResult | null> => {
    running ??= round().finally(() => { running = null; });
    return running;
  };
  const schedule = (ms: number) => {
    if (stopped || options.timers === false) return;
    timer = setTimeout(() => {
      tick().then(
        (r) => schedule(r && (r.sequenced > 0 || unsigned) ? busy : idle),
        (error: unknown) => { options.onError?.(error); schedule(idle); },
      );
    }, ms);
    timer.unref();
  };
  schedule(0);
  return {
    tick,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => undefined);
    },
  };
}
