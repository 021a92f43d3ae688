// SPDX-License-Identifier: Apache-2.0
import { bigserial, doublePrecision, index, integer, jsonb, pgSchema, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

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
  status: text('status', { enum: ['pending', 'sent'] }).notNull(),
  agencyReference: text('agency_reference'),
  attempts: integer('attempts').notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  sentAt: timestamp('sent_at', { withTimezone: true }),
}, (t) => [uniqueIndex('applications_reference_key').on(t.reference), uniqueIndex('applications_offer_key').on(t.offerId)]);
