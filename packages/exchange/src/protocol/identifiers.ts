// SPDX-License-Identifier: Apache-2.0
// X-Road identifiers as an information system writes them: in the X-Road-Client and
// X-Road-Security-Server headers and in the `/r1/...` request path (PR-REST §4.1–4.3, §4.8;
// PR-MREST for the metadata paths). Pure parsing: every failure is an exchange protocol fault the HTTP
// layer can answer with.
//
// Decisions, beyond what the specs fix:
// - Each identifier part is percent-decoded on its own (UTF-8, so `%C3%B5` is "õ"). A part
//   whose decoded value holds `/`, `\`, `:`, `;` or `%` is refused: PR-REST §4.2 tolerates an
//   encoded `/` ("not recommended") but §4.8 and X-Road's own identifier rules exclude these
//   characters, so no registered identifier has them, and refusing `%2F` means a part can never
//   smuggle path segments into the provider URL or into a formatted identifier.
// - Parts also refuse `..`, control and invisible (format, unassigned, private-use) characters,
//   and more than 255 characters. Unicode letters stay allowed (the brief wants UTF-8 codes).
// - The service path after the service code and the query string are kept raw (never
//   decoded or re-encoded). Repeated query parameters (HTTP parameter pollution) are passed
//   through as they came: only the provider knows what its parameters mean. The service path
//   refuses `.`/`..` segments (also percent-encoded) and empty segments, so joining it onto
//   the provider's base URL can neither climb out of that base nor become `//host` (SSRF).
import { type ExchangeError, BadRequest, InvalidClientIdentifier, InvalidSecurityServer, InvalidServiceIdentifier } from '../exchange-errors.ts';

export type ClientId = {
  readonly instance: string;
  readonly memberClass: string;
  readonly memberCode: string;
  /** Absent when the client is a member itself rather than one of its subsystems. */
  readonly subsystemCode?: string;
};

/** A provider subsystem: REST services and the metadata services always live under one. */
export type SubsystemId = ClientId & { readonly subsystemCode: string };

export type ServiceId = SubsystemId & {
  readonly serviceCode: string;
  /** REST paths carry no version; kept for services described with one. Never in a formatted id. */
  readonly serviceVersion?: string;
};

export type SecurityServerId = {
  readonly instance: string;
  readonly memberClass: string;
  readonly memberCode: string;
  readonly serverCode: string;
};

export type ServiceRequestPath = {
  readonly service: ServiceId;
  /** The raw path after the service code: '' or starting with '/'. */
  readonly servicePath: string;
  /** The raw query including its '?', or '' when the request had none; forwarded unchanged. */
  readonly query: string;
};

export const PROTOCOL_VERSION = 'r1';
/** PR-REST §4.2: most clients stop at 2 000 characters; longer data belongs in the body. */
export const MAX_URI_LENGTH = 2000;
export const MAX_IDENTIFIER_PART_LENGTH = 255;

type HeaderValue = string | readonly string[] | undefined;
type Fail = (message: string) => ExchangeError;

const RESERVED_IN_PART = /[/\\:;%]/;
// \p{C}: control, format (e.g. bidi overrides), unassigned, private-use, surrogates.
const INVISIBLE = /\p{C}/u;
const RAW_PART = /^(?:[A-Za-z0-9\-._~!$&'()*+,=@?]|%[0-9A-Fa-f]{2})+$/;
const PATH_CHARS = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-Fa-f]{2})*$/;
// Raw in the query: anything printable in ASCII but '#' (never part of a request target).
const QUERY_CHARS = /^[\x21-\x22\x24-\x7e]*$/;

/** Why a decoded identifier part is not acceptable, or undefined when it is. */
export function identifierPartProblem(value: string): string | undefined {
  if (value.length === 0) return 'is empty';
  if ([...value].length > MAX_IDENTIFIER_PART_LENGTH) return `is longer than ${MAX_IDENTIFIER_PART_LENGTH} characters`;
  if (INVISIBLE.test(value)) return 'contains control or invisible characters';
  if (RESERVED_IN_PART.test(value)) return 'contains one of / \\ : ; %';
  if (value.includes('..')) return 'contains ".."';
  return undefined;
}

/** Percent-decodes one raw part (UTF-8) and checks it; `fail` makes the error to throw. */
export function decodeIdentifierPart(raw: string, label: string, fail: Fail): string {
  // Raw parts must already be percent-encoded ASCII: raw non-ASCII in a header arrives as
  // latin-1 mojibake, and a raw reserved character means the client did not encode.
  if (!RAW_PART.test(raw)) throw fail(`${label} must be percent-encoded UTF-8`);
  let value: string;
  try {
    value = decodeURIComponent(raw);
  } catch {
    throw fail(`${label} is not valid percent-encoded UTF-8`);
  }
  const problem = identifierPartProblem(value);
  if (problem !== undefined) throw fail(`${label} ${problem}`);
  return value;
}

