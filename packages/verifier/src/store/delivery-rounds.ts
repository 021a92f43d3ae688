// SPDX-License-Identifier: Apache-2.0

/**
 * Runs an outbox's delivery on an interval, and at once when nudged (after an outcome commits),
 * never two rounds at a time; `stop` aborts the round's signal and waits for the delivery in hand.
 */
export function deliveryRounds(deliver: (signal: AbortSignal) => Promise<unknown>, o: { intervalMs?: number; onError(error: unknown): void }): { nudge(): void; stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  let again = false;
  const stopping = new AbortController();
  const round = (): void => {
    if (stopping.signal.aborted) return;
    if (running) return void (again = true);
    running = deliver(stopping.signal).then(() => undefined, (error: unknown) => o.onError(error)).finally(() => {
      running = null;
      if (again) {
        again = false;
        round();
      }
    });
  };
  const timer = setInterval(round, o.intervalMs ?? 5000);
  timer.unref();
  return {
    nudge: round,
    async stop() {
      clearInterval(timer);
      stopping.abort();
      await running;
    },
  };
}
