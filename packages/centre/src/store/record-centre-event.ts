// SPDX-License-Identifier: Apache-2.0
import { appendEvent, type Clock, type Database } from '@tessera/platform';

/** Appends a centre event to the centre's own transparency log, inside the change's transaction. */
export function recordCentreEvent(tx: Database, clock: Clock, event: { type: string; subject: string; actor: string; data?: Record<string, unknown> }) {
  return appendEvent(tx, { context: 'centre', at: clock.now(), ...event });
}
