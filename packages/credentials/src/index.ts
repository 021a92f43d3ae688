// SPDX-License-Identifier: Apache-2.0
// The credentials context's public API: every export by name.
export {
  TYPE_LOCALES, CREDENTIAL_FORMATS, CLAIM_VALUE_TYPES, SOURCE_DOCUMENTS,
  type CredentialType, type ClaimDefinition, type TypeDisplay, type LocalizedText, type TypeLocale, type CredentialFormat, type ClaimValueType, type SourceDocument,
} from './domain/types/credential-type.ts';
export { validateCredentialType } from './domain/types/validate-credential-type.ts';
export { buildCatalogue, catalogueAgencies, type CatalogueOptions, type CatalogueAgency } from './domain/catalogue/build-catalogue.ts';
export { agencyKey, sourceServiceKey, type ExchangeDirectory, type ExchangeContents } from './domain/types/exchange-directory.ts';
export {
  CredentialsError, credentialsErrors, CredentialTypeNotFound, CredentialTypeRetired, CredentialTypeInvalid, CatalogueAgencyUnknown,
  AgencyClaimsInvalid, AgencyHasNoRecord, AgencyUnavailable, SourceDocumentNotValid, FormatNotSupported,
  MdocKeyUnsupported, MdocOperationUnsupported, StatusFeedMissing, IssuedCredentialNotFound, CredentialChangeNotAllowed,
  CredentialOfferNotFound, CredentialOfferGone,
} from './domain/credentials-errors.ts';
export { credentialsMigrations } from './store/migrations.ts';
export type { TypeRegistryDeps } from './store/types/type-registry-deps.ts';
export { installCatalogue } from './store/types/install-catalogue.ts';
export { publishTypeVersion } from './store/types/publish-type-version.ts';
export { retireType } from './store/types/retire-type.ts';
export { activeTypes, listTypes, typeHistory, findType, type TypeVersion } from './store/types/find-types.ts';
export { checkClaims } from './domain/types/check-claims.ts';
export { issueSdJwtVc, type SdJwtVcIssue } from './domain/sd-jwt/issue-sd-jwt-vc.ts';
export { issueMdoc, type MdocIssue } from './domain/mdoc/issue-mdoc.ts';
export { claimValue as mdocClaimValue, elementValue as mdocElementValue } from './domain/mdoc/mdoc-values.ts';
export { mdocCrypto } from './domain/mdoc/mdoc-crypto.ts';
export { STATUS, STATUS_BITS, statusAfterDocumentChange, type CredentialStatus, type DocumentStatus } from './domain/status/credential-status.ts';
export type { DocumentStatusSource } from './domain/status/document-status-source.ts';
export type { ClaimSource } from './domain/issuer/claim-source.ts';
export { recordClaims, type PersonRecord } from './domain/issuer/record-claims.ts';
export { configurationId, parseConfigurationId } from './domain/issuer/configuration-id.ts';
export { issuerIdentity, type IssuerIdentity, type SigningIdentity } from './store/issuer/issuer-identity.ts';
export { openCredentialsKeyStore, credentialsKeyBackend } from './store/issuer/own-key-store.ts';
export type { IssuerDeps } from './store/issuer/issuer-deps.ts';
export { issueCredentials, type CredentialIssue, type IssuedBatch } from './store/issuer/issue-credentials.ts';
export { issuanceWriter, writeIssuances, type IssuanceWriter, type PendingIssuance } from './store/issuer/issuance-writer.ts';
export { statusListPublisher, STATUS_TTL_SECONDS, type StatusListPublisher, type StatusListSigner } from './store/status/status-list-publisher.ts';
export { allocateStatusEntry, setStatuses, DEFAULT_LIST_SIZE } from './store/status/status-lists.ts';
export { cardDocumentStatus } from './store/status/card-document-status.ts';
export { applyDocumentStatus, followDocumentStatus } from './store/status/follow-document-status.ts';
export { ProtocolError } from './domain/oid4vci/oid4vci-errors.ts';
export { dpopNonces, type DpopNonces } from './domain/oid4vci/dpop-nonces.ts';
export { dpopProofRegister, pruneDpopProofs } from './store/oid4vci/dpop-proofs.ts';
export { verifyDpopProof, type DpopCheck, type DpopResult } from './domain/oid4vci/verify-dpop-proof.ts';
export { verifyKeyProof } from './domain/oid4vci/verify-key-proof.ts';
export { credentialIssuerMetadata, authorizationServerMetadata, type MetadataOptions } from './domain/oid4vci/issuer-metadata.ts';
export type { Oid4vciDeps } from './store/oid4vci/oid4vci-deps.ts';
export type { PresentationSignIn, PresentedCredential, SignInOutcome } from './domain/oid4vci/presentation-sign-in.ts';
export { createOffer, PRE_AUTHORIZED_GRANT, AUTHORIZATION_CODE_GRANT, OFFER_GRANTS, OFFER_PATH, type OfferGrant, type OfferRequest, type CreatedOffer } from './store/oid4vci/create-offer.ts';
export { registerIssuer } from './http/register-issuer.ts';
export type { WalletClient } from './domain/oauth/wallet-clients.ts';
export { pkceMatches } from './domain/oauth/pkce.ts';
export { decideDeferredIssuance } from './store/oid4vci/decide-deferred-issuance.ts';
export { agencyClaimsRequest, readAgencyAnswer, type AgencyClaimsRequest } from './domain/issuer/agency-claims.ts';
export { CREDENTIAL_HOLD_REASONS, CREDENTIAL_REVOCATION_REASONS, type CredentialChange, type CredentialHoldReason, type CredentialRevocationReason } from './domain/admin/credential-changes.ts';
export { changeCredentialStatus } from './store/admin/change-credential-status.ts';
export { listIssuedCredentials, issuedCountsByVersion, type IssuedCredentialSummary } from './store/admin/list-issued-credentials.ts';
export { searchTypes, type TypeSearch } from './store/admin/search-types.ts';
export { registerIssuerAdmin, CREDENTIALS_PERMISSIONS, CREDENTIALS_ROLES, type IssuerAdminDeps, type IssuerAdminOptions } from './http/admin/register-issuer-admin.ts';
export { registerIssuingDesk, type IssuingDeskDeps } from './http/desk/register-issuing-desk.ts';
