// SPDX-License-Identifier: Apache-2.0
import { appendEvents, type Clock, type Database } from '@tessera/platform';
import type { ApplicationStatus } from '../domain/application/application-status.ts';
import { applicationEvents } from './schema.ts';

export interface ApplicationChange {
  applicationId: string;
  actor: string;
  type: string;
  fromStatus?: ApplicationStatus | null;
  toStatus?: ApplicationStatus | null;
  /** Codes and ids only: this goes into the public transparency log. */
  detail?: Record<string, unknown>;
  /** When it happened, for changes imported after the fact; else the clock's now. */
  at?: Date;
}

/**
 * Writes a change to the application's history and to the transparency log, inside the caller's
 * transaction, so both exist exactly when the change itself does.
 */
export async function recordChange(tx: Database, clock: Clock, change: ApplicationChange): Promise<void> {
  await recordChanges(tx, clock, [change]);
}

/** Rows per INSERT of history: bounds one statement's parameters (seven a change). */
const CHUNK = 2000;

/** Many changes, in order, with one history INSERT per two thousand and one batched log append. */
export async function recordChanges(tx: Database, clock: Clock, changes: readonly ApplicationChange[]): Promise<void> {
  const at = clock.now();
  for (let start = 0; start < changes.length; start += CHUNK) {
    await tx.insert(applicationEvents).values(changes.slice(start, start + CHUNK).map((change) => ({
      applicationId: change.applicationId,
      at: change.at ?? at,
      actor: change.actor,
      type: change.type,
      fromStatus: change.fromStatus ?? null,
      toStatus: change.toStatus ?? null,
      detail: change.detail ?? {},
    })));
  }
  await appendEvents(tx, changes.map((change) => ({
    context: 'authority',
    type: `application.${change.type}`,
    subject: change.applicationId,
    actor: change.actor,
    at: change.at ?? at,
    data: { ...(change.fromStatus ? { from: change.fromStatus } : {}), ...(change.toStatus ? { to: change.toStatus } : {}), ...change.detail },
  })));
}
