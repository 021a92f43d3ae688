// SPDX-License-Identifier: Apache-2.0
import { and, eq, inArray } from 'drizzle-orm';
import { appendEvent, type StaffPrincipal } from '@tessera/platform';
import { isAppointmentOpen } from '../domain/appointment-window.ts';
import { CardNotInStock, HandoverStepRefused, NoOpenAppointment } from '../domain/centre-errors.ts';
import type { CentreDeps } from './centre-deps.ts';
import { staffCentre } from './centre-scope.ts';
import { handoverRows } from './handover-rows.ts';
import { appointments, handovers, stock, type HandoverRow } from './schema.ts';

/** Opens the guided handover for an appointment of the operator's centre that is open now. */
export async function startHandover(deps: CentreDeps, staff: StaffPrincipal, appointmentId: string): Promise<HandoverRow> {
  const centre = await staffCentre(deps, staff);
  return deps.db.transaction(async (tx) => {
    const [appointment] = await tx.select().from(appointments).where(and(eq(appointments.id, appointmentId), eq(appointments.centre, centre.code))).for('update');
    if (!appointment || !isAppointmentOpen(appointment, deps.clock.now())) throw new NoOpenAppointment('There is no open appointment for this handover.');
    const [card] = await tx.select().from(stock).where(eq(stock.id, appointment.stockId));
    if (!card || card.state !== 'in_stock') throw new CardNotInStock('The card of this appointment is not in stock.');
    const [running] = await tx.select({ id: handovers.id }).from(handovers).where(and(eq(handovers.appointmentId, appointment.id), inArray(handovers.state, ['in_progress', 'completed'])));
    if (running) throw new HandoverStepRefused('This appointment already has a handover.');
    const rows = handoverRows.started(centre.code, appointment, card, staff.id, deps.clock.now());
    const [handover] = await tx.insert(handovers).values(rows.handover).returning();
    await appendEvent(tx, rows.event);
    return handover!;
  });
}
