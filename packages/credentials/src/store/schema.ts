// SPDX-License-Identifier: Apache-2.0
import { bigint, index, integer, jsonb, pgSchema, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { bytea } from '@tessera/platform';
import type { WrappedKey } from '@tessera/trust';
import type { CredentialHoldReason, CredentialRevocationReason } from '../domain/admin/credential-changes.ts';
import type { CredentialType } from '../domain/types/credential-type.ts';

/** The credential issuer owns this schema. */
export const credentials = pgSchema('credentials');

/** Every published version of every type; credentials name the version they were made from. */
export const credentialTypes = credentials.table('credential_types', {
  id: text('id').notNull(),
  version: integer('version').notNull(),
  definition: jsonb('definition').notNull().$type<CredentialType>(),
  status: text('status', { enum: ['active', 'superseded', 'retired'] }).notNull(),
  publishedAt: timestamp('published_at', { withTimezone: true }).notNull(),
  publishedBy: text('published_by').notNull(),
  retiredAt: timestamp('retired_at', { withTimezone: true }),
}, (t) => [primaryKey({ columns: [t.id, t.version] }), index('credential_types_status_idx').on(t.status)]);

/** IETF Token Status List: one row per list, its statuses as raw bytes (2 bits each). */
export const statusLists = credentials.table('status_lists', {
  id: integer('id').primaryKey(),
  bits: integer('bits').notNull(),
  size: integer('size').notNull(),
  nextIndex: integer('next_index').notNull(),
  statuses: bytea('statuses').notNull(),
  /** Bumped by each change, so a cached, signed list knows it is stale. */
  revision: bigint('revision', { mode: 'number' }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

/** What was issued to whom, never the claims themselves. */
export const issuedCredentials = credentials.table('issued_credentials', {
  id: uuid('id').primaryKey(),
  typeId: text('type_id').notNull(),
  typeVersion: integer('type_version').notNull(),
  format: text('format').notNull(),
  holder: text('holder').notNull(),
  /** The source document (card certificate serial) whose status this credential follows. */
  documentRef: text('document_ref'),
  statusList: integer('status_list').notNull(),
  statusIndex: integer('status_index').notNull(),
  notificationId: text('notification_id'),
  notification: text('notification'),
  issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  /** Set by an administrator for this credential alone: a suspension the card's resumption does not lift. */
  heldAt: timestamp('held_at', { withTimezone: true }),
  /** Why the administrator suspended or revoked it: a code of CREDENTIAL_HOLD_REASONS / CREDENTIAL_REVOCATION_REASONS. */
  holdReason: text('hold_reason').$type<CredentialHoldReason>(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  revocationReason: text('revocation_reason').$type<CredentialRevocationReason>(),
}, (t) => [index('issued_credentials_document_idx').on(t.documentRef), index('issued_credentials_notification_idx').on(t.notificationId), index('issued_credentials_holder_idx').on(t.holder, t.issuedAt), index('issued_credentials_type_idx').on(t.typeId, t.issuedAt)]);

/**
 * A credential offer: its pre-authorized code and transaction code, and its issuer_state (the
 * authorization code grant's), stored as hashes. An offer is used once, by whichever grant.
 */
export const offers = credentials.table('offers', {
  id: uuid('id').primaryKey(),
  /** Null for an offer of only the authorization code grant. */
  codeHash: text('code_hash').unique(),
  /** The authorization code grant's issuer_state (OpenID4VCI 1.0 §4.1.1), which binds an authorization request to this offer. */
  issuerStateHash: text('issuer_state_hash').unique(),
  /** The offer's address by reference (credential_offer_uri, OpenID4VCI 1.0 §4.1.3): the hash of its random id. */
  referenceHash: text('reference_hash').unique(),
  /** The offer object served by reference, sealed (AES-256-GCM) under a key derived from the id, which only the link holds. */
  sealedOffer: text('sealed_offer'),
  txCodeHash: text('tx_code_hash'),
  txAttempts: integer('tx_attempts').notNull().default(0),
  holder: text('holder').notNull(),
  documentRef: text('document_ref'),
  configurationIds: jsonb('configuration_ids').notNull().$type<string[]>(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  redeemedAt: timestamp('redeemed_at', { withTimezone: true }),
});

/** DPoP-bound access tokens, by hash; `jkt` is the JWK thumbprint of the DPoP key (RFC 9449 §6). */
export const accessTokens = credentials.table('access_tokens', {
  tokenHash: text('token_hash').primaryKey(),
  jkt: text('jkt').notNull(),
  holder: text('holder').notNull(),
  documentRef: text('document_ref'),
  configurationIds: jsonb('configuration_ids').notNull().$type<string[]>(),
  offerId: uuid('offer_id'),
  /** The authorization (code flow) the token came from: a replayed code revokes its tokens (RFC 6749 §4.1.2). */
  authorizationId: uuid('authorization_id'),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
}, (t) => [index('access_tokens_authorization_idx').on(t.authorizationId)]);

/**
 * An authorization of the code flow, from its pushed request (RFC 9126) to its code: who the
 * holder proved to be, how, and the code (hashed) with its PKCE challenge (RFC 7636, S256 only).
 */
export const authorizations = credentials.table('authorizations', {
  id: uuid('id').primaryKey(),
  requestUriHash: text('request_uri_hash').notNull().unique(),
  clientId: text('client_id').notNull(),
  redirectUri: text('redirect_uri').notNull(),
  codeChallenge: text('code_challenge').notNull(),
  configurationIds: jsonb('configuration_ids').notNull().$type<string[]>(),
  state: text('state'),
  /** Not written since 0006: an issuer_state is kept only as its offer's hash, and the request names the offer (offer_id). */
  issuerState: text('issuer_state'),
  /** The offer whose issuer_state the request presented: the sign-in uses it up, and only its holder may sign in. */
  offerId: uuid('offer_id'),
  /** RFC 9449 §10: the DPoP key the pushed request was made with; the code is redeemable only with it. */
  dpopJkt: text('dpop_jkt'),
  /** The one-time challenge the holder's card (Web eID) or wallet presentation signs. */
  challenge: text('challenge').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  holder: text('holder'),
  documentRef: text('document_ref'),
  method: text('method', { enum: ['id-card', 'credential'] }),
  authorizedAt: timestamp('authorized_at', { withTimezone: true }),
  codeHash: text('code_hash').unique(),
  codeExpiresAt: timestamp('code_expires_at', { withTimezone: true }),
  codeRedeemedAt: timestamp('code_redeemed_at', { withTimezone: true }),
});

/**
 * A credential request the owning agency decides on later (OpenID4VCI 1.0 §9): the wallet
 * polls with its transaction_id (stored hashed) and the access token it asked with; the
 * credentials are signed only once approved, for the keys it proved then.
 */
export const deferredIssuances = credentials.table('deferred_issuances', {
  id: uuid('id').primaryKey(),
  transactionIdHash: text('transaction_id_hash').notNull().unique(),
  tokenHash: text('token_hash').notNull(),
  jkt: text('jkt').notNull(),
  holder: text('holder').notNull(),
  documentRef: text('document_ref'),
  typeId: text('type_id').notNull(),
  typeVersion: integer('type_version').notNull(),
  format: text('format').notNull(),
  keys: jsonb('keys').notNull().$type<Record<string, unknown>[]>(),
  state: text('state', { enum: ['pending', 'approved', 'rejected', 'issued'] }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
  decidedBy: text('decided_by'),
  issuedAt: timestamp('issued_at', { withTimezone: true }),
}, (t) => [index('deferred_issuances_state_idx').on(t.state, t.createdAt)]);

/** Nonces of the nonce endpoint (OpenID4VCI 1.0 §7), each accepted once. */
export const nonces = credentials.table('nonces', {
  nonce: text('nonce').primaryKey(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});

/**
 * DPoP proofs seen (RFC 9449 §11.1), by the SHA-256 of their jti, until the proof would be too
 * old anyway: every process of the issuer refuses a proof any of them accepted.
 */
export const dpopProofs = credentials.table('dpop_proofs', {
  jtiHash: text('jti_hash').primaryKey(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
}, (t) => [index('dpop_proofs_expires_idx').on(t.expiresAt)]);

/**
 * The issuer's and the relying parties' private keys when the credentials part runs on its own
 * storage (`tessera serve credentials`): PKCS#8 sealed under the KEK (trust's WrappedKeyStore
 * record), never readable by the trust services, which only certify their public keys.
 */
export const wrappedKeys = credentials.table('wrapped_keys', {
  label: text('label').primaryKey(),
  wrapped: jsonb('wrapped').notNull().$type<WrappedKey>(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

/** The issuer's signing keys (in its key store) and their certificates. */
export const issuerKeys = credentials.table('issuer_keys', {
  keyLabel: text('key_label').primaryKey(),
  certificate: bytea('certificate').notNull(),
  notAfter: timestamp('not_after', { withTimezone: true }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});
