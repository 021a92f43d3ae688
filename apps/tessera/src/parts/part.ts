// SPDX-License-Identifier: Apache-2.0
import type { Clock, Storage } from '@tessera/platform';
import type { ProductionSetting, TesseraConfig } from '../config.ts';
import type { ServeConfig } from './serve-config.ts';

/** What every part is given: its settings, the shared PostgreSQL storage, a clock, a way to log. */
export interface PartContext {
  config: TesseraConfig;
  serve: ServeConfig;
  storage: Storage;
  clock: Clock;
  /** Arguments after the part's name, e.g. the member of `serve gateway <member>`. */
  args: string[];
  /** A scheduled job failed: logged, never swallowed. */
  onJobError(job: string, error: unknown): void;
}

export interface RunningPart {
  /** The addresses it listens on, printed when it is ready. */
  urls: Record<string, string>;
  close(): Promise<void>;
}

/** One organisation's (or one service's) process: `tessera serve <name>`. */
export interface Part {
  summary: string;
  /**
   * The settings with a development default it reads (its secrets, its mail server): in
   * production only these are required of it, the other organisations' stay unset. Omitted:
   * every one (the authority's portal).
   */
  settings?: ReadonlyArray<ProductionSetting>;
  /**
   * A part of another organisation opens its own storage (already migrated) instead of the
   * federation's shared database; the context's `storage` is then that one.
   */
  ownStorage?(config: TesseraConfig, serve: ServeConfig): Promise<Storage>;
  start(context: PartContext): Promise<RunningPart>;
}
