// SPDX-License-Identifier: Apache-2.0
import { PKIFailureInfo } from '@peculiar/asn1-tsp';

/**
 * PKIFailureInfo bit numbers from RFC 3161 §2.4.2. We do not use the PKIFailureInfoFlags enum of
 * @peculiar/asn1-tsp 2.6: apart from badAlg its values are one bit off (badDataFormat is 16, i.e.
 * bit 4, where the RFC says bit 5), so clients would read a different failure than we meant.
 */
export const FAILURE_BITS = {
  badAlg: 0,
  badRequest: 2,
  badDataFormat: 5,
  timeNotAvailable: 14,
  unacceptedPolicy: 15,
  unacceptedExtension: 16,
  addInfoNotAvailable: 17,
  systemFailure: 25,
} as const;

export type FailureReason = keyof typeof FAILURE_BITS;

/** BitString.fromNumber numbers bits from the first octet's high bit, which is ASN.1 bit 0. */
export function failureInfoFor(reason: FailureReason): PKIFailureInfo {
  return new PKIFailureInfo(2 ** FAILURE_BITS[reason]);
}

export function failureReasonsOf(info: PKIFailureInfo): FailureReason[] {
  const value = info.toNumber();
  return (Object.keys(FAILURE_BITS) as FailureReason[]).filter((reason) => Math.floor(value / 2 ** FAILURE_BITS[reason]) % 2 === 1);
}
