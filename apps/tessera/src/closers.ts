// SPDX-License-Identifier: Apache-2.0

/**
 * What a start has opened so far, closed in reverse order: on stop, and when a later step of the
 * start fails, so that a failed start leaves no server listening and no database open (a test
 * whose `before` failed would otherwise keep its process alive).
 */
export class Closers {
  readonly #closers: Array<() => unknown> = [];

  add(close: () => unknown): void {
    this.#closers.push(close);
  }

  /** Closes everything, each step even when an earlier one failed; rethrows the first failure. */
  async closeAll(): Promise<void> {
    let first: unknown;
    for (let close = this.#closers.pop(); close; close = this.#closers.pop()) {
      try {
        await close();
      } catch (error) {
        first ??= error;
      }
    }
    if (first !== undefined) throw first;
  }
}
