// SPDX-License-Identifier: Apache-2.0
// The optional X-Road request headers (PR-REST §4.3) and which headers a gateway passes on.
// Headers arrive as Node gives them: lower-case names, a string or an array of strings.
import { randomUUID } from 'node:crypto';
import { type ExchangeError, BadRequest } from '../exchange-errors.ts';
import { decodeIdentifierPart } from './identifiers.ts';

export type HeaderValue = string | readonly string[] | undefined;
export type IncomingHeaders = Readonly<Record<string, string | string[] | undefined>>;
export type OutgoingHeaders = Record<string, string | string[]>;

/** Lower-case, as Node delivers them. */
export const XRoadHeader = {
  client: 'x-road-client',
  service: 'x-road-service',
  id: 'x-road-id',
  userId: 'x-road-userid',
  issue: 'x-road-issue',
  representedParty: 'x-road-represented-party',
  securityServer: 'x-road-security-server',
  requestId: 'x-road-request-id',
  requestHash: 'x-road-request-hash',
  error: 'x-road-error',
} as const;

export const MAX_HEADER_VALUE_LENGTH = 255;

const PRINTABLE_ASCII = /^[ -~]+$/;
const isPrintableAscii = (text: string): boolean => PRINTABLE_ASCII.test(text);
// X-Road-Issue may carry a document reference in any language; clients send raw UTF-8, which
// Node hands over as latin-1 characters, so only C0 controls and DEL are refused.
const hasNoControls = (text: string): boolean => [...text].every((c) => c.charCodeAt(0) >= 0x20 && c !== '\x7f');

/** The single value of an optional header; '' counts as absent, a repeat as an error. */
function optional(value: HeaderValue, header: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    if (value.length > 1) throw new BadRequest(`${header} header appears more than once`);
    value = value[0];
    if (value === undefined) return undefined;
  }
  return value === '' ? undefined : value;
}

function checked(value: HeaderValue, header: string, allowed: (text: string) => boolean, what: string): string | undefined {
  const text = optional(value, header);
  if (text === undefined) return undefined;
  if (text.length > MAX_HEADER_VALUE_LENGTH) throw new BadRequest(`${header} is longer than ${MAX_HEADER_VALUE_LENGTH} characters`);
  if (!allowed(text)) throw new BadRequest(`${header} must be ${what}`);
  return text;
}

/** A new X-Road-Id for a request that came without one. */
export function newMessageId(): string {
  return randomUUID();
}

/**
 * A client-given X-Road-Id. X-Road recommends but does not require a UUID, so any printable
 * ASCII up to 255 characters is taken as it is.
 */
export function parseMessageId(value: HeaderValue): string | undefined {
  return checked(value, 'X-Road-Id', isPrintableAscii, 'printable ASCII');
}

/** The client's X-Road-Id, or a new one; the response always carries it. */
export function messageIdOrNew(value: HeaderValue): string {
  return parseMessageId(value) ?? newMessageId();
}

/**
 * X-Road-UserId: the person whose action caused the request, by convention a two-letter
 * country prefix and a national code (`EE38001085718`). The prefix is only a SHOULD in
 * PR-REST, so it is not enforced.
 */
export function parseUserId(value: HeaderValue): string | undefined {
  return checked(value, 'X-Road-UserId', isPrintableAscii, 'printable ASCII');
}

/** X-Road-Issue: the case, application or document the request serves. */
export function parseIssue(value: HeaderValue): string | undefined {
  return checked(value, 'X-Road-Issue', hasNoControls, 'free of control characters');
}

/** The third party a client acts for (X-Road's represented-party extension). */
export type RepresentedParty = { readonly memberClass?: string; readonly memberCode: string };

/** `X-Road-Represented-Party: [{memberClass}/]{memberCode}`, each part percent-encoded like identifiers. */
export function parseRepresentedParty(value: HeaderValue): RepresentedParty | undefined {
  const text = optional(value, 'X-Road-Represented-Party');
  if (text === undefined) return undefined;
  const fail = (message: string): ExchangeError => new BadRequest(message);
  const parts = text.split('/');
  const [first, second] = parts;
  if (parts.length > 2 || first === undefined) throw fail('X-Road-Represented-Party must be [memberClass/]memberCode');
  if (second === undefined) return { memberCode: decodeIdentifierPart(first, 'X-Road-Represented-Party memberCode', fail) };
  return {
    memberClass: decodeIdentifierPart(first, 'X-Road-Represented-Party memberClass', fail),
    memberCode: decodeIdentifierPart(second, 'X-Road-Represented-Party memberCode', fail),
  };
}

