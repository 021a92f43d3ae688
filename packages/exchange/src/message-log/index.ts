// SPDX-License-Identifier: Apache-2.0
// The gateway message log's public API: every export by name.
export {
  signMessage, verifyMessageSignature, requireValidSignature, signedPayload, sha512Base64, digestHash,
  type MessageDigest, type MessageSigningKey, type CertificateInput, type VerifyMessageOptions, type MessageSignatureVerification,
} from './message-signature.ts';
export { messageLog, messages, timestampBatches, archives, gatewayIdentities, clientCredentials, type MessageRow, type TimestampBatchRow } from './schema.ts';
export { messageLogMigrations } from './migrations.ts';
export {
  logMessage, stampPendingBatch, messageLeaf, DEFAULT_MAX_STORED_BODY_BYTES,
  type MessageLogEntry, type LogOptions, type StampOptions, type StampedBatch,
} from './message-log.ts';
export {
  verifyLoggedMessage,
  type LoggedMessageVerification, type LoggedMessageReport, type LoggedMessageProblem, type LoggedMessageProblemCode, type VerifyLoggedMessageOptions,
} from './verify-logged-message.ts';
export { archiveBatch, type ArchivedBatch } from './archive-batch.ts';
export { httpTimeStampAuthority, stampAndArchive, type StampAndArchiveOptions } from './stamp-and-archive.ts';
