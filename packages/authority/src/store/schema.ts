// SPDX-License-Identifier: Apache-2.0
import { sql } from 'drizzle-orm';
import type { Database } from '@tessera/platform';
import { bigint, bigserial, boolean, date, index, integer, jsonb, pgSchema, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { bytea, type Locale } from '@tessera/platform';
import type { ApplicationStatus } from '../domain/application/application-status.ts';
import type { Motivation } from '../domain/application/application-form.ts';
import type { RejectionReason } from '../domain/application/rejection-reasons.ts';

/** The authority owns this schema; no other context reads it. */
export const authority = pgSchema('authority');

export const referenceSequence = authority.sequence('application_reference_seq', { startWith: 1 });

/** Next number for a human-readable reference; a sequence, so concurrent submissions never share one. */
/** The next `count` numbers of the reference sequence, in order, in one statement. */
export async function nextReferenceNumbers(db: Database, count: number): Promise<number[]> {
  const result = await db.execute(sql`select nextval('authority.application_reference_seq') as n from generate_series(1, ${count}) order by 1`);
  return (result as { rows: Array<{ n: string | number }> }).rows.map((r) => Number(r.n));
}

export const pickupLocations = authority.table('pickup_locations', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind', { enum: ['service_point', 'embassy', 'partner_centre'] }).notNull(),
  city: text('city').notNull(),
  country: text('country').notNull(),
  timeZone: text('time_zone').notNull(),
  /** Partner's service charge on top of the state fee, in cents. */
  surchargeMinor: integer('surcharge_minor').notNull().default(0),
  active: boolean('active').notNull().default(true),
});

/**
 * Every payment the provider was asked to open, and every one it reported taken, matched or
 * not: a fee is never taken without a row here, so each is either an application's fee or due
 * back to the payer (a second payment, one that arrived late, one for an unknown application).
 */
