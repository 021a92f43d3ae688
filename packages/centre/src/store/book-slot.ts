// SPDX-License-Identifier: Apache-2.0
import { randomUUID } from 'node:crypto';
import { and, count, eq, sql } from 'drizzle-orm';
import { appendEvent, NotFound, type Database } from '@tessera/platform';
import { centreByCode, type CentreConfig } from '../domain/centre-config.ts';
import { CardNotInStock, SlotUnavailable } from '../domain/centre-errors.ts';
import { isOfferedSlot } from '../domain/pickup-slots.ts';
import type { CentreDeps } from './centre-deps.ts';
import { tokenHash } from './confirm-arrival.ts';
import { centreEvent, recordCentreEvent } from './record-centre-event.ts';
import { appointments, stock, type AppointmentRow, type StockRow } from './schema.ts';

/** What booking a slot writes at `at`: the appointment and its log event (shared with `importCards`). */
export function bookingRows(centre: CentreConfig, card: Pick<StockRow, 'id' | 'documentNumber'>, startsAt: Date, at: Date, replaces?: string) {
  const appointment = { id: randomUUID(), centre: centre.code, stockId: card.id, startsAt, endsAt: new Date(startsAt.getTime() + centre.slotMinutes * 60_000), state: 'booked' as const, createdAt: at };
  return {
    appointment,
    event: centreEvent(at, { type: replaces ? 'appointment.moved' : 'appointment.booked', subject: appointment.id, actor: 'applicant', data: { centre: centre.code, card: card.documentNumber, startsAt: startsAt.toISOString(), ...(replaces ? { replaces } : {}) } }),
  };
}

/** The card a booking link stands for, locked for the change; an unknown link is simply not found. */
export async function cardForToken(tx: Database, centres: readonly CentreConfig[], token: string): Promise<{ card: StockRow; centre: CentreConfig }> {
  const [card] = await tx.select().from(stock).where(eq(stock.bookingTokenHash, tokenHash(token))).for('update');
  const centre = centreByCode(centres, card?.centre);
  if (!card || !centre) throw new NotFound('This booking link is not valid.');
  return { card, centre };
}

/**
 * Books (or moves to) a pickup slot for the card behind a booking link: the slot must be one the
 * centre offers, in the future, and not full. Moving cancels the previous booking in the same
 * transaction; the slot's capacity is counted under a lock on the slot, so two applicants
 * booking its last place at once cannot both get it.
 */
export async function bookSlot(deps: CentreDeps, token: string, startsAt: Date): Promise<AppointmentRow> {
  return deps.db.transaction(async (tx) => {
    const { card, centre } = await cardForToken(tx, deps.centres, token);
    if (card.state !== 'in_stock') throw new CardNotInStock('This card can no longer be booked for pickup.');
    if (!isOfferedSlot(centre, startsAt) || startsAt.getTime() <= deps.clock.now().getTime()) throw new SlotUnavailable('This slot is not offered.');
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`${centre.code}/${startsAt.toISOString()}`}))`);
    const [taken] = await tx.select({ n: count() }).from(appointments).where(and(eq(appointments.centre, centre.code), eq(appointments.startsAt, startsAt), eq(appointments.state, 'booked')));
    if (taken!.n >= centre.slotCapacity) throw new SlotUnavailable('This slot is full.');
    const [previous] = await tx.update(appointments).set({ state: 'cancelled' }).where(and(eq(appointments.stockId, card.id), eq(appointments.state, 'booked'))).returning({ id: appointments.id });
    const rows = bookingRows(centre, card, startsAt, deps.clock.now(), previous?.id);
    const [booked] = await tx.insert(appointments).values(rows.appointment).returning();
    await appendEvent(tx, rows.event);
    return booked!;
  });
}

/** Cancels the booking behind a booking link; the card stays in stock and can be booked again. */
export async function cancelSlot(deps: CentreDeps, token: string): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const { card, centre } = await cardForToken(tx, deps.centres, token);
    const [cancelled] = await tx.update(appointments).set({ state: 'cancelled' }).where(and(eq(appointments.stockId, card.id), eq(appointments.state, 'booked'))).returning({ id: appointments.id });
    if (!cancelled) throw new NotFound('There is no booking to cancel.');
    await recordCentreEvent(tx, deps.clock, { type: 'appointment.cancelled', subject: cancelled.id, actor: 'applicant', data: { centre: centre.code, card: card.documentNumber } });
  });
}

/** What the public booking page shows for a link: the card's state and its current booking. */
export async function bookingStatus(deps: CentreDeps, token: string): Promise<{ card: StockRow; centre: CentreConfig; appointment: AppointmentRow | null; taken: Map<number, number> }> {
  return deps.db.transaction(async (tx) => {
    const { card, centre } = await cardForToken(tx, deps.centres, token);
    const [appointment] = await tx.select().from(appointments).where(and(eq(appointments.stockId, card.id), eq(appointments.state, 'booked')));
    const rows = await tx.select({ startsAt: appointments.startsAt, n: count() }).from(appointments)
      .where(and(eq(appointments.centre, centre.code), eq(appointments.state, 'booked'), sql`${appointments.startsAt} > ${deps.clock.now()}`)).groupBy(appointments.startsAt);
    return { card, centre, appointment: appointment ?? null, taken: new Map(rows.map((r) => [r.startsAt.getTime(), r.n])) };
  });
}
