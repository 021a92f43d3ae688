// SPDX-License-Identifier: Apache-2.0
import { appendEvent, type Clock, type Database, type LogEvent } from '@tessera/platform';

/** A centre event as the centre's log takes it, at `at`. */
export function centreEvent(at: Date, event: { type: string; subject: string; actor: string; data?: Record<string, unknown> }): LogEvent {
  return { context: 'centre', at, ...event };
}

/** Appends a centre event to the centre's own transparency log, inside the change's transaction. */
export function recordCentreEvent(tx: Database, clock: Clock, event: { type: string; subject: string; actor: string; data?: Record<string, unknown> }) {
  return appendEvent(tx, centreEvent(clock.now(), event));
}
