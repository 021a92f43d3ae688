// SPDX-License-Identifier: Apache-2.0
import { logEntryText } from '@tessera/platform';

/** The entry a centre's log holds for a custody report, as the centre writes it: for tests that stand in for a centre. */
export function centreLogEntryFor(location: string, r: { reference: string; documentNumber: string; event: string; actor: string; at: string; reason?: string }, handoverId = 'handover-1'): string {
  if (r.event === 'handover_stopped') {
    return logEntryText({ context: 'centre', type: 'handover.stopped', subject: handoverId, actor: r.actor, at: new Date(r.at), data: { reason: r.reason, centre: location, reference: r.reference } });
  }
  return logEntryText({ context: 'centre', type: `card.${r.event}`, subject: r.documentNumber, actor: r.actor, at: new Date(r.at), data: { centre: location, reference: r.reference } });
}
