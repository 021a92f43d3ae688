// SPDX-License-Identifier: Apache-2.0
import type { Clock } from '../time/clock.ts';

/** Time limits and thresholds of staff sign-in; every option can be overridden per deployment. */
export interface AuthPolicy {
  /** Consecutive failed attempts (password or code) after which the account is locked. */
  maxFailedAttempts: number;
  /** How long a lockout lasts. */
  lockoutMs: number;
  /** A session unused for this long ends (OWASP Session Management: 15–30 min for high-value apps). */
  idleTimeoutMs: number;
  /** A session ends this long after sign-in, however active. */
  absoluteTimeoutMs: number;
  /** How long the password step stays valid while the second factor is awaited. */
  secondFactorTtlMs: number;
  /** last_seen_at is written at most this often, so a busy page does not write on every request. */
  touchIntervalMs: number;
}

export const DEFAULT_AUTH_POLICY = {
  maxFailedAttempts: 5,
  lockoutMs: 15 * 60_000,
  idleTimeoutMs: 30 * 60_000,
  absoluteTimeoutMs: 12 * 60 * 60_000,
  secondFactorTtlMs: 5 * 60_000,
  touchIntervalMs: 60_000,
} as const satisfies AuthPolicy;

/** What the sign-in operations need besides the database. */
export interface AuthDeps {
  clock: Clock;
  /** 32 bytes; encrypts TOTP secrets and enrolment forms, keys client-address hashes. */
  secretKey: Uint8Array;
  policy: AuthPolicy;
}