export const payments = authority.table('payments', {
  paymentId: text('payment_id').primaryKey(),
  /** Null for a payment the provider reported that we never opened. */
  applicationId: uuid('application_id'),
  amountMinor: integer('amount_minor').notNull(),
  currency: text('currency').notNull(),
  status: text('status', { enum: ['pending', 'succeeded', 'failed', 'cancelled', 'refund_pending', 'refund_requested', 'refunded'] }).notNull(),
  /** Why a taken fee is due back: the application was already paid, no longer payable, or unknown; or the amount was wrong. */
  refundReason: text('refund_reason', { enum: ['duplicate', 'late', 'unmatched', 'amount_mismatch'] }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
}, (t) => [index('payments_application_idx').on(t.applicationId), index('payments_status_idx').on(t.status)]);

export const applications = authority.table('applications', {
  id: uuid('id').primaryKey(),
  reference: text('reference').notNull().unique(),
  status: text('status').notNull().$type<ApplicationStatus>(),
  givenNames: text('given_names').notNull(),
  surname: text('surname').notNull(),
  dateOfBirth: date('date_of_birth', { mode: 'string' }).notNull(),
  sex: text('sex', { enum: ['F', 'M'] }).notNull(),
  citizenship: text('citizenship').notNull(),
  residenceCountry: text('residence_country').notNull(),
  email: text('email').notNull(),
  documentNumber: text('document_number').notNull(),
  documentCountry: text('document_country').notNull(),
  documentIssuedOn: date('document_issued_on', { mode: 'string' }).notNull(),
  documentExpiresOn: date('document_expires_on', { mode: 'string' }).notNull(),
  motivation: text('motivation').notNull().$type<Motivation>(),
  motivationText: text('motivation_text').notNull(),
  pickupLocation: text('pickup_location').notNull().references(() => pickupLocations.code),
  locale: text('locale').notNull().$type<Locale>(),
  /** SHA-256 of the private status-link token; the token itself is only ever in the applicant's link. */
  statusTokenHash: text('status_token_hash').notNull().unique(),
  feeMinor: integer('fee_minor').notNull(),
  currency: text('currency').notNull(),
  paymentId: text('payment_id'),
  paymentStatus: text('payment_status', { enum: ['pending', 'succeeded', 'failed', 'cancelled', 'refund_pending', 'refund_requested', 'refunded'] }).notNull(),
  flagged: boolean('flagged').notNull().default(false),
  nameKey: text('name_key').notNull(),
  documentKey: text('document_key').notNull(),
  firstApprover: text('first_approver'),
  decidedBy: text('decided_by'),
  rejectionReason: text('rejection_reason').$type<RejectionReason>(),
  rejectionNote: text('rejection_note'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  submittedAt: timestamp('submitted_at', { withTimezone: true }),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
  /** The digi-ID made for this decision, once the card issuer has personalised it. */
  cardDocumentNumber: text('card_document_number'),
  cardOrderedAt: timestamp('card_ordered_at', { withTimezone: true }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
}, (t) => [
  index('applications_status_idx').on(t.status, t.submittedAt),
  index('applications_location_idx').on(t.pickupLocation, t.status),
  index('applications_name_key_idx').on(t.nameKey),
  index('applications_document_key_idx').on(t.documentKey),
  index('applications_payment_idx').on(t.paymentId),
  index('applications_card_idx').on(t.status, t.cardDocumentNumber),
]);

export const applicationFiles = authority.table('application_files', {
  applicationId: uuid('application_id').notNull().references(() => applications.id),
  kind: text('kind', { enum: ['photo', 'passport_scan'] }).notNull(),
  mediaType: text('media_type').notNull(),
  bytes: bytea('bytes').notNull(),
  size: integer('size').notNull(),
  width: integer('width'),
  height: integer('height'),
  sha256: text('sha256').notNull(),
}, (t) => [primaryKey({ columns: [t.applicationId, t.kind] })]);

export const checkResults = authority.table('check_results', {
  applicationId: uuid('application_id').notNull().references(() => applications.id),
  check: text('check').notNull(),
  outcome: text('outcome', { enum: ['pass', 'flag'] }).notNull(),
  reasons: jsonb('reasons').notNull().$type<Array<{ code: string; message: string; detail?: Record<string, unknown> }>>(),
  checkedAt: timestamp('checked_at', { withTimezone: true }).notNull(),
}, (t) => [primaryKey({ columns: [t.applicationId, t.check] })]);

/** The application's own history, shown to officers; the transparency log holds the proof. */
export const applicationEvents = authority.table('application_events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  applicationId: uuid('application_id').notNull().references(() => applications.id),
  at: timestamp('at', { withTimezone: true }).notNull(),
  actor: text('actor').notNull(),
  type: text('type').notNull(),
  fromStatus: text('from_status').$type<ApplicationStatus>(),
  toStatus: text('to_status').$type<ApplicationStatus>(),
  detail: jsonb('detail').notNull().$type<Record<string, unknown>>().default(sql`'{}'::jsonb`),
}, (t) => [index('application_events_app_idx').on(t.applicationId, t.id)]);

/** Every time staff opened an applicant's personal data, and why. */
export const personalDataAccess = authority.table('personal_data_access', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  applicationId: uuid('application_id').notNull().references(() => applications.id),
  staffId: text('staff_id').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull(),
  purpose: text('purpose').notNull(),
}, (t) => [index('personal_data_access_app_idx').on(t.applicationId, t.at)]);

export type ApplicationRow = typeof applications.$inferSelect;
export type PickupLocationRow = typeof pickupLocations.$inferSelect;

/**
 * The partner collection centres the authority works with: which exchange subsystem stands for
 * which pickup location (compared as the whole identifier), and whether the centre is suspended.
 */
export const partnerCentres = authority.table('partner_centres', {
  location: text('location').primaryKey().references(() => pickupLocations.code),
  exchangeClient: text('exchange_client').notNull().unique(),
  state: text('state', { enum: ['active', 'suspended'] }).notNull(),
  changedAt: timestamp('changed_at', { withTimezone: true }).notNull(),
  reason: text('reason'),
  /** The public key (JWK, Ed25519) the centre's transparency log signs its tree heads with, as registered with the authority. */
  logKey: jsonb('log_key').$type<Record<string, unknown>>(),
  /** The key the log signed with before its rotation was approved: still accepted until the first head signed with `logKey` is. */
  retiringLogKey: jsonb('retiring_log_key').$type<Record<string, unknown>>(),
  /** The state the centre was last told over the exchange (null: never told); differs from `state` until it is. */
  notifiedState: text('notified_state', { enum: ['active', 'suspended'] }),
  /** The service levels the overseer set for this centre (any left out: the defaults, see `DEFAULT_CENTRE_SLA`); null: all defaults. */
  sla: jsonb('sla').$type<Partial<Record<string, number>>>(),
  /**
   * Which run of heads of the centre's log the authority checks now: 0 from registration, one
   * more at each approved reset of a lost log key (see `centreLogKeyResets`). Heads of an earlier
   * run are kept, but the next head is never checked against them: the break is not provable.
   */
  logEpoch: integer('log_epoch').notNull().default(0),
});

/**
 * A new log key for a centre that lost its key (no rotation statement can be signed), four
 * eyes: one overseer proposes it with a reason, another approves it. At most one is proposed
 * per centre at a time; a new proposal supersedes the one before.
 */
export const centreLogKeyResets = authority.table('centre_log_key_resets', {
  id: uuid('id').primaryKey(),
  location: text('location').notNull().references(() => partnerCentres.location),
  /** The new public key (JWK, Ed25519). */
  newKey: jsonb('new_key').notNull().$type<Record<string, unknown>>(),
  reason: text('reason').notNull(),
  state: text('state', { enum: ['proposed', 'approved', 'superseded'] }).notNull(),
  proposedBy: text('proposed_by').notNull(),
  proposedAt: timestamp('proposed_at', { withTimezone: true }).notNull(),
  approvedBy: text('approved_by'),
  approvedAt: timestamp('approved_at', { withTimezone: true }),
  /** The last head accepted before the reset (null: none), where the unproven break is. */
  breakAfterSize: bigint('break_after_size', { mode: 'number' }),
}, (t) => [
  uniqueIndex('centre_log_key_resets_proposed_key').on(t.location).where(sql`${t.state} = 'proposed'`),
  index('centre_log_key_resets_location_idx').on(t.location, t.proposedAt),
]);

/** Shipments of personalised cards to a centre; the manifest is sent over the exchange after commit. */
export const shipments = authority.table('shipments', {
  id: text('id').primaryKey(),
  location: text('location').notNull().references(() => pickupLocations.code),
  state: text('state', { enum: ['pending', 'sent'] }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  sentAt: timestamp('sent_at', { withTimezone: true }),
  attempts: integer('attempts').notNull().default(0),
}, (t) => [index('shipments_state_idx').on(t.state, t.createdAt)]);

/** Each card's chain of custody: dispatched by the authority, then every step the centre reported. */
export const cardCustody = authority.table('card_custody', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  reference: text('reference').notNull(),
  documentNumber: text('document_number').notNull(),
  location: text('location').notNull(),
  event: text('event').notNull(),
  actor: text('actor').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull(),
  shipmentId: text('shipment_id').references(() => shipments.id),
  detail: jsonb('detail').notNull().$type<Record<string, unknown>>().default(sql`'{}'::jsonb`),
}, (t) => [
  // Each event happens once to a card, so a replayed or retried report records nothing new.
  uniqueIndex('card_custody_once').on(t.reference, t.event),
  index('card_custody_location_idx').on(t.location, t.event, t.at),
]);

export type CardCustodyRow = typeof cardCustody.$inferSelect;

/** Each daily reconciliation with a centre: how many cards were checked and what did not agree. */
export const centreReconciliations = authority.table('centre_reconciliations', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  location: text('location').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull(),
  checked: integer('checked').notNull(),
  discrepancies: jsonb('discrepancies').notNull().$type<Array<{ documentNumber: string; authority: string | null; centre: string | null }>>(),
}, (t) => [index('centre_reconciliations_location_idx').on(t.location, t.at)]);

