// SPDX-License-Identifier: Apache-2.0
import { bigserial, doublePrecision, index, integer, jsonb, pgSchema, primaryKey, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** The proactive benefits service's own tables; no other context reads them. */
export const benefits = pgSchema('benefits');

/**
 * A person who opted in. `subject` is their identification code with country prefix, as the
 * exchange's data tracker names them; `id` is the pseudonym the public transparency log carries.
 * `tier` null: consent withdrawn (the row stays so receipts can be shown).
 */
export const people = benefits.table('people', {
  id: uuid('id').primaryKey(),
  subject: text('subject').notNull(),
  tier: text('tier', { enum: ['basic', 'extended', 'financial'] }),
  email: text('email'),
  locale: text('locale').notNull(),
  /** Until the register says otherwise: the jurisdiction whose programmes apply. */
  residence: text('residence'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
}, (t) => [uniqueIndex('people_subject_key').on(t.subject)]);

/** Every consent given, changed or withdrawn: the person's receipts. */
export const consentReceipts = benefits.table('consent_receipts', {
  id: uuid('id').primaryKey(),
  personId: uuid('person_id').notNull().references(() => people.id),
  fromTier: text('from_tier'),
  toTier: text('to_tier'),
  at: timestamp('at', { withTimezone: true }).notNull(),
  /** The transparency-log leaf hash of this change: proof the receipt was published. */
  leafHash: text('leaf_hash').notNull(),
}, (t) => [index('consent_receipts_person_idx').on(t.personId, t.at)]);

/**
 * What an agency released about one data subject under one consent tier, as input values.
 * Lowering or withdrawing consent deletes the rows of the tiers no longer given.
 */
export const fetchedData = benefits.table('fetched_data', {
  personId: uuid('person_id').notNull().references(() => people.id),
  source: text('source').notNull(),
  subject: text('subject').notNull(),
  tier: text('tier', { enum: ['basic', 'extended', 'financial'] }).notNull(),
  /** `{ person: InputValues, household: InputValues }` for that subject. */
  inputs: jsonb('inputs').notNull(),
  fetchedAt: timestamp('fetched_at', { withTimezone: true }).notNull(),
}, (t) => [primaryKey({ columns: [t.personId, t.source, t.subject, t.tier] })]);

/** The members of the household each person's last evaluation saw: life events find the affected people here. */
export const householdMembers = benefits.table('household_members', {
  personId: uuid('person_id').notNull().references(() => people.id),
  memberSubject: text('member_subject').notNull(),
}, (t) => [primaryKey({ columns: [t.personId, t.memberSubject] }), index('household_members_member_idx').on(t.memberSubject)]);

/** The latest answer for one programme and one member of the person's household. */
export const offers = benefits.table('offers', {
  id: uuid('id').primaryKey(),
  personId: uuid('person_id').notNull().references(() => people.id),
  programme: text('programme').notNull(),
  beneficiary: text('beneficiary').notNull(),
  status: text('status', { enum: ['eligible', 'not-eligible', 'cannot-tell'] }).notNull(),
  amount: doublePrecision('amount'),
  period: text('period').notNull(),
  /** Input labels and consent tiers that would decide a `cannot-tell`. */
  missing: jsonb('missing').notNull(),
  consentsNeeded: jsonb('consents_needed').notNull(),
  explanation: text('explanation').notNull(),
  evaluatedAt: timestamp('evaluated_at', { withTimezone: true }).notNull(),
  /** When the person was last told this programme became available (the in-portal inbox). */
  notifiedAt: timestamp('notified_at', { withTimezone: true }),
}, (t) => [uniqueIndex('offers_person_programme_key').on(t.personId, t.programme, t.beneficiary)]);

/** Life events the registers reported; each is processed once, for the people it affects. */
export const lifeEvents = benefits.table('life_events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  type: text('type', { enum: ['birth', 'turned-65', 'household-change', 'income-assessment', 'death'] }).notNull(),
  subjects: jsonb('subjects').notNull(),
  reportedBy: text('reported_by').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull(),
  processedAt: timestamp('processed_at', { withTimezone: true }),
}, (t) => [index('life_events_pending_idx').on(t.processedAt)]);

/** One-step applications: recorded first, sent to the agency over the exchange after commit. */
export const applications = benefits.table('applications', {
  id: uuid('id').primaryKey(),
  reference: text('reference').notNull(),
  personId: uuid('person_id').notNull().references(() => people.id),
  offerId: uuid('offer_id').notNull().references(() => offers.id),
  programme: text('programme').notNull(),
  beneficiary: text('beneficiary').notNull(),
  /** What the agency receives, prefilled from the offer. */
  prefilled: jsonb('prefilled').notNull(),
  /** `awaiting-certificate`: the programme needs the household-register certificate, not yet presented from the wallet. */
  status: text('status', { enum: ['awaiting-certificate', 'pending', 'sent'] }).notNull(),
  /** The verifier's presentation request the person answers from their wallet. */
  certificateRequest: text('certificate_request'),
  /** The link that opens the person's wallet on that request (`openid4vp://`), until it is answered. */
  certificateLink: text('certificate_link'),
  /** The verified household-register certificate, kept instead of a paper copy (what the agency receives). */
  certificate: jsonb('certificate'),
  agencyReference: text('agency_reference'),
  attempts: integer('attempts').notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  sentAt: timestamp('sent_at', { withTimezone: true }),
}, (t) => [uniqueIndex('applications_reference_key').on(t.reference), uniqueIndex('applications_offer_key').on(t.offerId), uniqueIndex('applications_certificate_request_key').on(t.certificateRequest)]);

/** How the person wants to be told (channels, phone for SMS, quiet hours in their time zone); no row: the defaults. */
export const notificationPreferences = benefits.table('notification_preferences', {
  personId: uuid('person_id').primaryKey().references(() => people.id),
  channels: jsonb('channels').$type<Array<'email' | 'push' | 'sms'>>().notNull(),
  phone: text('phone'),
  timeZone: text('time_zone').notNull(),
  /** Local minutes since midnight; both null: no quiet hours. */
  quietFrom: smallint('quiet_from'),
  quietUntil: smallint('quiet_until'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

/** A browser's Web Push subscription (RFC 8030 endpoint, RFC 8291 keys); removed when the push service says it is gone. */
export const pushSubscriptions = benefits.table('push_subscriptions', {
  id: uuid('id').primaryKey(),
  personId: uuid('person_id').notNull().references(() => people.id),
  endpoint: text('endpoint').notNull(),
  p256dh: text('p256dh').notNull(),
  auth: text('auth').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
}, (t) => [uniqueIndex('push_subscriptions_endpoint_key').on(t.endpoint), index('push_subscriptions_person_idx').on(t.personId)]);

/**
 * Push and SMS notifications waiting to go out: written in the transaction that decided them,
 * sent after commit by the delivery job, held until `next_attempt_at` (quiet hours, backoff).
 */
export const notifications = benefits.table('notifications', {
  id: uuid('id').primaryKey(),
  personId: uuid('person_id').notNull().references(() => people.id),
  channel: text('channel', { enum: ['push', 'sms'] }).notNull(),
  subscriptionId: uuid('subscription_id').references(() => pushSubscriptions.id, { onDelete: 'cascade' }),
  phone: text('phone'),
  title: text('title').notNull(),
  body: text('body').notNull(),
  url: text('url').notNull(),
  locale: text('locale').notNull(),
  idempotencyKey: text('idempotency_key').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
  attempts: integer('attempts').notNull().default(0),
  sentAt: timestamp('sent_at', { withTimezone: true }),
  failedAt: timestamp('failed_at', { withTimezone: true }),
  lastError: text('last_error'),
}, (t) => [uniqueIndex('notifications_idempotency_key').on(t.idempotencyKey), index('notifications_due_idx').on(t.nextAttemptAt)]);

/**
 * A policy author's draft of a programme: new values for some of its parameters (each from a
 * date, with its legal source), previewed against the published programme before it is adopted.
 */
export const programmeDrafts = benefits.table('programme_drafts', {
  programme: text('programme').primaryKey(),
  changes: jsonb('changes').$type<Array<{ parameter: string; value: number; from: string; source: string }>>().notNull(),
  /** The period the draft was checked in and is previewed for (YYYY-MM). */
  period: text('period').notNull(),
  author: text('author').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

/**
 * A person's session on the benefits service, started from the citizen portal's assertion: the
 * service's own, in its own database (the browser holds a random token; `tokenHash` its SHA-256).
 */
export const citizenSessions = benefits.table('citizen_sessions', {
  id: uuid('id').primaryKey(),
  tokenHash: text('token_hash').notNull(),
  subject: text('subject').notNull(),
  name: text('name').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
}, (t) => [uniqueIndex('citizen_sessions_token_key').on(t.tokenHash), index('citizen_sessions_expires_idx').on(t.expiresAt)]);

/** The portal's assertions already redeemed (their `jti`), until they expire: each one starts at most one session. */
export const redeemedAssertions = benefits.table('redeemed_assertions', {
  jti: text('jti').primaryKey(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});
