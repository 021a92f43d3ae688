// SPDX-License-Identifier: Apache-2.0
// The errors the composition root raises on purpose (log keys, the reports it relays), from one
// table as every package does (see defineErrors in @tessera/platform).
import { defineErrors, TesseraError } from '@tessera/platform';

/** Base of the app's own errors. */
export class AppError extends TesseraError {
  static override code = 'ERR_APP';
}

export const appErrors = defineErrors(AppError, {
  /** There is no log key to rotate from: the part has never started (its first start makes the key). */
  LogKeyMissing: { code: 'ERR_LOG_KEY_MISSING', status: 409, message: 'This part has no transparency-log key yet.' },
  /** A switch was asked for, but no next key was made (`rotate-log-key` without `--switch` makes it). */
  LogKeyRotationNotPending: { code: 'ERR_LOG_KEY_ROTATION_NOT_PENDING', status: 409, message: 'No next log key is pending.' },
  /** The sealed key file cannot be opened with this key-encryption key (wrong KEK or a changed file). */
  LogKeyUnsealable: { code: 'ERR_LOG_KEY_UNSEALABLE', status: 500, message: () => 'The transparency-log signing key cannot be opened with this key-encryption key.' },
  /** A verifier was given a private key where the log's public key belongs. */
  LogPublicKeyExpected: { code: 'ERR_LOG_PUBLIC_KEY_EXPECTED', status: 400, message: 'A public key was expected.' },
  /** The authority's data tracker did not take a report (unreachable, refused): it stays in the outbox. */
  DataAccessReportNotTaken: { code: 'ERR_DATA_ACCESS_REPORT_NOT_TAKEN', status: 502, message: 'The data tracker did not take the report.' },
});

export const { LogKeyMissing, LogKeyRotationNotPending, LogKeyUnsealable, LogPublicKeyExpected, DataAccessReportNotTaken } = appErrors;
