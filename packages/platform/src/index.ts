// SPDX-License-Identifier: Apache-2.0
// The platform's public API: every export by name.
export {
  TesseraError, ValidationFailed, NotFound, Unauthenticated, Forbidden, Conflict, PayloadTooLarge,
  UnsupportedMediaType, TooManyRequests, IdempotencyKeyReused, IdempotencyKeyInFlight, InvalidTransition,
  type ValidationIssue, type TesseraErrorOptions,
} from './errors/tessera-error.ts';
export { defineErrors, type ErrorRow, type ErrorClass, type ErrorClasses, type ErrorBase } from './errors/define-errors.ts';
export { toProblem, problemType, type ProblemDetails } from './errors/problem-details.ts';
export { loadConfig, parse, type ConfigOption, type ConfigSpec, type ConfigOf, type LoadedConfig } from './config/define-config.ts';
export { systemClock, ManualClock, type Clock } from './time/clock.ts';
export { openStorage, sqlState, isUniqueViolation, type Database, type Storage, type StorageOptions, type ContextMigrations } from './storage/database.ts';
export { insideTransaction, outsideTransaction } from './storage/transaction-scope.ts';
export { openTestStorage } from './storage/test-storage.ts';
export { runExclusive, scheduleExclusive, whileLocked } from './storage/advisory-lock.ts';
export { openEmbeddedStorage, type EmbeddedStorageOptions } from './storage/embedded-storage.ts';
export { bytea } from './storage/bytea.ts';
export { expectRow } from './storage/expect-row.ts';
export { queryFixedStatement, runFixedStatement, type FixedStatement, type FixedValue } from './storage/fixed-statement.ts';
export { buildServer, type Server, type ServerOptions } from './http/server.ts';
export { databaseRateLimitStore, pruneRateLimits } from './http/rate-limit-store.ts';
export { registerIdempotency, pruneIdempotencyKeys, idempotencyMigrations, type IdempotencyOptions } from './http/idempotency.ts';
export { validationIssues } from './http/validation-issues.ts';
export { requireJsonBody, verifyCsrf } from './http/verify-csrf.ts';
export { pageLocale, sendPage, dropEmptyFilters } from './http/page-reply.ts';
export { html, raw, escapeHtml, SafeHtml } from './ui/html.ts';
export { page, type PageOptions, type NavLink } from './ui/layout.ts';
export { csrfField, textInput, dateInput, textarea, selectField, fileInput, radios, type FieldOptions, type Choice } from './ui/form-fields.ts';
export { errorSummary } from './ui/error-summary.ts';
export { summaryList, statusTag, type Tone } from './ui/summary-list.ts';
export { dataTable, pagination, filterForm, type DataTableOptions, type PaginationOptions, type FilterField } from './ui/data-table.ts';
export { registerUiAssets } from './ui/ui-assets.ts';
export { renderProblemPage } from './ui/problem-page.ts';
export { LOCALES, DEFAULT_LOCALE, LOCALE_NAMES, defineMessages, translator, negotiateLocale, isLocale, type Locale, type Catalogue, type Translate } from './i18n/messages.ts';
export {
  appendEvent, appendEvents, logEntryText, signTreeHead, sequenceLog, startLogSequencer, MAXIMUM_MERGE_DELAY_MS, latestTreeHead, verifyTreeHeadSignature, proveInclusion, proveConsistency, leafHashes,
  verifyLog,
  MerkleTree, leafHash, nodeHash, treeHash, inclusionProof, consistencyProof, verifyInclusion, verifyConsistency, canonicalJson, logEntries, treeHeads,
  transparencyMigrations, type LogEvent, type LogReceipt, type LogSequencer, type LogSequencerOptions, type SequenceResult, type LogSigningKey, type SignedTreeHead, type LogVerification, type LogProblem,
} from './transparency/index.ts';
export { signLogKeyRotation, verifyLogKeyRotation, type LogKeyRotation, type LogPublicJwk } from './transparency/log-key-rotation.ts';
export { enqueueMail, enqueueMails, deliverPendingMail, startMailDelivery, retryDelayMs, smtpTransport, outbox, mailMigrations, type MailMessage, type MailTransport, type DeliveryOptions, type SmtpOptions } from './mail/index.ts';
export { registerStaffAuth, type StaffAuthOptions, type StaffAuth } from './auth/register-staff-auth.ts';
export type { StaffPrincipal, RoleTable } from './auth/staff-principal.ts';
export { signedInStaff } from './auth/signed-in-staff.ts';
export { authMigrations } from './auth/schema.ts';
export { DEFAULT_AUTH_POLICY, type AuthPolicy } from './auth/auth-deps.ts';
export { createStaff, type NewStaff } from './auth/create-staff.ts';
export { findStaffByUsername, findStaffById } from './auth/find-staff.ts';
export { disableStaff } from './auth/disable-staff.ts';
export { endStaffSessions } from './auth/end-staff-sessions.ts';
export { resetStaffTotp } from './auth/reset-staff-totp.ts';
export {
  LogRangeError, LogInconsistent, TreeHeadSignatureInvalid,
  PlatformError, platformErrors, StaffExists, StaffNotFound, SignInFailed, SecondFactorExpired, TotpNotConfirmed, TotpAlreadyEnrolled, SecondFactorRequired,
  IdempotencyRecordUnreadable, RowMissing, ConfigValueInvalid,
} from './errors/platform-errors.ts';
export { hashPassword, verifyPassword, passwordNeedsRehash, SCRYPT_PARAMS } from './auth/password-hash.ts';
export { checkPasswordPolicy, PASSWORD_POLICY } from './auth/password-policy.ts';
export type { StaffAccount } from './auth/staff-account.ts';
export { totpCode } from './auth/totp.ts';
export type { PersonDetails } from './identity/person-details.ts';
export { seededRandom } from './random/seeded-random.ts';
