// SPDX-License-Identifier: Apache-2.0
// Every error the credential issuer raises on purpose, from one table (see platform's
// defineErrors). The issuance protocol's own errors (ProtocolError, answered as
// `{ error, error_description }`) are apart because wallets parse that format, not ours.
import { TesseraError, defineErrors, type ErrorRow, type TesseraErrorOptions, type ValidationIssue } from '@tessera/platform';

export interface CredentialsErrorRow extends ErrorRow {
  /** The first argument is the list of issues found, kept as `issues` (as ValidationFailed keeps them). */
  readonly issues?: true;
}

/** Base of the credential issuer's errors. */
export class CredentialsError extends TesseraError {
  static override code = 'ERR_CREDENTIALS';
  /** What is missing or inconsistent, for an error made from a list of issues. */
  readonly issues: ValidationIssue[] | undefined;
  constructor(message: string, options: TesseraErrorOptions | undefined, row: CredentialsErrorRow, args: readonly unknown[]) {
    super(message, options);
    const [issues] = row.issues ? args : [];
    this.issues = Array.isArray(issues) ? (issues as ValidationIssue[]) : undefined;
  }
}

const PAST = { suspend: 'suspended', resume: 'resumed', revoke: 'revoked' } as const;

export const credentialsErrors = defineErrors(CredentialsError, {
  // credential types
  CredentialTypeNotFound: { code: 'ERR_CREDENTIAL_TYPE_NOT_FOUND', status: 404, message: (id: string) => `There is no credential type ${id}.` },
  CredentialTypeRetired: { code: 'ERR_CREDENTIAL_TYPE_RETIRED', status: 409, message: (id: string) => `The credential type ${id} is retired; it can no longer be issued or changed.` },
  /** A type that fails the validator; the issues say what is missing or inconsistent. */
  CredentialTypeInvalid: {
    code: 'ERR_CREDENTIAL_TYPE_INVALID', status: 400, issues: true,
    message: (_issues: ValidationIssue[]) => 'The credential type is incomplete or inconsistent.',
    extensions: (issues: ValidationIssue[]) => ({ errors: issues }),
  },
  /** The catalogue names an agency the exchange does not know: a mistake in the catalogue's data. */
  CatalogueAgencyUnknown: { code: 'ERR_CATALOGUE_AGENCY_UNKNOWN', status: 500, message: (agency: string) => `The catalogue names an unknown agency ${agency}.` },
  // the owning agency's data
  /** The agency's answer does not fit the type; nothing is signed. */
  AgencyClaimsInvalid: {
    code: 'ERR_AGENCY_CLAIMS_INVALID', status: 502,
    message: (typeId: string, _issues: ValidationIssue[]) => `The owning agency's data for ${typeId} is incomplete or malformed.`,
    extensions: (_typeId: string, issues: ValidationIssue[]) => ({ errors: issues }),
  },
  /** The owning agency has no record of the holder for this credential: nothing to issue from. */
  AgencyHasNoRecord: {
    code: 'ERR_AGENCY_HAS_NO_RECORD', status: 403,
    message: (typeId: string, agency: string) => `${agency} holds no record of you for ${typeId}, so the credential cannot be issued. Ask the agency to register you first.`,
    extensions: (typeId: string) => ({ type: typeId }),
  },
  /**
   * The owning agency could not be asked (the exchange refused the call, or the agency's service
   * failed); nothing was issued. `fault` is the exchange's fault type (X-Road-Error) when it gave one.
   */
  AgencyUnavailable: {
    code: 'ERR_AGENCY_UNAVAILABLE', status: 502,
    message: (typeId: string, agency: string, fault: string) => `${agency} could not be asked for the data of ${typeId} (${fault}); nothing was issued. Try again later.`,
    extensions: (typeId: string, _agency: string, fault: string) => ({ type: typeId, fault }),
  },
  // issuance
  /** The document the credential derives from is suspended or revoked (or unknown): nothing is issued. */
  SourceDocumentNotValid: {
    code: 'ERR_SOURCE_DOCUMENT_NOT_VALID', status: 403,
    message: (status: string) => `The document this credential derives from is ${status}; no credential can be issued from it.`,
    extensions: (status: string) => ({ documentStatus: status }),
  },
  /** A format the type offers but this issuer cannot produce yet. */
  FormatNotSupported: { code: 'ERR_FORMAT_NOT_SUPPORTED', status: 400, message: (format: string) => `Credentials in the format ${format} are not issued here.` },
  /** A COSE key other than EC2 P-256 (the only one ES256 mdoc signatures are checked with). */
  MdocKeyUnsupported: { code: 'ERR_MDOC_KEY_UNSUPPORTED', status: 400, message: () => 'Only EC2 P-256 keys are accepted.' },
  /** An mdoc operation OpenID4VP has no use for (device MAC), or signing with a context that only verifies: it fails closed. */
  MdocOperationUnsupported: { code: 'ERR_MDOC_OPERATION_UNSUPPORTED', status: 500, message: 'This mdoc operation is not supported here.' },
  /** Derived credentials follow their cards through the status source's change feed; a source without one cannot serve them. */
  StatusFeedMissing: { code: 'ERR_STATUS_FEED_MISSING', status: 500, message: () => 'The card status source has no change feed; derived credentials could not follow their cards.' },
  // offers by reference (credential_offer_uri)
  CredentialOfferNotFound: { code: 'ERR_CREDENTIAL_OFFER_NOT_FOUND', status: 404, message: () => 'There is no credential offer at this address. Check the link, or ask the issuer for a new offer.' },
  /** The offer expired or was used (by either grant): it is not served again. */
  CredentialOfferGone: {
    code: 'ERR_CREDENTIAL_OFFER_GONE', status: 410,
    message: (why: 'expired' | 'used') => `This credential offer ${why === 'used' ? 'was already used' : 'has expired'}; ask the issuer for a new offer.`,
    extensions: (why: 'expired' | 'used') => ({ reason: why }),
  },
  // credentials already issued
  IssuedCredentialNotFound: { code: 'ERR_ISSUED_CREDENTIAL_NOT_FOUND', status: 404, message: () => 'No credential was issued with this id.' },
  /** The change does not apply to the credential as it is (revoked already, not suspended, …). */
  CredentialChangeNotAllowed: {
    code: 'ERR_CREDENTIAL_CHANGE_NOT_ALLOWED', status: 409,
    message: (action: 'suspend' | 'resume' | 'revoke', state: string) => `The credential is ${state}: it cannot be ${PAST[action]}.`,
    extensions: (_action: 'suspend' | 'resume' | 'revoke', state: string) => ({ state }),
  },
});

export const {
  CredentialTypeNotFound, CredentialTypeRetired, CredentialTypeInvalid, CatalogueAgencyUnknown,
  AgencyClaimsInvalid, AgencyHasNoRecord, AgencyUnavailable, SourceDocumentNotValid, FormatNotSupported,
  MdocKeyUnsupported, MdocOperationUnsupported, StatusFeedMissing, IssuedCredentialNotFound, CredentialChangeNotAllowed,
  CredentialOfferNotFound, CredentialOfferGone,
} = credentialsErrors;
