// SPDX-License-Identifier: Apache-2.0
import { sql } from 'drizzle-orm';
import { bigint, index, integer, pgSchema, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const platformAuth = pgSchema('platform_auth');

/**
 * Staff accounts of one organisation's part: officers, centre operators, exchange operators and
 * auditors. Which centre a centre operator works at is the centre's own record, not the account's.
 * Usernames are unique regardless of case (unique index on lower()).
 */
export const staff = platformAuth.table('staff', {
  id: uuid('id').primaryKey().defaultRandom(),
  username: text('username').notNull(),
  displayName: text('display_name').notNull(),
  organisation: text('organisation').notNull(),
  roles: text('roles').array().notNull(),
  /** PHC string, `$scrypt$ln=…,r=…,p=…$salt$hash`. */
  passwordHash: text('password_hash').notNull(),
  /** AES-256-GCM sealed base32 secret; null while no second factor is enrolled. */
  totpSecretEncrypted: text('totp_secret_encrypted'),
  /** RFC 6238 time step of the last accepted code, so a code is never accepted twice. */
  totpLastStep: bigint('totp_last_step', { mode: 'number' }),
  failedAttempts: integer('failed_attempts').notNull().default(0),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
  disabledAt: timestamp('disabled_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
}, (t) => [uniqueIndex('staff_username_lower_unique').on(sql`lower(${t.username})`)]);

/**
 * Signed-in sessions. The primary key is the SHA-256 of the cookie's token, so reading this
 * table does not let anyone act as the staff member.
 */
export const sessions = platformAuth.table('sessions', {
  id: text('id').primaryKey(),
  staffId: uuid('staff_id').notNull().references(() => staff.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  /** Keyed hash of the client address, only when the deployment opts in. */
  ipHash: text('ip_hash'),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
}, (t) => [index('sessions_staff_id').on(t.staffId)]);

export type StaffRow = typeof staff.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;

/** The auth tables' migrations, for `storage.migrate(authMigrations)`. */
export const authMigrations = { context: 'platform_auth', folder: new URL('./migrations', import.meta.url).pathname };
