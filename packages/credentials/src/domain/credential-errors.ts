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

/** The agency's answer does not fit the type; nothing is signed. */
export class AgencyClaimsInvalid extends TesseraError {
  static override code = 'ERR_AGENCY_CLAIMS_INVALID';
  override code = AgencyClaimsInvalid.code;
  override status = 502;
  constructor(typeId: string, issues: ValidationIssue[]) {
    super(`The owning agency's data for ${typeId} is incomplete or malformed.`, { extensions: { errors: issues } });
  }
}

/** The document the credential derives from is suspended or revoked (or unknown): nothing is issued. */
export class SourceDocumentNotValid extends TesseraError {
  static override code = 'ERR_SOURCE_DOCUMENT_NOT_VALID';
  override code = SourceDocumentNotValid.code;
  override status = 403;
  constructor(status: string) {
    super(`The document this credential derives from is ${status}; no credential can be issued from it.`, { extensions: { documentStatus: status } });
  }
}

/** A format the type offers but this issuer cannot produce yet. */
export class FormatNotSupported extends TesseraError {
  static override code = 'ERR_FORMAT_NOT_SUPPORTED';
  override code = FormatNotSupported.code;
  override status = 400;
  constructor(format: string) {
    super(`Credentials in the format ${format} are not issued here.`);
  }
}
