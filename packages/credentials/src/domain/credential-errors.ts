// SPDX-License-Identifier: Apache-2.0
import { TesseraError, ValidationFailed, type ValidationIssue } from '@tessera/platform';

export class CredentialTypeNotFound extends TesseraError {
  static override code = 'ERR_CREDENTIAL_TYPE_NOT_FOUND';
  override code = CredentialTypeNotFound.code;
  override status = 404;
  constructor(id: string) {
    super(`There is no credential type ${id}.`);
  }
}

export class CredentialTypeRetired extends TesseraError {
  static override code = 'ERR_CREDENTIAL_TYPE_RETIRED';
  override code = CredentialTypeRetired.code;
  override status = 409;
  constructor(id: string) {
    super(`The credential type ${id} is retired; it can no longer be issued or changed.`);
  }
}

/** A type that fails the validator; the issues say what is missing or inconsistent. */
export class CredentialTypeInvalid extends ValidationFailed {
  static override code = 'ERR_CREDENTIAL_TYPE_INVALID';
  override code = CredentialTypeInvalid.code;
  constructor(issues: ValidationIssue[]) {
    super(issues, 'The credential type is incomplete or inconsistent.');
  }
}
