// SPDX-License-Identifier: Apache-2.0
import { sql } from 'drizzle-orm';
import { bigserial, date, index, integer, jsonb, pgSchema, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { bytea } from '@tessera/platform';
import type { WrappedKey } from '../ca/key-store.ts';
import type { CardRevocationReason, CardState } from '../domain/card-status.ts';

/** Trust services own this schema: keys at rest, the CA hierarchy, the certificate and card registers. */
export const trust = pgSchema('trust');

/** Private keys wrapped under the key-encryption key; never stored in the clear. */
export const wrappedKeys = trust.table('wrapped_keys', {
  label: text('label').primaryKey(),
  wrapped: jsonb('wrapped').notNull().$type<WrappedKey>(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

/** The hierarchy from the key ceremony: the root and each issuing CA, with its CRL counter. */
export const authorities = trust.table('authorities', {
  label: text('label').primaryKey(),
  certificate: bytea('certificate').notNull(),
  keyLabel: text('key_label').notNull(),
  /** SHA-1 of the CA's public key, as OCSP CertIDs name the issuer. */
  keyHash: text('key_hash').notNull().unique(),
  crlNumber: integer('crl_number').notNull().default(0),
  /** OCSP, CA-issuer and CRL addresses this CA writes into the certificates it issues. */
  urls: jsonb('urls').notNull().$type<{ ocsp: string; caIssuers: string; crl: string }>(),
  /** The CRL last published, served as is until the next one; the offline root's comes from the ceremony. */
  crl: bytea('crl'),
  crlNextUpdate: timestamp('crl_next_update', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

/** Certificates of the online services (delegated OCSP responders, the time-stamping unit), rotated before expiry. */
export const serviceCertificates = trust.table('service_certificates', {
  keyLabel: text('key_label').primaryKey(),
  purpose: text('purpose').notNull(),
  certificate: bytea('certificate').notNull(),
  notAfter: timestamp('not_after', { withTimezone: true }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
}, (t) => [index('service_certificates_purpose_idx').on(t.purpose, t.notAfter)]);

/** Document numbers of digi-IDs: N and seven digits, from a sequence so no two cards share one. */
export const documentNumberSequence = trust.sequence('document_number_seq', { startWith: 1 });

/** Identification codes handed out; a person keeps theirs across cards. */
export const holders = trust.table('holders', {
  code: text('code').primaryKey(),
  /** Who the code was given to, by the order that created it (the application reference). */
  firstOrder: text('first_order').notNull().unique(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

export const cards = trust.table('cards', {
  id: uuid('id').primaryKey(),
  documentNumber: text('document_number').notNull().unique(),
  /** The decision this card carries out; one card per approved application and renewal. */
  orderReference: text('order_reference').notNull().unique(),
  holderCode: text('holder_code').notNull(),
  holderName: text('holder_name').notNull(),
  pickupLocation: text('pickup_location').notNull(),
  chipId: text('chip_id').notNull(),
  state: text('state').notNull().$type<CardState>(),
  revocationReason: text('revocation_reason').$type<CardRevocationReason>(),
  /** The sealed PIN envelope; only the holder's opening code reads it. */
  pinEnvelope: jsonb('pin_envelope').notNull().$type<Record<string, unknown>>(),
  validFrom: date('valid_from', { mode: 'string' }).notNull(),
  validUntil: date('valid_until', { mode: 'string' }).notNull(),
  /** Uncollected cards are revoked after this day (6 months after personalisation). */
  collectBy: date('collect_by', { mode: 'string' }).notNull(),
  replaces: uuid('replaces'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
}, (t) => [index('cards_state_idx').on(t.state, t.pickupLocation), index('cards_holder_idx').on(t.holderCode)]);

export const certificates = trust.table('certificates', {
  serial: text('serial').primaryKey(),
  issuer: text('issuer').notNull().references(() => authorities.label),
  cardId: uuid('card_id').references(() => cards.id),
  usage: text('usage').notNull(),
  subject: text('subject').notNull(),
  notBefore: timestamp('not_before', { withTimezone: true }).notNull(),
  notAfter: timestamp('not_after', { withTimezone: true }).notNull(),
  der: bytea('der').notNull(),
  /** good, or revoked with an RFC 5280 reason (certificateHold while suspended or in transit). */
  status: text('status', { enum: ['good', 'revoked'] }).notNull(),
  reason: text('reason'),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
}, (t) => [index('certificates_card_idx').on(t.cardId), index('certificates_issuer_status_idx').on(t.issuer, t.status)]);

export const cardEvents = trust.table('card_events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  cardId: uuid('card_id').notNull().references(() => cards.id),
  at: timestamp('at', { withTimezone: true }).notNull(),
  actor: text('actor').notNull(),
  type: text('type').notNull(),
  fromState: text('from_state'),
  toState: text('to_state'),
  detail: jsonb('detail').notNull().$type<Record<string, unknown>>().default(sql`'{}'::jsonb`),
}, (t) => [index('card_events_card_idx').on(t.cardId, t.id)]);

export type CardRow = typeof cards.$inferSelect;
export type CertificateRow = typeof certificates.$inferSelect;

/** Every time staff opened a card holder's personal data in the register, and why. */
export const cardAccess = trust.table('card_access', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  cardId: uuid('card_id').notNull().references(() => cards.id),
  staffId: text('staff_id').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull(),
  purpose: text('purpose').notNull(),
}, (t) => [index('card_access_card_idx').on(t.cardId, t.at)]);

/** Sign-in challenges for card authentication: single use, short-lived (Web eID recommends 5 minutes). */
export const signInChallenges = trust.table('sign_in_challenges', {
  nonce: text('nonce').primaryKey(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
});
