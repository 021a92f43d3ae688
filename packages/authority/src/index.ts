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
export { authorityMigrations } from './store/migrations.ts';
export type { AuthorityDeps } from './store/authority-deps.ts';
export { submitApplication, type SubmittedApplication } from './store/submit-application.ts';
export { startPayment } from './store/start-payment.ts';
export { recordPaymentEvent } from './store/record-payment-event.ts';
export { decideApplication, FourEyesRequired, type Decision } from './store/decide-application.ts';
export { withdrawApplication } from './store/withdraw-application.ts';
export { issueRefund, retryPendingRefunds } from './store/issue-refund.ts';
export { listApplications, type ApplicationFilters, type QueueItem } from './store/list-applications.ts';
export { getApplication, getApplicationFile, type ApplicationDetail } from './store/get-application.ts';
export { findOwnApplication } from './store/find-own-application.ts';
export { upsertLocations, listLocations } from './store/seed-locations.ts';
export { specimenPortrait, specimenPassportScan } from './specimen/specimen-files.ts';
export { signPaymentWebhook, verifyPaymentWebhook, PaymentWebhookRejected, PaymentProviderUnavailable, PAYMENT_EVENT_TYPES, type PaymentGateway, type PaymentEvent } from './payment/payment-port.ts';
export { hostedPaymentGateway, type HostedPaymentOptions } from './payment/hosted-payment-client.ts';
export { loadUnConsolidatedList, parseUnConsolidatedList } from './sanctions/load-un-consolidated-list.ts';
export { runChecks, duplicateKey, type SanctionsList, type CheckResult } from './domain/checks/index.ts';
