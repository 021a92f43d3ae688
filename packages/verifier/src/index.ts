// SPDX-License-Identifier: Apache-2.0
// The verifier's public API: every export by name.
export { VerifierError, verifierErrors, REFUSALS, PresentationRefused, presentationRefused, isPresentationRefused, RelyingPartyExists, WebhookSecretMissing, type RefusalCode } from './domain/verifier-errors.ts';
export { disclosedClaims, disclosureDigest } from './domain/sd-jwt/disclosed-claims.ts';
export { verifySdJwtPresentation, type PresentationContext, type VerifiedSdJwt } from './domain/sd-jwt/verify-sd-jwt-presentation.ts';
export { trustedIssuerKey, type IssuerTrust, type TrustedIssuer } from './domain/trust/issuer-trust.ts';
export { credentialStatusCheck, type StatusCheck, type StatusListFetcher } from './domain/status/credential-status-check.ts';
export { parseDcqlQuery, type DcqlQuery, type CredentialQuery, type ClaimQuery } from './domain/dcql/dcql-query.ts';
export { checkQueryWithinRegistration, type RegisteredClaims } from './domain/dcql/check-registration.ts';
export { presentationsOf, answerOf, type CredentialAnswer } from './domain/dcql/match-vp-token.ts';
export { requestObjectPayload, signRequestObject, RESPONSE_MODES, type ResponseMode, type RegistrationInfo } from './domain/request/request-object.ts';
export { readWalletResponse, type WalletResponse } from './domain/request/read-response.ts';
export { verifierMigrations } from './store/migrations.ts';
export type { VerifierDeps } from './store/verifier-deps.ts';
export { registerRelyingParty, hashApiKey, type RelyingPartyRegistration, type DemoKeys } from './store/register-relying-party.ts';
export { clientIdOf, findRelyingParty, relyingPartyByApiKey, type RelyingPartyRow } from './store/relying-party-identity.ts';
export { createPresentationRequest, requestLink, type PresentationRequestInput, type CreatedPresentationRequest } from './store/create-presentation-request.ts';
export { requestObject } from './store/request-object.ts';
export { receiveResponse, type ResponseOutcome } from './store/receive-response.ts';
export { findPresentationRequest, type PresentationRequestView } from './store/find-presentation-request.ts';
export { registerVerifier, type VerifierHttpOptions } from './http/register-verifier.ts';
export { VERIFICATION_TEMPLATES, isTemplateId, templateQuery, templateRegistration, type TemplateId, type VerificationTemplate } from './domain/templates/verification-templates.ts';
export { registerVerificationApp, type ClaimLabels } from './http/verification-app.ts';
export { registerRelyingPartyAdmin, RELYING_PARTY_PERMISSION, RELYING_PARTIES_PATH } from './http/register-relying-party-admin.ts';
export { outboxDataTracker, deliverDataAccessReports, startDataAccessReporting, type DataAccessReport, type DataAccessReportingOptions } from './store/data-access-outbox.ts';
export { queueWebhook, deliverWebhooks, startWebhookDelivery, webhookSignature, DELIVERY_HEADER, type WebhookEvent, type WebhookDeliveryOptions } from './store/webhook-outbox.ts';
export { credentialSignIn, type CredentialSignInOptions } from './domain/sign-in/credential-sign-in.ts';
