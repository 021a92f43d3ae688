// SPDX-License-Identifier: Apache-2.0

/** What a long-lived command leaves running: closed when the process is asked to stop. */
export interface Running {
  close(): Promise<void>;
}

/** The part of `process` that delivers stop signals (a test passes an EventEmitter). */
export interface SignalSource {
  on(signal: 'SIGINT' | 'SIGTERM', listener: (signal: NodeJS.Signals) => void): unknown;
  off(signal: 'SIGINT' | 'SIGTERM', listener: (signal: NodeJS.Signals) => void): unknown;
}

/**
 * Runs a long-lived command (`start`, `serve`) until SIGINT or SIGTERM and resolves with the
 * exit code. The handlers are in place before the command begins: a signal at any moment — while
 * storage opens, while the demo world loads, just after the banner is printed — ends in a clean
 * stop. Installed only after the start (as before), a signal that came between the banner and
 * the handlers got the default action and killed the process (exit code null).
 *
 * A signal during the start aborts it through `signal` (the start closes what it had opened and
 * rolls back the demo world's transaction); a signal after it closes what runs. Either way the
 * code is 0. `second` is called on a second signal while stopping, to exit at once.
 */
export async function untilSignalled(start: (signal: AbortSignal) => Promise<Running>, o: { signals: SignalSource; second: (signal: NodeJS.Signals) => void }): Promise<number> {
  const abort = new AbortController();
  let stopRequested!: () => void;
  const requested = new Promise<void>((resolve) => (stopRequested = resolve));
  const onSignal = (signal: NodeJS.Signals) => {
    if (abort.signal.aborted) return o.second(signal);
    abort.abort(new StartAborted(signal));
    stopRequested();
  };
  o.signals.on('SIGINT', onSignal);
  o.signals.on('SIGTERM', onSignal);
  let running: Running;
  try {
    running = await start(abort.signal);
  } catch (error) {
    if (abort.signal.aborted) return 0;
    throw error;
  }
  await requested;
  await running.close();
  return 0;
}

/** The reason a start stops half-way: the process was asked to stop. */
export class StartAborted extends Error {
  static code = 'ERR_START_ABORTED';
  code = StartAborted.code;
  constructor(signal: NodeJS.Signals) {
    super(`stopped by ${signal}`);
  }
}
