// SPDX-License-Identifier: Apache-2.0

/**
 * Tells the OCSP responder and the CRL publisher that certificates changed status, after the
 * change is committed, so cached answers are dropped at once rather than at their expiry.
 */
export class StatusChanges {
  readonly #listeners = new Set<(serialHex: string) => void>();

  onChange(listener: (serialHex: string) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  notify(serials: readonly string[]): void {
    for (const serial of serials) for (const listener of this.#listeners) listener(serial);
  }
}
