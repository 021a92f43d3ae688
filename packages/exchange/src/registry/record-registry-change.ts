// SPDX-License-Identifier: Apache-2.0
import { appendEvent, type Clock, type Database } from '@tessera/platform';

export interface RegistryChange {
  /** e.g. `member.added`, `gateway.certificate_changed`. */
  type: string;
  /** The X-Road identifier (without instance) of what changed. */
  subject: string;
  actor: string;
  /** Codes, ids and certificate hashes only: this goes into the public transparency log. */
  data?: Record<string, unknown>;
}

/**
 * Publishes a registry change in the transparency log inside the caller's transaction, so that
 * who was let into the exchange, and when, can be proven later — and the entry exists exactly
 * when the change does.
 */
export async function recordRegistryChange(tx: Database, clock: Clock, change: RegistryChange): Promise<void> {
  await appendEvent(tx, { context: 'exchange_registry', type: change.type, subject: change.subject, actor: change.actor, at: clock.now(), data: change.data ?? {} });
}
