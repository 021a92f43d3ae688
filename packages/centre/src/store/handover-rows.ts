// SPDX-License-Identifier: Apache-2.0
import { randomUUID } from 'node:crypto';
import { logEntryText } from '@tessera/platform';
import { centreEvent } from './record-centre-event.ts';
import type { AppointmentRow, StockRow } from './schema.ts';

/**
 * What each step of the guided handover writes, at `at`: the flows (`startHandover` …
 * `finishHandover`) and the bulk `importCards` build their rows and log events here, so both
 * leave the same records.
 */
export const handoverRows = {
  started(centre: string, appointment: Pick<AppointmentRow, 'id'>, card: Pick<StockRow, 'id' | 'documentNumber'>, operatorId: string, at: Date) {
    const handover = { id: randomUUID(), appointmentId: appointment.id, stockId: card.id, operatorId, state: 'in_progress' as const, step: 'identify', startedAt: at };
    return { handover, event: centreEvent(at, { type: 'handover.started', subject: handover.id, actor: operatorId, data: { centre, appointment: appointment.id, card: card.documentNumber } }) };
  },
  identified(handoverId: string, centre: string, operatorId: string, at: Date) {
    return { checks: { identityFetchedAt: at.toISOString() }, event: centreEvent(at, { type: 'handover.identity_fetched', subject: handoverId, actor: operatorId, data: { centre } }) };
  },
  checked(handoverId: string, operatorId: string, checks: Record<string, unknown>, o: { passportMatches: boolean; faceMatches: boolean; biometric?: unknown }, at: Date) {
    const all: Record<string, unknown> = { ...checks, passportMatches: o.passportMatches, faceMatches: o.faceMatches, ...(o.biometric !== undefined ? { biometric: o.biometric } : {}) };
    return { checks: all, event: centreEvent(at, { type: 'handover.checked', subject: handoverId, actor: operatorId, data: { biometric: all.biometric } }) };
  },
  confirmed(handoverId: string, centre: string, card: Pick<StockRow, 'documentNumber' | 'reference'>, operatorId: string, receiptSignedBy: string, at: Date) {
    const event = centreEvent(at, { type: 'handover.confirmed', subject: handoverId, actor: operatorId, data: { centre, card: card.documentNumber, reference: card.reference } });
    // The entry goes with the call to the authority, which asks this log to prove it.
    return { checks: { receipt: { signedBy: receiptSignedBy, at: at.toISOString() }, confirmedEntry: logEntryText(event) }, event };
  },
  finished(handoverId: string, card: Pick<StockRow, 'centre' | 'reference' | 'documentNumber'>, operatorId: string, at: Date) {
    return {
      handover: { state: 'completed' as const, step: 'done', finishedAt: at },
      stock: { state: 'handed_over', stateAt: at, bookingTokenHash: null },
      appointment: { state: 'attended' as const },
      event: centreEvent(at, { type: 'card.handed_over', subject: card.documentNumber, actor: operatorId, data: { centre: card.centre, reference: card.reference, handover: handoverId } }),
    };
  },
};
