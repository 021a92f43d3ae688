// SPDX-License-Identifier: Apache-2.0
export {
  createTimeStampAuthority,
  type TimeStampAccuracy,
  type TimeStampAuthority,
  type TimeStampAuthorityOptions,
  type TimeStampSigner,
} from './time-stamp-authority.ts';
export {
  verifyTimeStampToken,
  type CertificateInput,
  type TimeStampFacts,
  type TimeStampVerification,
  type VerifyTimeStampOptions,
} from './verify-time-stamp.ts';
export { readTimeStamp, type TimeStampReading } from './read-time-stamp.ts';
export { registerTsaRoute, TIMESTAMP_QUERY, TIMESTAMP_REPLY, TSA_BODY_LIMIT } from './tsa-route.ts';
export { FAILURE_BITS, failureReasonsOf, type FailureReason } from './failure-info.ts';