function part(parts: readonly string[], index: number): string {
  const value = parts[index];
  if (value === undefined) throw new BadRequest(); // unreachable after the length checks
  return value;
}

function single(value: HeaderValue, header: string, fail: Fail): string {
  if (value === undefined) throw fail(`${header} header is missing`);
  if (typeof value === 'string') return value;
  if (value.length !== 1) throw fail(value.length === 0 ? `${header} header is missing` : `${header} header appears more than once`);
  return part(value, 0);
}

function splitParts(raw: string, labels: readonly string[], min: number, header: string, fail: Fail): string[] {
  if (raw.length === 0) throw fail(`${header} header is empty`);
  const parts = raw.split('/');
  if (parts.length < min || parts.length > labels.length) {
    throw fail(`${header} must be ${labels.slice(0, min).join('/')}${labels.length > min ? `[/${labels.slice(min).join('/')}]` : ''}`);
  }
  return parts.map((rawPart, i) => decodeIdentifierPart(rawPart, `${header} ${labels[i] ?? 'part'}`, fail));
}

const CLIENT_LABELS = ['instance', 'memberClass', 'memberCode', 'subsystemCode'] as const;

/** `X-Road-Client: {instance}/{memberClass}/{memberCode}[/{subsystemCode}]`, the one mandatory header. */
export function parseClientHeader(value: HeaderValue): ClientId {
  const fail = (message: string) => new InvalidClientIdentifier(message);
  const parts = splitParts(single(value, 'X-Road-Client', fail), CLIENT_LABELS, 3, 'X-Road-Client', fail);
  const id = { instance: part(parts, 0), memberClass: part(parts, 1), memberCode: part(parts, 2) };
  return parts.length === 4 ? { ...id, subsystemCode: part(parts, 3) } : id;
}

/** `X-Road-Security-Server: {instance}/{memberClass}/{memberCode}/{serverCode}`; undefined when absent. */
export function parseSecurityServerHeader(value: HeaderValue): SecurityServerId | undefined {
  if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return undefined;
  const fail = (message: string) => new InvalidSecurityServer(message);
  const labels = ['instance', 'memberClass', 'memberCode', 'serverCode'] as const;
  const parts = splitParts(single(value, 'X-Road-Security-Server', fail), labels, 4, 'X-Road-Security-Server', fail);
  return { instance: part(parts, 0), memberClass: part(parts, 1), memberCode: part(parts, 2), serverCode: part(parts, 3) };
}

const enc = encodeURIComponent;

/** The header form of a client id; each part encoded on its own, the separating '/' not. */
export function formatClientId(id: ClientId): string {
  const base = `${enc(id.instance)}/${enc(id.memberClass)}/${enc(id.memberCode)}`;
  return id.subsystemCode === undefined ? base : `${base}/${enc(id.subsystemCode)}`;
}

/** `{instance}/{class}/{member}/{subsystem}/{serviceCode}`, as in the X-Road-Service response header. */
export function formatServiceId(id: ServiceId): string {
  return `${formatClientId(id)}/${enc(id.serviceCode)}`;
}

export function formatSecurityServerId(id: SecurityServerId): string {
  return `${enc(id.instance)}/${enc(id.memberClass)}/${enc(id.memberCode)}/${enc(id.serverCode)}`;
}

/** The `/r1/...` request target for a service call; servicePath and query are appended raw. */
export function formatServicePath(service: ServiceId, servicePath = '', query = ''): string {
  return `/${PROTOCOL_VERSION}/${formatServiceId(service)}${servicePath}${query}`;
}

function splitTarget(pathAndQuery: string): { path: string; query: string } {
  if (pathAndQuery.length > MAX_URI_LENGTH) throw new BadRequest(`The request URI is longer than ${MAX_URI_LENGTH} characters`);
  const at = pathAndQuery.indexOf('?');
  const path = at < 0 ? pathAndQuery : pathAndQuery.slice(0, at);
  const query = at < 0 ? '' : pathAndQuery.slice(at);
  if (!path.startsWith('/') || !PATH_CHARS.test(path)) throw new BadRequest('The request path is not a valid URI path');
  if (!QUERY_CHARS.test(query.slice(1))) throw new BadRequest('The query string contains characters that must be percent-encoded');
  return { path, query };
}

function decodedSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // left raw for the provider; only dot segments matter here
  }
}

