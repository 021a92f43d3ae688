// SPDX-License-Identifier: Apache-2.0
import { index, integer, jsonb, pgSchema, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { JWK } from 'jose';
import { bytea } from '@tessera/platform';
import type { CredentialAnswer } from '../domain/dcql/match-vp-token.ts';
import type { RegisteredClaims } from '../domain/dcql/check-registration.ts';
import type { DcqlQuery } from '../domain/dcql/dcql-query.ts';

/** The verifier owns this schema. */
export const verifier = pgSchema('verifier');

/** Banks, employers and agencies registered to ask for credentials: what they may ask for, and why. */
export const relyingParties = verifier.table('relying_parties', {
  id: text('id').primaryKey(),
  name: jsonb('name').notNull().$type<Record<string, string>>(),
  purpose: jsonb('purpose').notNull().$type<Record<string, string>>(),
  claims: jsonb('claims').notNull().$type<RegisteredClaims[]>(),
  /** Its request-signing key in the trust services' key store, and the certificate for it. */
  keyLabel: text('key_label').notNull(),
  certificate: bytea('certificate').notNull(),
  /** SHA-256 of its API key; the key itself is shown once at registration. */
  apiKeyHash: text('api_key_hash').notNull(),
  webhookUrl: text('webhook_url'),
  /** HMAC-SHA256 key of its webhooks (Tessera-Signature), shown once at registration. */
  webhookSecret: text('webhook_secret'),
  registeredAt: timestamp('registered_at', { withTimezone: true }).notNull(),
  registeredBy: text('registered_by').notNull(),
});

/** One presentation request and its outcome. The answer holds only the claims that were asked for. */
export const presentationRequests = verifier.table('presentation_requests', {
  id: uuid('id').primaryKey(),
  relyingPartyId: text('relying_party_id').notNull().references(() => relyingParties.id),
  template: text('template'),
  dcqlQuery: jsonb('dcql_query').notNull().$type<DcqlQuery>(),
  nonce: text('nonce').notNull(),
  state: text('state').notNull(),
  responseMode: text('response_mode', { enum: ['direct_post', 'direct_post.jwt'] }).notNull(),
  /** The request's own ECDH-ES key for direct_post.jwt: lives only as long as the request. */
  encryptionKey: jsonb('encryption_key').$type<JWK>(),
  status: text('status', { enum: ['created', 'retrieved', 'verified', 'refused'] }).notNull(),
  answers: jsonb('answers').$type<CredentialAnswer[]>(),
  refusal: text('refusal'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  answeredAt: timestamp('answered_at', { withTimezone: true }),
}, (t) => [index('presentation_requests_rp_idx').on(t.relyingPartyId, t.createdAt)]);

/** Digests of every presentation received, so one is never accepted twice. */
export const seenPresentations = verifier.table('seen_presentations', {
  digest: text('digest').primaryKey(),
  requestId: uuid('request_id').notNull(),
  seenAt: timestamp('seen_at', { withTimezone: true }).notNull(),
});

/**
 * The webhook outbox: a relying party's notification of an outcome, written in the outcome's own
 * transaction and sent after the commit (webhook-outbox.ts), so a crash or a receiver that is down
 * loses nothing. `id` is the delivery id the receiver de-duplicates on; the secret is read from the
 * relying party at sending time, never copied here.
 */
export const webhookDeliveries = verifier.table('webhook_deliveries', {
  id: uuid('id').primaryKey(),
  relyingPartyId: text('relying_party_id').notNull().references(() => relyingParties.id),
  requestId: uuid('request_id').notNull(),
  url: text('url').notNull(),
  body: text('body').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
  attempts: integer('attempts').notNull().default(0),
  deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  failedAt: timestamp('failed_at', { withTimezone: true }),
  lastError: text('last_error'),
}, (t) => [index('webhook_deliveries_due_idx').on(t.nextAttemptAt)]);

/**
 * The data-tracker outbox of a verifier that runs apart from the person's data tracker (its own
 * part): that a relying party received someone's data, written in the outcome's transaction and
 * reported after the commit over the exchange (data-access-outbox.ts). Never given up: retried
 * with backoff until the tracker has it. `messageId` is the entry's identity at the tracker too,
 * so a repeated report is recorded once.
 */
export const dataAccessReports = verifier.table('data_access_reports', {
  messageId: text('message_id').primaryKey(),
  /** The person's identification code, as the presentation disclosed it. */
  identificationCode: text('identification_code').notNull(),
  purpose: text('purpose').notNull(),
  client: text('client').notNull(),
  service: text('service').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull(),
  nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
  attempts: integer('attempts').notNull().default(0),
  deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  lastError: text('last_error'),
}, (t) => [index('data_access_reports_due_idx').on(t.nextAttemptAt)]);
