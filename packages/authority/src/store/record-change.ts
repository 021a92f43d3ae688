// SPDX-License-Identifier: Apache-2.0
import { appendEvent, type Clock, type Database } from '@tessera/platform';
import { applicationEvents } from './schema.ts';

export interface ApplicationChange {
  applicationId: string;
  actor: string;
  type: string;
  fromStatus?: string | null;
  toStatus?: string | null;
  /** Codes and ids only: this goes into the public transparency log. */
  detail?: Record<string, unknown>;
}

/**
 * Writes a change to the application's history and to the transparency log, inside the caller's
 * transaction, so both exist exactly when the change itself does.
 */
export async function recordChange(tx: Database, clock: Clock, change: ApplicationChange): Promise<void> {
  const at = clock.now();
  await tx.insert(applicationEvents).values({
    applicationId: change.applicationId,
    at,
    actor: change.actor,
    type: change.type,
    fromStatus: change.fromStatus ?? null,
    toStatus: change.toStatus ?? null,
    detail: change.detail ?? {},
  });
  await appendEvent(tx, {
    context: 'authority',
    type: `application.${change.type}`,
    subject: change.applicationId,
    actor: change.actor,
    at,
    data: { ...(change.fromStatus ? { from: change.fromStatus } : {}), ...(change.toStatus ? { to: change.toStatus } : {}), ...change.detail },
  });
}
