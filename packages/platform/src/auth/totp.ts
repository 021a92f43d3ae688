// SPDX-License-Identifier: Apache-2.0
import { randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';

// RFC 6238 defaults that every authenticator app supports.
const TOTP_CONFIG = { algorithm: 'SHA1', digits: 6, period: 30 } as const;

/** A new 160-bit TOTP secret in base32 (RFC 4226 §4 recommends 160 bits). */
export function generateTotpSecret(): string {
  return new Secret({ buffer: new Uint8Array(randomBytes(20)).buffer }).base32;
}

/**
 * The `otpauth://totp/...` URI that authenticator apps import
 * (https://github.com/google/google-authenticator/wiki/Key-Uri-Format).
 */
export function totpUri(options: { issuer: string; account: string; secret: string }): string {
  return new TOTP({ ...TOTP_CONFIG, issuer: options.issuer, label: options.account, secret: Secret.fromBase32(options.secret) }).toString();
}

/**
 * Checks a TOTP code (RFC 6238) at `at`, allowing one step of clock drift either way
 * (RFC 6238 §5.2). Returns the time step the code belongs to, or null when it is wrong or its
 * step is not after `lastStep` — a code, once accepted, is never accepted again (RFC 6238 §5.2:
 * "the verifier MUST NOT accept the second attempt of the OTP after the successful validation").
 */
export function verifyTotp(options: { secret: string; code: string; at: Date; lastStep: number | null }): number | null {
  const code = options.code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(code)) return null;
  const timestamp = options.at.getTime();
  const delta = TOTP.validate({ ...TOTP_CONFIG, token: code, secret: Secret.fromBase32(options.secret), timestamp, window: 1 });
  if (delta === null) return null;
  const step = TOTP.counter({ period: TOTP_CONFIG.period, timestamp }) + delta;
  if (options.lastStep !== null && step <= options.lastStep) return null;
  return step;
}

/** The code an authenticator shows at `at`; for tests and the demo world. */
export function totpCode(secret: string, at: Date): string {
  return TOTP.generate({ ...TOTP_CONFIG, secret: Secret.fromBase32(secret), timestamp: at.getTime() });
}
