// SPDX-License-Identifier: Apache-2.0
// The authority's public API: every export by name.
export { APPLICATION_STATUSES, OPEN_STATUSES, nextStatus, allowedActions, type ApplicationStatus, type ApplicationAction } from './domain/application/application-status.ts';
export { ApplicationForm, COUNTRY_CODES, MOTIVATIONS, type Motivation } from './domain/application/application-form.ts';
export { DEFAULT_FEES, feeFor, type FeeSchedule } from './domain/application/fee.ts';
export { DEFAULT_PHOTO_RULES, type PhotoRules } from './domain/application/uploaded-file.ts';
export { REJECTION_REASONS, type RejectionReason } from './domain/application/rejection-reasons.ts';
export { DEFAULT_LOCATIONS, type PickupLocation } from './domain/locations/default-locations.ts';
export { AUTHORITY_PERMISSIONS, AUTHORITY_ROLES } from './http/permissions.ts';
export { registerAuthorityApi, type StaffGate } from './http/api-routes.ts';
export { registerPaymentWebhook } from './http/webhook-route.ts';
export { registerAuthorityPages } from './http/pages-registration.ts';
export { staffHome, type StaffHome } from './http/staff-home.ts';
export { authorityMigrations } from './store/migrations.ts';
export type { AuthorityDeps } from './store/authority-deps.ts';
export { submitApplication, type SubmittedApplication } from './store/submit-application.ts';
export { importApplications, type ApplicationImport, type ImportOptions } from './store/import-applications.ts';
export { startPayment } from './store/start-payment.ts';
export { recordPaymentEvent } from './store/record-payment-event.ts';
export { decideApplication, type Decision } from './store/decide-application.ts';
export { withdrawApplication } from './store/withdraw-application.ts';
export { issueRefund, retryPendingRefunds } from './store/issue-refund.ts';
export { listApplications, type ApplicationFilters, type QueueItem } from './store/list-applications.ts';
export { getApplication, getApplicationFile, type ApplicationDetail } from './store/get-application.ts';
export { findOwnApplication } from './store/find-own-application.ts';
export { upsertLocations, listLocations } from './store/seed-locations.ts';
export { specimenPortrait, specimenPassportScan } from './specimen/specimen-files.ts';
export { signPaymentWebhook, verifyPaymentWebhook, PAYMENT_EVENT_TYPES, REFUND_REASONS, type PaymentGateway, type PaymentEvent, type PaymentRequest, type RefundReason } from './payment/payment-port.ts';
export { hostedPaymentGateway, type HostedPaymentOptions } from './payment/hosted-payment-client.ts';
export { loadUnConsolidatedList, parseUnConsolidatedList } from './sanctions/load-un-consolidated-list.ts';
export { runChecks, duplicateKey, type SanctionsList, type CheckResult } from './domain/checks/index.ts';
export type { CardDesk, CardOrderRequest, CardSummary } from './cards/card-desk.ts';
export { orderCard, orderCards, retryCardOrders } from './store/order-card.ts';
export { registerCentreServices } from './http/centre-services.ts';
export { exchangeCentreClient } from './http/exchange-centre-client.ts';
export { upsertPartnerCentres, centreForClient, partnerCentreStates } from './store/partner-centres.ts';
export { setCentreState } from './store/suspend-centre.ts';
export { setCentreSla } from './store/set-centre-sla.ts';
export { rotateCentreLogKey } from './store/rotate-centre-log-key.ts';
export { notifyCentreStates } from './store/notify-centre-states.ts';
export { reconcileCentre, type Discrepancy } from './store/reconcile-centre.ts';
export { centreOversight, listCentreOversight, CUSTODY_ACTIONS, type CentreOverview, type CentreOversight, type CentreOversightQuery } from './store/centre-oversight.ts';
export { centreFigures, handoversPerDay, type CentreFigures, type CustodyStep } from './domain/oversight/centre-figures.ts';
export { registerCentreOversight } from './http/oversight-routes.ts';
export { proposeCentreLogKeyReset } from './store/propose-centre-log-key-reset.ts';
export { approveCentreLogKeyReset } from './store/approve-centre-log-key-reset.ts';
export { acceptCentreTreeHead, latestCentreTreeHead, type CentreTreeHeadSubmission } from './store/accept-centre-tree-head.ts';
export { checkLogClaims, logClaimCounts, pendingLogClaims, INCLUSION_GRACE_MS, type CentreInclusion } from './store/centre-log-claims.ts';
export { dispatchShipments, type ShipmentManifest } from './store/dispatch-shipments.ts';
export { recordCustodyReports, custodyOf, type CentreCustodyReport } from './store/record-custody-reports.ts';
export { handOverAtCentre } from './store/hand-over-at-centre.ts';
export { importCentreCustody, type CentreCustodyImport, type CustodyImport } from './store/import-centre-custody.ts';
export { importCentreLogClaims, type ImportedLogClaim } from './store/import-centre-log-claims.ts';
export { identifyForHandover, type HandoverIdentity } from './store/identify-for-handover.ts';
export { matchAtHandover } from './store/match-at-handover.ts';
export { deterministicMatcher, type BiometricMatcher, type BiometricResult } from './domain/biometrics/biometric-matcher.ts';
export { remoteMatcher, type RemoteMatcherOptions } from './biometrics/remote-matcher.ts';
export {
  AuthorityError, authorityErrors, FourEyesRequired, PaymentWebhookRejected, PaymentProviderUnavailable, BiometricMatcherUnavailable,
  NotACentre, CentreSuspended, CardNotAtCentre, CustodyOutOfOrder, CentreCallFailed,
  CentreLogKeyUnknown, CentreLogKeyRotationRefused, CentreLogKeyResetRefused, CentreLogKeyResetFourEyes, CentreTreeHeadSignatureInvalid, CentreLogForked, TreeHeadBaseMismatch, ReportedEntryMismatch, SanctionsListInvalid,
} from './domain/authority-errors.ts';
export type { CentreExchange } from './store/authority-deps.ts';
