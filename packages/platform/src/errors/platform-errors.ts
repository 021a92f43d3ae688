// SPDX-License-Identifier: Apache-2.0
// Every error the shared kernel raises on purpose, from one table (see defineErrors). The generic
// kinds other packages raise or extend (ValidationFailed, NotFound, Conflict, …) stay in
// tessera-error.ts beside the base class.
import { defineErrors } from './define-errors.ts';
import { TesseraError } from './tessera-error.ts';

/** Base of the kernel's own errors. */
export class PlatformError extends TesseraError {
  static override code = 'ERR_PLATFORM';
}

export const platformErrors = defineErrors(PlatformError, {
  // staff accounts and sign-in
  /** A staff account with this username (compared without case) already exists. */
  StaffExists: { code: 'ERR_STAFF_EXISTS', status: 409, message: () => 'A staff account with this username already exists.' },
  StaffNotFound: { code: 'ERR_STAFF_NOT_FOUND', status: 404, message: () => 'No such staff account.' },
  /**
   * Sign-in refused. One fixed message for an unknown username, a wrong password or code, and a
   * locked or disabled account, so the answer does not tell which usernames exist
   * (OWASP Authentication Cheat Sheet, "Authentication and Error Messages").
   */
  SignInFailed: { code: 'ERR_SIGN_IN_FAILED', status: 401, message: () => 'The username, password or code is not right, or the account cannot sign in now.' },
  /** The second-factor step was reached without a valid, unexpired first step. */
  SecondFactorExpired: { code: 'ERR_SECOND_FACTOR_EXPIRED', status: 401, message: () => 'The sign-in has expired. Start again with your username and password.' },
  /** A TOTP code did not confirm an enrolment (wrong, reused, or the enrolment form expired). */
  TotpNotConfirmed: { code: 'ERR_TOTP_NOT_CONFIRMED', status: 400, message: () => 'The code did not match. Check the time on your device and enter the current code.' },
  /** A second factor is already enrolled; it has to be reset by an administrator first. */
  TotpAlreadyEnrolled: { code: 'ERR_TOTP_ALREADY_ENROLLED', status: 409, message: () => 'An authenticator app is already set up for this account.' },
  /** The account's role needs a second factor and none is enrolled yet: only enrolment is open to it. */
  SecondFactorRequired: { code: 'ERR_SECOND_FACTOR_REQUIRED', status: 403, message: () => 'This account must set up an authenticator app at /auth/totp before it can be used.' },
  // http
  NotFoundRoute: { code: 'ERR_NOT_FOUND', status: 404, message: 'No such resource.' },
  MalformedBody: { code: 'ERR_MALFORMED_BODY', status: 400, message: 'The request body is not valid.' },
  UriTooLong: { code: 'ERR_URI_TOO_LONG', status: 414, message: 'A part of this address is longer than allowed.' },
  CsrfRejected: { code: 'ERR_CSRF', status: 403, message: 'The form has expired or was not sent from this site. Reload the page and try again.' },
  /** A stored idempotent response in a format this version cannot open: it is not replayed. */
  IdempotencyRecordUnreadable: { code: 'ERR_IDEMPOTENCY_RECORD_UNREADABLE', status: 500, message: () => 'The stored response is in an unknown format.' },
  // transparency log
  LogRangeError: { code: 'ERR_LOG_INDEX_OUT_OF_RANGE', status: 400, message: 'The index or size is outside the log.' },
  /** The stored log disagrees with itself (its head and its numbered entries); nothing is signed. */
  LogInconsistent: { code: 'ERR_LOG_INCONSISTENT', status: 500, message: 'The stored log is inconsistent.' },
  /** A tree head's signed payload differs from the head it came with. */
  TreeHeadSignatureInvalid: { code: 'ERR_LOG_TREE_HEAD_SIGNATURE', status: 400, message: () => 'The tree head is not validly signed.' },
  // storage
  /** A statement that always answers a row (INSERT … RETURNING, count(*), a row locked just before) answered none. */
  RowMissing: { code: 'ERR_ROW_MISSING', status: 500, message: 'A statement that must answer a row answered none.' },
  // configuration
  /** A configuration value its parser refuses; the message says what is expected, for the operator. */
  ConfigValueInvalid: { code: 'ERR_CONFIG_VALUE_INVALID', status: 500, message: (expected: string) => `expected ${expected}` },
});

export const {
  StaffExists, StaffNotFound, SignInFailed, SecondFactorExpired, TotpNotConfirmed, TotpAlreadyEnrolled, SecondFactorRequired,
  NotFoundRoute, MalformedBody, UriTooLong, CsrfRejected, IdempotencyRecordUnreadable,
  LogRangeError, LogInconsistent, TreeHeadSignatureInvalid, RowMissing, ConfigValueInvalid,
} = platformErrors;