/** Handovers a centre stopped, with the reason it recorded (a failed check, a refused receipt…), as it reported them. */
export const handoverFailures = authority.table('handover_failures', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  location: text('location').notNull(),
  reference: text('reference').notNull(),
  documentNumber: text('document_number').notNull(),
  reason: text('reason').notNull(),
  actor: text('actor').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull(),
}, (t) => [
  // A replayed or retried report of the same stop records nothing new.
  uniqueIndex('handover_failures_once').on(t.reference, t.at, t.reason),
  index('handover_failures_location_idx').on(t.location, t.at),
]);

/** The centre's signed tree heads the authority accepted: each one proven an extension of the one before. */
export const centreTreeHeads = authority.table('centre_tree_heads', {
  location: text('location').notNull(),
  size: bigint('size', { mode: 'number' }).notNull(),
  rootHash: text('root_hash').notNull(),
  timestamp: timestamp('timestamp', { withTimezone: true }).notNull(),
  signature: text('signature').notNull(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
  /** The run of heads it belongs to (`partnerCentres.logEpoch` when it was accepted). */
  epoch: integer('epoch').notNull().default(0),
}, (t) => [primaryKey({ columns: [t.location, t.epoch, t.size] })]);

/** A failed check of a centre's log: a head not signed by its key, or one that is not an extension of the accepted one. */
export const centreLogAlerts = authority.table('centre_log_alerts', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  location: text('location').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull(),
  code: text('code', { enum: ['signature_invalid', 'inconsistent', 'fork', 'rollback', 'inclusion_invalid', 'action_not_in_log'] }).notNull(),
  /** The refused head (size, root, time) and the size of the head accepted before it. */
  detail: jsonb('detail').notNull().$type<Record<string, unknown>>(),
}, (t) => [index('centre_log_alerts_location_idx').on(t.location, t.at)]);

/**
 * An action a centre reported (a check-in, a stop, a return, a handover) and the entry of the
 * centre's own log that records it: `pending` until a tree head of that log is shown to include
 * it (RFC 9162 §2.1.3), `included` then, `missing` when no valid proof came in time.
 */
export const centreLogClaims = authority.table('centre_log_claims', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  location: text('location').notNull(),
  /** Hex SHA-256 leaf hash of the entry, computed by the authority from the entry's text. */
  leafHash: text('leaf_hash').notNull(),
  action: text('action').notNull(),
  reference: text('reference').notNull(),
  /** When the centre says the action happened (the entry's `at`). */
  at: timestamp('at', { withTimezone: true }).notNull(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
  state: text('state', { enum: ['pending', 'included', 'missing'] }).notNull(),
  /** Where the entry sits in the centre's log, and the head that proved it. */
  leafIndex: bigint('leaf_index', { mode: 'number' }),
  headSize: bigint('head_size', { mode: 'number' }),
}, (t) => [
  uniqueIndex('centre_log_claims_leaf_key').on(t.location, t.leafHash),
  index('centre_log_claims_pending_idx').on(t.location, t.id).where(sql`${t.state} = 'pending'`),
]);
