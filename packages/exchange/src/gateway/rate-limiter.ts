// SPDX-License-Identifier: Apache-2.0
import { databaseRateLimitStore, type Clock, type Database } from '@tessera/platform';
import { TooManyRequests } from '../exchange-errors.ts';

/** Counts a client subsystem's requests; refuses one over the limit with TooManyRequests. */
export interface ClientRateLimit {
  take(client: string): void | Promise<void>;
}

/** A fixed one-minute window per client subsystem, counted in this process: enough to stop a runaway client. */
export class RateLimiter implements ClientRateLimit {
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

/**
 * The same one-minute window counted in the gateway's database (the platform's rate-limit
 * store, one atomic upsert per request), so that every process of one gateway behind a load
 * balancer counts the same requests and a client cannot multiply its limit by the number of
 * processes.
 */
export class SharedRateLimiter implements ClientRateLimit {
  readonly #limit: number;
  readonly #store: InstanceType<ReturnType<typeof databaseRateLimitStore>>;

  constructor(db: Database, clock: Clock, perMinute: number, gateway: string) {
    this.#limit = perMinute;
    const Store = databaseRateLimitStore(db, clock);
    this.#store = new Store(undefined, `exchange-gateway ${gateway} `);
  }

  take(client: string): Promise<void> {
    return new Promise((resolve, reject) => this.#store.incr(client, (error, result) => {
      if (error) return reject(error);
      if (result!.current > this.#limit) return reject(new TooManyRequests(client));
      resolve();
    }, 60_000, this.#limit));
  }
}
