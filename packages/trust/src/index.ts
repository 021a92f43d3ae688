// SPDX-License-Identifier: Apache-2.0
// The trust services' public API: every export by name.
import 'reflect-metadata'; // before anything loads @peculiar/x509
export {
  WrappedKeyStore, EKU, MemoryKeyStoreBackend, FileKeyStoreBackend, runKeyCeremony, hierarchyKeyLabels, issuingAuthority, buildCrl, crlToPem,
  cardAuthentication, cardSigning, gatewayTls, gatewaySigning, mdocDocumentSigner, ocspResponder, timeStamping, ISSUING_CA_ROLES,
  type KeyStore, type KeyStoreBackend, type WrappedKey, type Signer, type CaHierarchy, type IssuingAuthority, type IssuingCaRole, type StatusUrls,
} from './ca/index.ts';
export {
  TrustError, trustErrors,
  CaError, KeyEncryptionKeyWrong, KeyEncryptionKeyInvalid, KeyNotFound, KeyLabelTaken, KeyLabelInvalid, KeyRecordInvalid, CaHierarchyExists,
  CertificateInputInvalid, SignerUnsupported,
  CardError, PinWrong, PinBlocked, PukBlocked, SecurityStatusNotSatisfied, ConditionsNotSatisfied, PinFormat, PinEnvelopeUnreadable,
  CardAlreadyOrdered, CardNotFound, IdentificationCodeUnavailable, IdentificationCodeInputInvalid,
  OcspCheckFailed, OcspResponderInvalid, OcspResponderNotForOcsp, OcspResponderNotIssued, OcspResponderKeyMismatch, OcspIssuerUnknown,
  TrustAnchorsRefused, EnrolmentRefused,
  TsaInvalid, TsaPolicyInvalid, TsaCertificateUsage, TsaKeyMismatch, TsaAccuracyInvalid, TsaSerialInvalid, TsaClockInvalid,
  CertificateNotCanonical, SignatureMalformed, DerInputInvalid, OptionInvalid, DemoSignInInProduction,
} from './trust-errors.ts';
export { createOcspResponder, registerOcspRoutes, normalizeSerialHex, checkOcsp, checkOcspSerial, ocspUrlOf, type OcspCheck, type OcspResponder, type CertificateStatusSource, type CertificateStatus } from './ocsp/index.ts';
export { createTimeStampAuthority, verifyTimeStampToken, readTimeStamp, registerTsaRoute, type TimeStampAuthority, type TimeStampReading } from './tsa/index.ts';
export { CardChip, type KeySlot } from './card/card-chip.ts';
export { issuePinEnvelope, openPinEnvelope, type Pins, type SealedPinEnvelope } from './card/pin-envelope.ts';
export { CARD_STATES, REVOCATION_REASONS, allowedCardActions, nextCardState, type CardState, type CardAction, type CardRevocationReason } from './domain/card-status.ts';
export { identificationCode, isValidIdentificationCode } from './domain/identification-code.ts';
export { trustMigrations } from './register/migrations.ts';
export type { TrustDeps } from './register/trust-deps.ts';
export { EmulatedCardBureau, type CardBureau } from './register/card-bureau.ts';
export { StatusChanges } from './register/status-changes.ts';
export { databaseKeyBackend, keyTableBackend, type WrappedKeyTable } from './register/database-key-backend.ts';
export { installHierarchy, hasHierarchy, loadAuthority, loadTrustAnchors, caBundle, caCertificates, type StoredAuthority, type AuthorityRole } from './register/hierarchy-store.ts';
export { personaliseCard, personaliseCards, type CardOrder, type PersonalisedCard } from './register/personalise-card.ts';
export { changeCardState, type CardChange } from './register/change-card-state.ts';
export { registerStatusSource } from './register/register-status-source.ts';
export { serviceIdentity, type ServiceIdentity } from './register/service-certificates.ts';
export { publishCrl, storedCrl } from './register/publish-crl.ts';
export type { CardRow, CertificateRow } from './register/schema.ts';
export { registerTrustServices, TSA_POLICY, type TrustServices, type TrustServicesOptions } from './http/trust-services.ts';
export { cardsByOrder, findCardByOrder, listCards, getCard, type CardFilters } from './register/find-cards.ts';
export { TRUST_PERMISSIONS } from './http/permissions.ts';
export { registerCardRegisterPages, type CardRegisterOptions } from './http/card-register-routes.ts';
export { revokeUnclaimedCards } from './register/revoke-unclaimed-cards.ts';
export { signDocument, verifyDocumentSignature, type SignatureVerification } from './signature/document-signature.ts';
export { createWebEidToken, verifyWebEidToken, WebEidToken, type CardAuthentication } from './signature/web-eid-token.ts';
export { verifyCertificatePath } from './signature/certificate-path.ts';
export { validateCertificatePath, fingerprintOf, type TrustAnchors, type PathOptions, type CertificatePath } from './path/validate-certificate-path.ts';
export { CertificatePathCache } from './path/certificate-path-cache.ts';
export { sameBytes } from './crypto/same-bytes.ts';
export { cardHolderOf, type CardHolder } from './signature/card-holder.ts';
export { registerCitizenSignIn, type CitizenSignInOptions } from './http/citizen-sign-in.ts';
export { readCitizenSession, CITIZEN_COOKIE } from './http/citizen-session.ts';
export {
  registerCitizenAssertions, CITIZEN_ASSERTION_TYPE, CITIZEN_ASSERTION_KEYS_PATH, CITIZEN_ASSERTION_PATH, type CitizenAssertionOptions,
} from './http/citizen-assertion.ts';
export { registerDemoCitizenSignIn, DEMO_CITIZEN_SIGN_IN_PATH, type DemoCitizenSignInOptions } from './http/demo-citizen-sign-in.ts';
export { issueGatewayCertificates, revokeCertificate, type GatewayCertificateRequest } from './register/gateway-certificates.ts';
export { issueMemberSigningCertificates, type MemberSigningRequest } from './register/member-signing-certificates.ts';
export type { OrganisationSubject } from './ca/subject-names.ts';
export {
  enrolServiceCertificate, localServiceCertification, certificationRequest, readCertificationRequest, isServiceProfile, SERVICE_PROFILES,
  type ServiceCertification, type ServiceCertificate, type ServiceProfile,
} from './register/service-enrolment.ts';
export { registerServiceEnrolment, tokenSha256, ENROLMENT_PATH, AUTHORITIES_PATH, type EnrolmentClient } from './http/service-enrolment-routes.ts';
export { registerStatusFeed, followStatusFeed, remoteStatusSource, STATUS_FEED_PATH } from './http/status-feed.ts';
export { fetchPinnedAuthorities, remoteServiceCertification, type PinnedAuthorities } from './http/trust-client.ts';
