// SPDX-License-Identifier: Apache-2.0
import { TooManyRequests } from '../exchange-errors.ts';

/** A fixed one-minute window per client subsystem: enough to stop a runaway client. */
export class RateLimiter {
  readonly #limit: number;
  readonly #now: () => number;
  readonly #windows = new Map<string, { start: number; count: number }>();

  constructor(perMinute: number, now: () => number) {
    this.#limit = perMinute;
    this.#now = now;
  }

  take(client: string): void {
    const now = this.#now();
    const window = this.#windows.get(client);
    if (!window || now - window.start >= 60_000) {
      this.#windows.set(client, { start: now, count: 1 });
      return;
    }
    if (++window.count > this.#limit) throw new TooManyRequests(client);
  }
}
