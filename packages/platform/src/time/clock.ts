// SPDX-License-Identifier: Apache-2.0

/** The only source of "now" in Tessera, passed explicitly so deadlines and expiry are testable. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that stands still until moved; for tests and the demo world. */
export class ManualClock implements Clock {
  #time: number;
  constructor(start: Date | string) {
    this.#time = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.#time);
  }
  advance(ms: number): void {
    this.#time += ms;
  }
  set(to: Date | string): void {
    this.#time = new Date(to).getTime();
  }
}
