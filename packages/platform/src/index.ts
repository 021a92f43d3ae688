// SPDX-License-Identifier: Apache-2.0
// The platform's public API: every export by name.
export {
  TesseraError, ValidationFailed, NotFound, Unauthenticated, Forbidden, Conflict, PayloadTooLarge,
  UnsupportedMediaType, TooManyRequests, IdempotencyKeyReused, IdempotencyKeyInFlight, InvalidTransition,
  type ValidationIssue,
} from './errors/tessera-error.ts';
export { toProblem, problemType, type ProblemDetails } from './errors/problem-details.ts';
export { loadConfig, parse, type ConfigOption, type ConfigSpec, type ConfigOf, type LoadedConfig } from './config/define-config.ts';
export { systemClock, ManualClock, type Clock } from './time/clock.ts';
export { openStorage, sqlState, isUniqueViolation, type Database, type Storage, type StorageOptions, type ContextMigrations } from './storage/database.ts';
export { openTestStorage } from './storage/test-storage.ts';
export { buildServer, type Server, type ServerOptions } from './http/server.ts';
export { registerIdempotency, pruneIdempotencyKeys, idempotencyMigrations, type IdempotencyOptions } from './http/idempotency.ts';
export { validationIssues } from './http/validation-issues.ts';
export { html, raw, escapeHtml, SafeHtml } from './ui/html.ts';
export { page, type PageOptions, type NavLink } from './ui/layout.ts';
export { LOCALES, DEFAULT_LOCALE, LOCALE_NAMES, defineMessages, translator, negotiateLocale, isLocale, type Locale, type Catalogue, type Translate } from './i18n/messages.ts';
export {
  appendEvent, signTreeHead, latestTreeHead, verifyTreeHeadSignature, proveInclusion, proveConsistency, leafHashes, LogRangeError, verifyLog,
  MerkleTree, leafHash, nodeHash, treeHash, inclusionProof, consistencyProof, verifyInclusion, verifyConsistency, canonicalJson, logEntries, treeHeads,
  transparencyMigrations, type LogEvent, type LogSigningKey, type SignedTreeHead, type LogVerification, type LogProblem,
} from './transparency/index.ts';
