// SPDX-License-Identifier: Apache-2.0
import { Conflict, Forbidden, NotFound, TesseraError, Unauthenticated } from '../errors/tessera-error.ts';

/** A staff account with this username (compared without case) already exists. */
export class StaffExists extends Conflict {
  static override code = 'ERR_STAFF_EXISTS';
  override code = StaffExists.code;
  constructor() {
    super('A staff account with this username already exists.');
  }
}

/** No staff account with this id. */
export class StaffNotFound extends NotFound {
  static override code = 'ERR_STAFF_NOT_FOUND';
  override code = StaffNotFound.code;
  constructor() {
    super('No such staff account.');
  }
}

/**
 * Sign-in refused. One fixed message for an unknown username, a wrong password or code, and a
 * locked or disabled account, so the answer does not tell which usernames exist
 * (OWASP Authentication Cheat Sheet, "Authentication and Error Messages").
 */
export class SignInFailed extends Unauthenticated {
  static override code = 'ERR_SIGN_IN_FAILED';
  override code = SignInFailed.code;
  constructor() {
    super('The username, password or code is not right, or the account cannot sign in now.');
  }
}

/** The second-factor step was reached without a valid, unexpired first step. */
export class SecondFactorExpired extends Unauthenticated {
  static override code = 'ERR_SECOND_FACTOR_EXPIRED';
  override code = SecondFactorExpired.code;
  constructor() {
    super('The sign-in has expired. Start again with your username and password.');
  }
}

/** A TOTP code did not confirm an enrolment (wrong, reused, or the enrolment form expired). */
export class TotpNotConfirmed extends TesseraError {
  static override code = 'ERR_TOTP_NOT_CONFIRMED';
  override code = TotpNotConfirmed.code;
  override status = 400;
  constructor() {
    super('The code did not match. Check the time on your device and enter the current code.');
  }
}

/** A second factor is already enrolled; it has to be reset by an administrator first. */
export class TotpAlreadyEnrolled extends Conflict {
  static override code = 'ERR_TOTP_ALREADY_ENROLLED';
  override code = TotpAlreadyEnrolled.code;
  constructor() {
    super('An authenticator app is already set up for this account.');
  }
}

/** The account's role needs a second factor and none is enrolled yet: only enrolment is open to it. */
export class SecondFactorRequired extends Forbidden {
  static override code = 'ERR_SECOND_FACTOR_REQUIRED';
  override code = SecondFactorRequired.code;
  constructor() {
    super('This account must set up an authenticator app at /auth/totp before it can be used.');
  }
}
