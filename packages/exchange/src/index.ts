// SPDX-License-Identifier: Apache-2.0
// The exchange's public API. The registry's identifiers (member, subsystem, service without the
// instance) differ from the protocol's (with the instance), so the registry is a namespace.
export {
  ExchangeError, exchangeErrors, gatewayErrorOf, isGatewayError,
  BadRequest, InvalidClientIdentifier, InvalidServiceIdentifier, InvalidSecurityServer, RequestTooLarge,
  OutdatedGlobalConf, ClientProxyNetworkError, UnknownMember, SslAuthenticationFailed, IsAuthenticationFailed, InconsistentResponse, TooManyRequests,
  AccessDenied, UnknownService, ServiceFailed, ServerProxyNetworkError, InvalidSignature, DuplicateMessageId, InternalError,
  TimeStampFailed, TimeStampRefused, TimeStampUnusable, TimeStampForOtherRequest, TimeStampUntrusted,
  LogEntryInconsistent, LogSignatureMismatch, LogBodyMismatch, MessageDigestInvalid, BodyDigestFinished, HeaderInvalid, SigningKeyUnsupported, OptionInvalid,
  AlreadyRegistered, MemberExists, SubsystemExists, ServiceExists, AccessRightExists, GatewayExists, TrustedCaExists, TsaExists, ClientCredentialExists,
  GatewayCertificateTaken, GatewayCertificateUnchanged, BatchAlreadyArchived,
  GatewayKeyUnsealable, GatewayKeyEncryptionKeyInvalid, SealedKeyMalformed, GatewayIdentityLost,
  ConfigurationRefused, ConfigurationUnreachable, ConfigurationTooLarge, ConfigurationSignatureInvalid, ConfigurationMalformed,
  ConfigurationOtherInstance, ConfigurationExpired, ConfigurationRollback, ConfigurationSerialReused,
  type GatewayError, type GatewayErrorBody, type GatewayErrorType, type GatewaySide, type ExchangeErrorRow, type ExchangeErrorOptions,
} from './exchange-errors.ts';
export { MAX_IDENTIFIER_PART_LENGTH, MAX_URI_LENGTH, METADATA_SERVICE_CODES, PROTOCOL_VERSION, decodeIdentifierPart, formatClientId, formatSecurityServerId, formatServiceId, formatServicePath, identifierPartProblem, isMetadataServiceCode, parseClientHeader, parseGatewayPath, parseSecurityServerHeader, parseServicePath, type ClientId, type GatewayRequestPath, type SecurityServerId, type ServiceId, type ServiceRequestPath, type SubsystemId } from './protocol/index.ts';
export { MAX_HEADER_VALUE_LENGTH, XRoadHeader, formatRepresentedParty, forwardableRequestHeaders, forwardableResponseHeaders, messageIdOrNew, newMessageId, parseIssue, parseMessageId, parseRepresentedParty, parseUserId, type HeaderValue, type IncomingHeaders, type OutgoingHeaders, type RepresentedParty } from './protocol/index.ts';
export { canonicalRequestHeaders, createBodyDigest, headerPairs, requestHash, requestLineHeaders, type BodyDigest, type HeaderPair } from './protocol/index.ts';
export { listClientsJson, listClientsXml, listMethodsJson, type ClientIdJson, type ClientListJson, type Endpoint, type ListedClient, type ListedService, type ServiceJson, type ServiceListJson } from './protocol/index.ts';
export {
  signMessage, verifyMessageSignature, requireValidSignature, signedPayload, sha512Base64, digestHash,
  type MessageDigest, type MessageSigningKey, type CertificateInput, type VerifyMessageOptions, type MessageSignatureVerification,
} from './message-log/index.ts';
export { messageLog, messages, timestampBatches, archives, gatewayIdentities, clientCredentials, type MessageRow, type TimestampBatchRow } from './message-log/index.ts';
export { messageLogMigrations } from './message-log/index.ts';
export {
  logMessage, stampPendingBatch, messageLeaf, DEFAULT_MAX_STORED_BODY_BYTES,
  type MessageLogEntry, type LogOptions, type StampOptions, type StampedBatch,
} from './message-log/index.ts';
export {
  verifyLoggedMessage,
  type LoggedMessageVerification, type LoggedMessageReport, type LoggedMessageProblem, type LoggedMessageProblemCode, type VerifyLoggedMessageOptions,
} from './message-log/index.ts';
export { archiveBatch, type ArchivedBatch } from './message-log/index.ts';
export { httpTimeStampAuthority, stampAndArchive, type StampAndArchiveOptions } from './message-log/index.ts';
export * as registry from './registry/index.ts';
export { startGateway, type RunningGateway } from './gateway/gateway.ts';
export type { GatewayOptions, GatewayLogger, LocalService, HostedMember } from './gateway/gateway-options.ts';
export { loadHostedSigningKeys, type HostedMemberRequest } from './gateway/hosted-signing-keys.ts';
export { CLIENT_CREDENTIAL_HEADER, authenticateClient, issueClientCredential, issueMissingClientCredentials, revokeClientCredential, rotateClientCredential, type ClientCredentialDeps } from './gateway/client-credentials.ts';
export { provisionGateway, type ProvisionedGateway } from './gateway/provision-gateway.ts';
export {
  loadGatewayIdentity, renewGatewayIdentity, RENEW_BEFORE_DAYS,
  type GatewayIdentity, type GatewayIdentityDeps, type GatewayIdentityRequest,
} from './gateway/gateway-identity.ts';
export { DATA_SUBJECT_HEADER, PURPOSE_HEADER } from './gateway/gateway-headers.ts';
export { trackerMigrations } from './data-tracker/migrations.ts';
export { accessesOf, recordDataAccess, recordDataAccesses } from './data-tracker/data-access.ts';
export { dataTrackerSection } from './data-tracker/data-tracker-section.ts';
export { registerDataAccessReports } from './data-tracker/data-access-reports.ts';
