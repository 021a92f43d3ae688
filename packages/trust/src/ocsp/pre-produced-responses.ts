// SPDX-License-Identifier: Apache-2.0

/** A signed OCSPResponse kept for requests without a nonce. */
export interface PreProducedResponse {
  der: Uint8Array;
  producedAt: Date;
  thisUpdate: Date;
  nextUpdate: Date;
  /** Normalised serials the response speaks about, so invalidate(serial) can find it. */
  serials: readonly string[];
}

/**
 * Signed responses reused until half their validity has passed (RFC 5019 §6.1 lets a responder
 * pre-produce; renewing at half-life means a client caching until nextUpdate never holds an
 * answer older than one validity period), or until invalidate() says the status changed.
 *
 * Bounded, because CertIDs are chosen by clients: random serials must not grow memory without
 * limit. Eviction is oldest-inserted first (Map order), which is good enough for a cache whose
 * entries all expire within minutes anyway.
 */
export class PreProducedResponses {
  readonly #entries = new Map<string, PreProducedResponse>();
  readonly #keysBySerial = new Map<string, Set<string>>();
  readonly #maxEntries: number;
  #generation = 0;

  constructor(maxEntries: number) {
    this.#maxEntries = maxEntries;
  }

  /** Bumped by every invalidation; a response signed across one is not stored (it may be stale). */
  get generation(): number {
    return this.#generation;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: string, now: Date): PreProducedResponse | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    const halfLife = entry.thisUpdate.getTime() + (entry.nextUpdate.getTime() - entry.thisUpdate.getTime()) / 2;
    if (now.getTime() >= halfLife || now.getTime() < entry.thisUpdate.getTime()) {
      this.#remove(key);
      return undefined;
    }
    return entry;
  }

  put(key: string, entry: PreProducedResponse, generationAtStart: number): void {
    if (generationAtStart !== this.#generation) return;
    this.#remove(key);
    while (this.#entries.size >= this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done) break;
      this.#remove(oldest.value);
    }
    this.#entries.set(key, entry);
    for (const serial of entry.serials) {
      let keys = this.#keysBySerial.get(serial);
      if (!keys) this.#keysBySerial.set(serial, (keys = new Set()));
      keys.add(key);
    }
  }

  /** Drops the responses about one serial, or all of them. */
  invalidate(serial?: string): void {
    this.#generation++;
    if (serial === undefined) {
      this.#entries.clear();
      this.#keysBySerial.clear();
      return;
    }
    for (const key of [...(this.#keysBySerial.get(serial) ?? [])]) this.#remove(key);
  }

  #remove(key: string): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    for (const serial of entry.serials) {
      const keys = this.#keysBySerial.get(serial);
      keys?.delete(key);
      if (keys?.size === 0) this.#keysBySerial.delete(serial);
    }
  }
}
