// SPDX-License-Identifier: Apache-2.0
import { sql } from 'drizzle-orm';
import type { Database, Storage } from '@tessera/platform';

/** The PostgreSQL channel on which committed status changes are announced to every process. */
export const STATUS_CHANNEL = 'trust_certificate_status';

/**
 * Tells the OCSP responder and the CRL publisher that certificates changed status, after the
 * change is committed, so cached answers are dropped at once rather than at their expiry — in
 * this process (`notify`) and, once `follow` is running, in every other process on the same
 * database: a card revoked through one portal process is answered as revoked by the trust
 * services' process at once, not when its pre-produced "good" expires.
 */
export class StatusChanges {
  readonly #listeners = new Set<(serialHex: string) => void>();
  readonly #resyncs = new Set<() => void>();

  onChange(listener: (serialHex: string) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Called when changes may have been missed (the listening connection was re-opened): drop every cached answer. */
  onResync(listener: () => void): () => void {
    this.#resyncs.add(listener);
    return () => this.#resyncs.delete(listener);
  }

  notify(serials: readonly string[]): void {
    for (const serial of serials) for (const listener of this.#listeners) listener(serial);
  }

  /** Inside the change's transaction: the other processes hear it when, and only if, it commits. */
  static async announce(tx: Database, serials: readonly string[]): Promise<void> {
    if (serials.length > 0) await tx.execute(sql`select pg_notify(${STATUS_CHANNEL}, ${serials.join(',')})`);
  }

  /** Hears the changes other processes announce; returns a function that stops. */
  follow(storage: Storage): Promise<() => Promise<void>> {
    return storage.listen(STATUS_CHANNEL, (payload) => this.notify(payload.split(',').filter(Boolean)), () => {
      for (const resync of this.#resyncs) resync();
    });
  }
}
