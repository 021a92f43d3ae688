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
