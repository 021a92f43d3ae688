// SPDX-License-Identifier: Apache-2.0
import { appendEvent, type Clock, type Database } from '@tessera/platform';

/** A change of the type catalogue in the transparency log, in the caller's transaction. */
export async function recordTypeChange(tx: Database, clock: Clock, change: { type: string; subject: string; actor: string; data?: Record<string, unknown> }): Promise<void> {
  await appendEvent(tx, { context: 'credentials', type: change.type, subject: change.subject, actor: change.actor, at: clock.now(), data: change.data ?? {} });
}