function checkServicePath(segments: readonly string[]): void {
  segments.forEach((segment, i) => {
    if (segment === '' && i < segments.length - 1) throw new BadRequest('The service path contains an empty segment');
    const decoded = decodedSegment(segment);
    if (decoded === '.' || decoded === '..') throw new BadRequest('The service path contains a "." or ".." segment');
  });
}

const SERVICE_LABELS = ['instance', 'memberClass', 'memberCode', 'subsystemCode', 'serviceCode'] as const;

/**
 * `/r1/{instance}/{memberClass}/{memberCode}/{subsystemCode}/{serviceCode}[/path][?query]`
 * (PR-REST §4.1). Identifier parts are decoded and checked; path and query stay raw.
 */
export function parseServicePath(pathAndQuery: string): ServiceRequestPath {
  const { path, query } = splitTarget(pathAndQuery);
  const segments = path.slice(1).split('/');
  const version = segments[0];
  if (version !== PROTOCOL_VERSION) {
    throw new BadRequest(`Unsupported protocol version; this gateway speaks ${PROTOCOL_VERSION}`);
  }
  const fail = (message: string) => new InvalidServiceIdentifier(message);
  const raw = segments.slice(1, 1 + SERVICE_LABELS.length);
  if (raw.length < SERVICE_LABELS.length || raw.some((s) => s === '')) {
    throw fail(`The request path must be /${PROTOCOL_VERSION}/${SERVICE_LABELS.join('/')}[/path]`);
  }
  const parts = raw.map((s, i) => decodeIdentifierPart(s, `Service ${SERVICE_LABELS[i] ?? 'part'}`, fail));
  const rest = segments.slice(1 + SERVICE_LABELS.length);
  checkServicePath(rest);
  return {
    service: {
      instance: part(parts, 0), memberClass: part(parts, 1), memberCode: part(parts, 2),
      subsystemCode: part(parts, 3), serviceCode: part(parts, 4),
    },
    servicePath: rest.length === 0 ? '' : `/${rest.join('/')}`,
    query,
  };
}

/** Service codes of the metadata services (PR-MREST); never a provider's own service, never listed. */
export const METADATA_SERVICE_CODES: ReadonlySet<string> = new Set(['listMethods', 'allowedMethods', 'getOpenAPI']);

export function isMetadataServiceCode(serviceCode: string): boolean {
  return METADATA_SERVICE_CODES.has(serviceCode);
}

/** What an information system asked its gateway for. */
export type GatewayRequestPath =
  | { readonly kind: 'listClients'; readonly instance?: string }
  | { readonly kind: 'listMethods' | 'allowedMethods'; readonly provider: SubsystemId }
  | { readonly kind: 'getOpenAPI'; readonly provider: SubsystemId; readonly serviceCode: string }
  | ({ readonly kind: 'service' } & ServiceRequestPath);

/** The one value of a query parameter the gateway itself reads; repeats are refused, since here the gateway decides. */
function onlyParam(query: string, name: string): string | undefined {
  const values = new URLSearchParams(query).getAll(name);
  if (values.length > 1) throw new BadRequest(`The query parameter ${name} appears more than once`);
  return values[0];
}

/**
 * Classifies a request target: `/listClients[?xRoadInstance=X]`, the metadata services
 * `/r1/{subsystem}/listMethods|allowedMethods|getOpenAPI?serviceCode=X`, or a service call.
 */
export function parseGatewayPath(pathAndQuery: string): GatewayRequestPath {
  const { path, query } = splitTarget(pathAndQuery);
  if (path === '/listClients') {
    const instance = onlyParam(query, 'xRoadInstance');
    if (instance === undefined) return { kind: 'listClients' };
    const problem = identifierPartProblem(instance);
    if (problem !== undefined) throw new BadRequest(`xRoadInstance ${problem}`);
    return { kind: 'listClients', instance };
  }
  const request = parseServicePath(pathAndQuery);
  const { serviceCode, serviceVersion: _version, ...provider } = request.service;
  if (!isMetadataServiceCode(serviceCode)) return { kind: 'service', ...request };
  if (request.servicePath !== '') throw new BadRequest(`The metadata service ${serviceCode} takes no path`);
  if (serviceCode === 'getOpenAPI') {
    const wanted = onlyParam(query, 'serviceCode');
    if (wanted === undefined) throw new BadRequest('getOpenAPI needs the query parameter serviceCode');
    const problem = identifierPartProblem(wanted);
    if (problem !== undefined) throw new InvalidServiceIdentifier(`serviceCode ${problem}`);
    return { kind: 'getOpenAPI', provider, serviceCode: wanted };
  }
  return { kind: serviceCode === 'listMethods' ? 'listMethods' : 'allowedMethods', provider };
}
