// SPDX-License-Identifier: Apache-2.0

interface JobState {
  runs: number;
  failures: number;
  lastFailureAt: number | null;
  lastSuccessAt: number | null;
}

export interface JobLogger {
  error(details: { err: unknown; job: string }, message: string): void;
}

/**
 * The composition root's periodic jobs (refund retries, card orders, tree heads, mail, …): each
 * runs on its own interval, never overlapping itself, and a failure is logged and counted rather
 * than swallowed, so an operator sees it in the log and in `/metrics`.
 */
export class ScheduledJobs {
  readonly #jobs = new Map<string, JobState>();
  readonly #timers: NodeJS.Timeout[] = [];
  readonly #running = new Set<Promise<void>>();
  readonly #now: () => number;
  /** Replaced once the portal's logger exists; until then failures go to stderr. */
  logger: JobLogger = { error: (d, message) => void process.stderr.write(`${message} (${d.job}): ${String(d.err)}\n`) };

  readonly #timed: boolean;

  /** `timed: false` registers the jobs without running them on their intervals (tests that take every step themselves). */
  constructor(now: () => number = Date.now, options: { timed?: boolean } = {}) {
    this.#now = now;
    this.#timed = options.timed ?? true;
  }

  every(name: string, intervalMs: number, run: () => Promise<unknown>): void {
    this.#state(name);
    if (!this.#timed) return;
    let running: Promise<void> | null = null;
    const timer = setInterval(() => {
      if (running) return;
      const current = this.run(name, run).finally(() => {
        running = null;
        this.#running.delete(current);
      });
      running = current;
      this.#running.add(current);
    }, intervalMs);
    timer.unref();
    this.#timers.push(timer);
  }

  /** Runs a job once now, recording its outcome; resolves either way. */
  async run(name: string, run: () => Promise<unknown>): Promise<void> {
    try {
      await run();
      this.succeeded(name);
    } catch (error) {
      this.failed(name, error);
    }
  }

  succeeded(name: string): void {
    const s = this.#state(name);
    s.runs++;
    s.lastSuccessAt = this.#now();
  }

  /** For jobs that run elsewhere and report their errors through a callback. */
  failed(name: string, error: unknown): void {
    const s = this.#state(name);
    s.runs++;
    s.failures++;
    s.lastFailureAt = this.#now();
    this.logger.error({ err: error, job: name }, 'scheduled job failed');
  }

  /** Stops every timer and waits for runs under way, so what they use can be closed next. */
  async stop(): Promise<void> {
    for (const timer of this.#timers) clearInterval(timer);
    await Promise.all(this.#running);
  }

  /** Prometheus text format. */
  metrics(): string {
    const rows = [...this.#jobs];
    const metric = (name: string, help: string, type: string, value: (s: JobState) => number | null) => [
      `# HELP ${name} ${help}`, `# TYPE ${name} ${type}`,
      ...rows.flatMap(([job, s]) => {
        const v = value(s);
        return v === null ? [] : [`${name}{job="${job}"} ${v}`];
      }),
    ];
    return [
      ...metric('tessera_job_runs_total', 'Runs of each scheduled job.', 'counter', (s) => s.runs),
      ...metric('tessera_job_failures_total', 'Failed runs of each scheduled job.', 'counter', (s) => s.failures),
      ...metric('tessera_job_last_failure_timestamp_seconds', 'When each job last failed.', 'gauge', (s) => (s.lastFailureAt === null ? null : s.lastFailureAt / 1000)),
      ...metric('tessera_job_last_success_timestamp_seconds', 'When each job last succeeded.', 'gauge', (s) => (s.lastSuccessAt === null ? null : s.lastSuccessAt / 1000)),
      '',
    ].join('\n');
  }

  #state(name: string): JobState {
    let s = this.#jobs.get(name);
    if (!s) this.#jobs.set(name, (s = { runs: 0, failures: 0, lastFailureAt: null, lastSuccessAt: null }));
    return s;
  }
}
