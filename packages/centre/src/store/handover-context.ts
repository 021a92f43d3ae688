// SPDX-License-Identifier: Apache-2.0
import { and, eq } from 'drizzle-orm';
import type { Database, StaffPrincipal } from '@tessera/platform';
import { isAppointmentOpen } from '../domain/appointment-window.ts';
import type { CentreConfig } from '../domain/centre-config.ts';
import { HandoverStepRefused, NoOpenAppointment } from '../domain/centre-errors.ts';
import type { CentreDeps } from './centre-deps.ts';
import { staffCentre } from './centre-scope.ts';
import { appointments, handovers, stock, type AppointmentRow, type HandoverRow, type StockRow } from './schema.ts';

export interface HandoverContext {
  centre: CentreConfig;
  handover: HandoverRow;
  appointment: AppointmentRow;
  card: StockRow;
}

/**
 * A handover the signed-in operator may take the next step of: theirs, at their centre, still in
 * progress at `step`, inside its appointment while that is open. Anything else is refused, so
 * the operator never reaches an applicant outside their open appointments.
 */
export async function handoverForStep(tx: Database, deps: Pick<CentreDeps, 'centres' | 'clock'>, staff: StaffPrincipal, handoverId: string, steps: readonly string[]): Promise<HandoverContext> {
  const centre = await staffCentre({ db: tx, centres: deps.centres }, staff);
  const [row] = await tx.select().from(handovers).innerJoin(appointments, eq(appointments.id, handovers.appointmentId)).innerJoin(stock, eq(stock.id, handovers.stockId))
    .where(and(eq(handovers.id, handoverId), eq(appointments.centre, centre.code)))
    // Locks the handover with its appointment and card row (a schema-qualified FOR UPDATE OF is refused by PostgreSQL).
    .for('update');
  if (!row) throw new NoOpenAppointment('No handover of this centre has this id.');
  if (row.handovers.operatorId !== staff.id) throw new HandoverStepRefused('Another operator is performing this handover.');
  if (row.handovers.state !== 'in_progress' || !steps.includes(row.handovers.step)) throw new HandoverStepRefused('This step is not the handover’s next one.');
  if (!isAppointmentOpen(row.appointments, deps.clock.now())) throw new NoOpenAppointment('The appointment is not open now.');
  return { centre, handover: row.handovers, appointment: row.appointments, card: row.stock };
}

export async function getHandover(db: Database, deps: Pick<CentreDeps, 'centres'>, staff: StaffPrincipal, handoverId: string): Promise<{ handover: HandoverRow; appointment: AppointmentRow; card: StockRow }> {
  const centre = await staffCentre({ db, centres: deps.centres }, staff);
  const [row] = await db.select().from(handovers).innerJoin(appointments, eq(appointments.id, handovers.appointmentId)).innerJoin(stock, eq(stock.id, handovers.stockId))
    .where(and(eq(handovers.id, handoverId), eq(appointments.centre, centre.code)));
  if (!row) throw new NoOpenAppointment('No handover of this centre has this id.');
  return { handover: row.handovers, appointment: row.appointments, card: row.stock };
}
