// SPDX-License-Identifier: Apache-2.0
import { canonicalRequestHeaders, headerPairs, requestLineHeaders, type HeaderPair } from '../protocol/request-hash.ts';
import { forwardableRequestHeaders, forwardableResponseHeaders } from '../protocol/request-headers.ts';
import { sha512Base64 } from '../message-log/message-signature.ts';

/** The signature of a message between Tessera gateways (a compact JWS, see message-signature.ts). */
export const SIGNATURE_HEADER = 'x-tessera-signature';
/** Data tracker: whose personal data a message carries, and why (Tessera's extension to X-Road). */
export const DATA_SUBJECT_HEADER = 'x-tessera-data-subject';
export const PURPOSE_HEADER = 'x-tessera-purpose';

type Incoming = Record<string, string | string[] | undefined>;
type Outgoing = Record<string, string | string[]>;

/**
 * The headers both gateways hash and sign: what the protocol forwards, without the signature
 * itself. Both sides derive them from what they receive by the same rule, so they agree.
 */
export function signedRequestHeaders(headers: Incoming): Outgoing {
  const { [SIGNATURE_HEADER]: _signature, ...rest } = forwardableRequestHeaders(headers);
  return rest;
}

export function signedResponseHeaders(headers: Incoming): Outgoing {
  const { [SIGNATURE_HEADER]: _signature, ...rest } = forwardableResponseHeaders(headers);
  return rest;
}

export function requestPairs(method: string, pathAndQuery: string, headers: Outgoing): HeaderPair[] {
  return [...requestLineHeaders(method, pathAndQuery), ...headerPairs(headers)];
}

export const headersHash = (pairs: Iterable<HeaderPair>) => sha512Base64(canonicalRequestHeaders(pairs));

export function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
