// SPDX-License-Identifier: Apache-2.0
import { sql } from 'drizzle-orm';
import { bigserial, date, index, integer, jsonb, pgSchema, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { HandoverStopReason } from '../domain/appointment-window.ts';

/** The collection centre owns this schema, in its own database; the authority never reads it. */
export const centre = pgSchema('centre');

/** Shipment manifests as the authority sent them over the exchange. */
export const shipments = centre.table('shipments', {
  id: text('id').primaryKey(),
  centre: text('centre').notNull(),
  sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
  cardCount: integer('card_count').notNull(),
});

/** Every card announced to the centre and where it is now. No names: the manifest carries none. */
export const stock = centre.table('stock', {
  id: uuid('id').primaryKey(),
  centre: text('centre').notNull(),
  shipmentId: text('shipment_id').notNull().references(() => shipments.id),
  reference: text('reference').notNull().unique(),
  documentNumber: text('document_number').notNull().unique(),
  collectBy: date('collect_by', { mode: 'string' }).notNull(),
  /** The holder as a data subject (`EE` + identification code), declared when the centre reads their data. */
  dataSubject: text('data_subject'),
  state: text('state').notNull(),
  stateAt: timestamp('state_at', { withTimezone: true }).notNull(),
  arrivedAt: timestamp('arrived_at', { withTimezone: true }),
  note: text('note'),
  /** SHA-256 of the applicant's booking link token; the token itself travels once, in the authority's e-mail. */
  bookingTokenHash: text('booking_token_hash').unique(),
}, (t) => [index('stock_centre_state_idx').on(t.centre, t.state)]);

/** Custody events waiting to reach the authority (an outbox: recorded with the change, sent after commit). */
export const custodyReports = centre.table('custody_reports', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  centre: text('centre').notNull(),
  reference: text('reference').notNull(),
  documentNumber: text('document_number').notNull(),
  event: text('event').notNull(),
  actor: text('actor').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull(),
  detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
  sentAt: timestamp('sent_at', { withTimezone: true }),
  attempts: integer('attempts').notNull().default(0),
}, (t) => [index('custody_reports_pending_idx').on(t.sentAt, t.id)]);

/** Pickup appointments the applicants booked on the public page. */
export const appointments = centre.table('appointments', {
  id: uuid('id').primaryKey(),
  centre: text('centre').notNull(),
  stockId: uuid('stock_id').notNull().references(() => stock.id),
  startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
  endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
  state: text('state', { enum: ['booked', 'cancelled', 'attended'] }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  remindedAt: timestamp('reminded_at', { withTimezone: true }),
}, (t) => [
  index('appointments_slot_idx').on(t.centre, t.startsAt, t.state),
  // One live booking per card: moving a slot cancels the old row in the same transaction.
  uniqueIndex('appointments_one_booked_per_card').on(t.stockId).where(sql`state = 'booked'`),
]);

/** The guided handover inside an appointment, step by step, with the reason when it stopped. */
export const handovers = centre.table('handovers', {
  id: uuid('id').primaryKey(),
  appointmentId: uuid('appointment_id').notNull().references(() => appointments.id),
  stockId: uuid('stock_id').notNull().references(() => stock.id),
  operatorId: text('operator_id').notNull(),
  state: text('state', { enum: ['in_progress', 'completed', 'stopped'] }).notNull(),
  step: text('step').notNull(),
  reason: text('reason').$type<HandoverStopReason>(),
  checks: jsonb('checks').$type<Record<string, unknown>>().notNull().default({}),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
}, (t) => [index('handovers_appointment_idx').on(t.appointmentId)]);

/**
 * Which centre each staff member works at. The accounts are the platform's (sign-in, roles); the
 * binding to a centre is the centre's own business, so it lives here, one centre per account.
 */
export const staffCentres = centre.table('staff_centres', {
  staffId: uuid('staff_id').primaryKey(),
  centre: text('centre').notNull(),
  assignedAt: timestamp('assigned_at', { withTimezone: true }).notNull(),
});

/** The authority's last word on each centre's state: while suspended, none of its staff is served. */
export const centreSuspensions = centre.table('centre_suspensions', {
  centre: text('centre').primaryKey(),
  state: text('state', { enum: ['active', 'suspended'] }).notNull(),
  /** When the authority changed the state (orders the notices). */
  changedAt: timestamp('changed_at', { withTimezone: true }).notNull(),
  reason: text('reason'),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
});

export type StockRow = typeof stock.$inferSelect;
export type AppointmentRow = typeof appointments.$inferSelect;
export type HandoverRow = typeof handovers.$inferSelect;
