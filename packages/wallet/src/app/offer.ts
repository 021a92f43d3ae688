// SPDX-License-Identifier: Apache-2.0
// Credential offers (OpenID4VCI 1.0 §4.1): read by value (credential_offer) or fetched by
// reference (credential_offer_uri), checked the same way, and the wallet's rule for which grant
// it redeems an offer by. Pure apart from the one GET of an offer by reference.

export const PRE_AUTHORIZED = 'urn:ietf:params:oauth:grant-type:pre-authorized_code';
export const AUTHORIZATION_CODE = 'authorization_code';

/** The transaction code the issuer asks for with a pre-authorized code (OpenID4VCI 1.0 §4.1.1). */
export interface TxCodeInfo {
  length?: number;
  description?: string;
  input_mode?: string;
}

/** A credential offer as the wallet read it: every grant it carries, not yet the one chosen. */
export interface Offer {
  issuer: string;
  configurationIds: string[];
  preAuthorized: { code: string; txCode: TxCodeInfo | null } | null;
  authorizationCode: { issuerState: string | null } | null;
}

export type Grant = 'pre-authorized_code' | 'authorization_code';

/** Why an offer could not be read; `code` is stable (the page's message key), the message says more. */
export class OfferUnreadable extends Error {
  readonly code: 'offer-unreadable' | 'offer-not-found' | 'offer-unreachable';
  constructor(code: OfferUnreadable['code'], message: string) {
    super(message);
    this.code = code;
  }
}

const unreadable = (why: string) => new OfferUnreadable('offer-unreadable', `The credential offer cannot be read: ${why}`);

/** The query of `openid-credential-offer://?…`, or of any URL carrying the same parameters (the wallet's own /wallet/?credential_offer=…). */
function queryOf(link: string): URLSearchParams {
  return new URLSearchParams(link.includes('?') ? link.slice(link.indexOf('?') + 1) : link);
}

/**
 * The offer object's rules (OpenID4VCI 1.0 §4.1.1): a credential_issuer URL, at least one
 * configuration id, and grants. A pre-authorized grant needs its code; an authorization_code
 * grant's issuer_state, when given, is a string. With no grants at all the only way in is the
 * authorization code flow at the issuer (the wallet has no code), which §4.1.1 leaves to the
 * issuer's metadata: the wallet then starts that flow, and the issuer refuses it if it cannot.
 */
export function readOfferObject(value: unknown): Offer {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw unreadable('it is not a JSON object.');
  const o = value as { credential_issuer?: unknown; credential_configuration_ids?: unknown; grants?: unknown };
  if (typeof o.credential_issuer !== 'string' || !/^https?:\/\//.test(o.credential_issuer)) throw unreadable('credential_issuer is not a URL.');
  const ids = o.credential_configuration_ids;
  if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => typeof id === 'string' && id !== '')) throw unreadable('it names no credential (credential_configuration_ids).');
  if (o.grants !== undefined && (typeof o.grants !== 'object' || o.grants === null || Array.isArray(o.grants))) throw unreadable('grants is not an object.');
  const grants = (o.grants ?? {}) as Record<string, unknown>;
  const pre = grants[PRE_AUTHORIZED] as { 'pre-authorized_code'?: unknown; tx_code?: unknown } | undefined;
  if (pre !== undefined && (typeof pre !== 'object' || pre === null || typeof pre['pre-authorized_code'] !== 'string' || pre['pre-authorized_code'] === '')) throw unreadable('its pre-authorized grant carries no code.');
  const code = grants[AUTHORIZATION_CODE] as { issuer_state?: unknown } | undefined;
  if (code !== undefined && (typeof code !== 'object' || code === null || (code.issuer_state !== undefined && typeof code.issuer_state !== 'string'))) throw unreadable('its authorization_code grant is malformed.');
  const noGrant = pre === undefined && code === undefined;
  return {
    issuer: o.credential_issuer, configurationIds: ids as string[],
    preAuthorized: pre ? { code: pre['pre-authorized_code'] as string, txCode: typeof pre.tx_code === 'object' && pre.tx_code !== null ? (pre.tx_code as TxCodeInfo) : null } : null,
    authorizationCode: code ? { issuerState: (code.issuer_state as string | undefined) ?? null } : noGrant ? { issuerState: null } : null,
  };
}

/** An offer by value: `openid-credential-offer://?credential_offer=<JSON>`. */
export function parseOffer(link: string): Offer {
  const raw = queryOf(link).get('credential_offer');
  if (!raw) throw unreadable('the link carries no credential_offer.');
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw unreadable('credential_offer is not JSON.');
  }
  return readOfferObject(value);
}

/**
 * Where an offer by reference is (OpenID4VCI 1.0 §4.1.3): an https URL, or http on this machine
 * (a development issuer on localhost). Any other scheme could be read by others on the way.
 */
export function offerUri(link: string): URL | null {
  const query = queryOf(link);
  const raw = query.get('credential_offer_uri');
  if (raw === null) return null;
  if (query.has('credential_offer')) throw unreadable('it carries both credential_offer and credential_offer_uri.');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw unreadable('credential_offer_uri is not a URL.');
  }
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) throw unreadable('credential_offer_uri must be an https URL.');
  return url;
}

/**
 * Any offer link, by value or by reference: a reference is fetched with GET (§4.1.3, JSON back)
 * and then read and checked exactly as an offer by value. An issuer that does not know the
 * reference (404), or no longer serves it (410, expired or used), says so in its problem's detail.
 */
export async function resolveOffer(link: string, fetcher: typeof fetch = fetch): Promise<Offer> {
  const url = offerUri(link);
  if (!url) return parseOffer(link);
  let response: Response;
  try {
    response = await fetcher(url, { headers: { accept: 'application/json' } });
  } catch {
    throw new OfferUnreadable('offer-unreachable', `The issuer could not be reached for the credential offer at ${url.origin}.`);
  }
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as { detail?: unknown; title?: unknown };
    const why = typeof problem.detail === 'string' ? problem.detail : typeof problem.title === 'string' ? problem.title : `HTTP ${response.status}`;
    throw new OfferUnreadable(response.status === 404 || response.status === 410 ? 'offer-not-found' : 'offer-unreachable', `The issuer did not give the credential offer: ${why}`);
  }
  if (!/^application\/json\b/.test(response.headers.get('content-type') ?? '')) throw unreadable('the issuer did not answer with JSON.');
  return readOfferObject(await response.json().catch(() => null));
}

/**
 * The wallet's rule when an offer carries both grants (OpenID4VCI 1.0 §4.1.1 leaves the choice
 * to the wallet): the pre-authorized code when the issuer asks for no transaction code or the
 * person entered one, since that needs no sign-in; otherwise the person signs in at the issuer
 * (the authorization code flow). An offer of one grant is redeemed by that grant.
 */
export function chooseGrant(offer: Offer, txCode: string): Grant {
  if (offer.preAuthorized && (!offer.authorizationCode || !offer.preAuthorized.txCode || txCode !== '')) return 'pre-authorized_code';
  return 'authorization_code';
}
