// SPDX-License-Identifier: Apache-2.0
import { and, asc, eq, gte, lte } from 'drizzle-orm';
import type { Database } from '@tessera/platform';
import { OPEN_AFTER_MINUTES } from '../domain/appointment-window.ts';
import { appointments, handovers, stock } from './schema.ts';

/** A centre's booked appointments of the coming hours, with their card and any handover. */
export async function listAppointments(db: Database, centre: string, o: { from: Date; hours: number }) {
  const from = new Date(o.from.getTime() - OPEN_AFTER_MINUTES * 60_000 - 60 * 60_000);
  const to = new Date(o.from.getTime() + o.hours * 3600_000);
  return db.select({ appointment: appointments, card: { documentNumber: stock.documentNumber, reference: stock.reference, state: stock.state }, handover: { id: handovers.id, state: handovers.state, step: handovers.step, reason: handovers.reason } })
    .from(appointments).innerJoin(stock, eq(stock.id, appointments.stockId)).leftJoin(handovers, eq(handovers.appointmentId, appointments.id))
    .where(and(eq(appointments.centre, centre), eq(appointments.state, 'booked'), gte(appointments.startsAt, from), lte(appointments.startsAt, to)))
    .orderBy(asc(appointments.startsAt));
}
