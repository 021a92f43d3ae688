// SPDX-License-Identifier: Apache-2.0
import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, integer, jsonb, pgSchema, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { bytea } from '@tessera/platform';
import type { MessageDigest } from './message-signature.ts';

/** The gateway's message log owns this schema; no other context reads it. */
export const messageLog = pgSchema('exchange_message_log');

/**
 * One RFC 3161 time-stamp over the Merkle root of a run of messages. Stamping batches rather than
 * messages keeps the TSA at one request per batch however busy the gateway is.
 */
export const timestampBatches = messageLog.table('timestamp_batches', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  /** RFC 9162 Merkle tree hash over the batch's leaves, in message id order. */
  merkleRoot: bytea('merkle_root').notNull(),
  size: integer('size').notNull(),
  /** DER TimeStampToken (CMS ContentInfo) over SHA-256(merkle_root); the response wrapper is dropped once its status is checked. */
  token: bytea('token').notNull(),
  /** genTime from the token: the instant the TSA vouches for. */
  genTime: timestamp('gen_time', { withTimezone: true }).notNull(),
  /** Our clock when the batch was stored. */
  stampedAt: timestamp('stamped_at', { withTimezone: true }).notNull(),
});

export const messages = messageLog.table('messages', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  /** The gateway whose log this is (several gateways can share one database in a test or demo federation). */
  gateway: text('gateway').notNull(),
  messageId: text('message_id').notNull(),
  direction: text('direction', { enum: ['request', 'response'] }).notNull(),
  client: text('client').notNull(),
  service: text('service').notNull(),
  method: text('method').notNull(),
  path: text('path').notNull(),
  /** The signed digest, verbatim; the columns above copy it for searching. */
  digest: jsonb('digest').$type<MessageDigest>().notNull(),
  /** Compact JWS over the canonical digest. */
  signature: text('signature').notNull(),
  /**
   * The body, only when it fits the configured limit. Larger bodies (file transfers, bulk
   * exports) would make the log outgrow the traffic it records; for those the signed bodyHash
   * still proves what was sent, and the parties keep the bytes.
   */
  body: bytea('body'),
  loggedAt: timestamp('logged_at', { withTimezone: true }).notNull(),
  batchId: bigint('batch_id', { mode: 'number' }).references(() => timestampBatches.id),
  /** Leaf index within the batch tree. */
  batchIndex: integer('batch_index'),
  /**
   * RFC 9162 inclusion proof (concatenated 32-byte hashes) fixed at stamping time, as X-Road keeps
   * a hash chain per record: each message then verifies on its own, and tampering with one row
   * cannot make its batch neighbours fail.
   */
  inclusionProof: bytea('inclusion_proof'),
}, (t) => [
  // one request and one response per X-Road-Id, so a replayed id is refused, not logged twice
  uniqueIndex('messages_message_id_direction_key').on(t.gateway, t.messageId, t.direction),
  index('messages_pending_idx').on(t.gateway, t.id).where(sql`${t.batchId} is null`),
  index('messages_batch_idx').on(t.batchId),
]);

/** A batch written out of the database (with its messages and token) for long-term keeping. */
export const archives = messageLog.table('archives', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  batchId: bigint('batch_id', { mode: 'number' }).notNull().references(() => timestampBatches.id).unique(),
  path: text('path').notNull(),
  /** SHA-256 of the archive file, so a swapped or damaged file is noticed on restore. */
  sha256: bytea('sha256').notNull(),
  archivedAt: timestamp('archived_at', { withTimezone: true }).notNull(),
});

/**
 * A gateway's identity, kept in the gateway's own storage so that every process of one gateway
 * (several behind one address) signs and authenticates as the same gateway: its TLS and message
 * signing certificates, and both private keys as PKCS#8 sealed with AES-256-GCM under a key
 * derived from the key-encryption key (iv ‖ ciphertext ‖ tag; the additional data binds each
 * sealed key to its gateway, generation, purpose and certificate). A renewal adds a generation;
 * the newest one is in use.
 */
export const gatewayIdentities = messageLog.table('gateway_identities', {
  /** instance/class/member/server, as in the certificates' common name. */
  gateway: text('gateway').notNull(),
  generation: integer('generation').notNull(),
  tlsCertificate: bytea('tls_certificate').notNull(),
  signingCertificate: bytea('signing_certificate').notNull(),
  tlsKeySealed: bytea('tls_key_sealed').notNull(),
  signingKeySealed: bytea('signing_key_sealed').notNull(),
  /** The earlier notAfter of the two certificates: renewal is due some days before it. */
  notAfter: timestamp('not_after', { withTimezone: true }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
}, (t) => [primaryKey({ columns: [t.gateway, t.generation] })]);

/**
 * The message-signing keys of the members a gateway hosts besides its owner (X-Road: each
 * security-server client's own signing key), sealed as the gateway's own keys are; the additional
 * data binds each to its gateway, member, generation and certificate. The newest generation of a
 * member is in use.
 */
export const hostedSigningKeys = messageLog.table('hosted_signing_keys', {
  /** instance/class/member/server of the hosting gateway. */
  gateway: text('gateway').notNull(),
  /** instance/class/member of the hosted member, as in its certificate's common name. */
  member: text('member').notNull(),
  generation: integer('generation').notNull(),
  certificate: bytea('certificate').notNull(),
  keySealed: bytea('key_sealed').notNull(),
  notAfter: timestamp('not_after', { withTimezone: true }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
}, (t) => [primaryKey({ name: 'hosted_signing_keys_pk', columns: [t.gateway, t.member, t.generation] })]);

/**
 * The credential of each client subsystem's information system on a gateway (X-Road: the IS
 * authentication of a security server's client), only as the SHA-256 of the secret, which is
 * shown once when issued. One row per subsystem: a rotation replaces it, so the old secret stops
 * working at once; ending the client deletes it.
 */
export const clientCredentials = messageLog.table('client_credentials', {
  /** instance/class/member/server of the gateway. */
  gateway: text('gateway').notNull(),
  /** instance/class/member/subsystem, as in X-Road-Client. */
  client: text('client').notNull(),
  secretSha256: bytea('secret_sha256').notNull(),
  /** 1 when issued, one more at each rotation. */
  generation: integer('generation').notNull(),
  issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
}, (t) => [primaryKey({ name: 'client_credentials_pk', columns: [t.gateway, t.client] })]);

export type MessageRow = typeof messages.$inferSelect;
export type TimestampBatchRow = typeof timestampBatches.$inferSelect;