export function formatRepresentedParty(party: RepresentedParty): string {
  const code = encodeURIComponent(party.memberCode);
  return party.memberClass === undefined ? code : `${encodeURIComponent(party.memberClass)}/${code}`;
}

// Hop-by-hop headers (RFC 9110 §7.6.1, PR-REST "filtered headers") belong to one connection.
const HOP_BY_HOP = ['connection', 'keep-alive', 'te', 'trailer', 'transfer-encoding', 'upgrade'];
// Expect: 100-continue is answered by the gateway the client talks to (PR-REST "specially handled").
const SPECIALLY_HANDLED = ['expect'];
// Headers that would reveal the calling host's name or address to the other side.
const ORIGIN_REVEALING = ['host', 'user-agent', 'forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-real-ip'];
// Set by the gateways from what they verified; a caller's own values must never reach the
// provider. X-Road-UserId, -Issue and -Represented-Party are the caller's to give and pass on.
const GATEWAY_SET_ON_REQUEST = [
  XRoadHeader.client, XRoadHeader.service, XRoadHeader.id, XRoadHeader.requestId, XRoadHeader.requestHash,
  XRoadHeader.error, XRoadHeader.securityServer,
];
// Set by the provider gateway on the response (PR-REST §4.3: a service's values are replaced);
// X-Road-Error too, since a service setting it would pass its own error off as a gateway's.
const GATEWAY_SET_ON_RESPONSE = [
  XRoadHeader.client, XRoadHeader.service, XRoadHeader.id, XRoadHeader.requestId, XRoadHeader.requestHash, XRoadHeader.error,
];

const REQUEST_DROPPED: ReadonlySet<string> = new Set([...HOP_BY_HOP, ...SPECIALLY_HANDLED, ...ORIGIN_REVEALING, ...GATEWAY_SET_ON_REQUEST]);
const RESPONSE_DROPPED: ReadonlySet<string> = new Set([...HOP_BY_HOP, 'server', ...GATEWAY_SET_ON_RESPONSE]);

/** The header names a Connection header lists, which are hop-by-hop for that message. */
function connectionNamed(headers: IncomingHeaders): Set<string> {
  const named = new Set<string>();
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() !== 'connection' || value === undefined) continue;
    for (const line of typeof value === 'string' ? [value] : value) {
      for (const token of line.split(',')) {
        const trimmed = token.trim().toLowerCase();
        if (trimmed !== '') named.add(trimmed);
      }
    }
  }
  return named;
}

function filter(headers: IncomingHeaders, dropped: ReadonlySet<string>): OutgoingHeaders {
  const named = connectionNamed(headers);
  const kept: OutgoingHeaders = {};
  for (const [rawName, value] of Object.entries(headers)) {
    const name = rawName.toLowerCase();
    if (value === undefined || dropped.has(name) || named.has(name)) continue;
    // Proxy-Authorization, Proxy-Authenticate, Proxy-Connection: all meant for a proxy hop.
    // ':'-names are HTTP/2 pseudo-headers, which the next hop makes itself.
    if (name.startsWith('proxy-') || name.startsWith(':')) continue;
    // Names differing only in case are one header; their values are kept in order.
    const previous = kept[name];
    if (previous === undefined) kept[name] = typeof value === 'string' ? value : [...value];
    else kept[name] = [...(typeof previous === 'string' ? [previous] : previous), ...(typeof value === 'string' ? [value] : value)];
  }
  return kept;
}

/**
 * The calling system's headers as the gateway passes them towards the provider: Content-Type,
 * Accept, Content-Length, cache and authorization headers and user-defined headers unchanged;
 * hop-by-hop headers (and those Connection names), Expect, Host, User-Agent, forwarding
 * headers and the X-Road-* headers the gateways set themselves are dropped.
 */
export function forwardableRequestHeaders(headers: IncomingHeaders): OutgoingHeaders {
  return filter(headers, REQUEST_DROPPED);
}

/**
 * The provider service's headers as the gateway passes them back: everything but hop-by-hop
 * headers, Server, and the X-Road-* headers the provider gateway sets (a service's values for
 * those are replaced, PR-REST §4.3).
 */
export function forwardableResponseHeaders(headers: IncomingHeaders): OutgoingHeaders {
  return filter(headers, RESPONSE_DROPPED);
}
