// SPDX-License-Identifier: Apache-2.0
// Receiving credentials: OpenID4VCI 1.0, the pre-authorized code flow with a transaction code or
// the authorization code flow (a pushed request with PKCE, the person signing in at the issuer),
// DPoP-bound tokens (RFC 9449) and jwt key proofs, every key made here and non-extractable.
// SD-JWT VCs and ISO mdocs (mso_mdoc) alike: the issuer binds an mdoc's MSO to the proof's key.
import { authorizationUrl, codeTokenRequest, newPkce, newState, pushedAuthorizationRequest, readAuthorizationResponse, type WalletClient } from './authorization.ts';
import { b64u, decodeJson, fromB64u, newSigningKey, sha256, signJwt } from './jose-lite.ts';
import { MdocUnreadable, readMdoc } from './mdoc.ts';
import { PRE_AUTHORIZED, type Offer } from './offer.ts';
import { saveCredential, saveKey, type StoredCredential } from './store.ts';

export class IssuanceFailed extends Error {}

/** The issuer refused a request; `error` is the protocol's error code (e.g. invalid_grant). */
export class IssuerRefused extends IssuanceFailed {
  readonly error: string;
  constructor(error: string, description: string) {
    super(description);
    this.error = error;
  }
}

async function json(response: Response): Promise<Record<string, unknown>> {
  return response.json().catch(() => ({}));
}

async function refused(response: Response, fallback: string): Promise<IssuerRefused> {
  const body = await json(response);
  return new IssuerRefused(String(body.error ?? fallback), String(body.error_description ?? body.error ?? fallback));
}

/** The wallet's DPoP key (RFC 9449): its private half non-extractable, so it can be kept in IndexedDB between the push and the token request. */
export interface DpopKey {
  privateKey: CryptoKey;
  publicJwk: JsonWebKey;
}

/** Requests with a DPoP proof of `key`, retried once with the server's nonce when it asks for one (RFC 9449 §8, §9). */
function dpopSender(key: DpopKey, nonce: string | null = null) {
  let dpopNonce = nonce;
  const dpop = async (method: string, url: string, accessToken?: string) => signJwt({ typ: 'dpop+jwt', jwk: key.publicJwk }, {
    htm: method, htu: url, iat: Math.floor(Date.now() / 1000), jti: b64u(crypto.getRandomValues(new Uint8Array(16))),
    ...(dpopNonce ? { nonce: dpopNonce } : {}), ...(accessToken ? { ath: await sha256(accessToken) } : {}),
  }, key.privateKey);
  const send = async (method: string, url: string, init: { body?: BodyInit; type?: string; accessToken?: string }) => {
    for (let attempt = 0; ; attempt++) {
      const headers: Record<string, string> = { dpop: await dpop(method, url, init.accessToken) };
      if (init.type) headers['content-type'] = init.type;
      if (init.accessToken) headers.authorization = `DPoP ${init.accessToken}`;
      const response = await fetch(url, { method, headers, ...(init.body ? { body: init.body } : {}) });
      const fresh = response.headers.get('dpop-nonce');
      if (fresh) dpopNonce = fresh;
      if (attempt === 0 && (response.status === 400 || response.status === 401) && fresh) {
        const error = await json(response.clone());
        if (error.error === 'use_dpop_nonce') continue;
      }
      return response;
    }
  };
  return { send, nonce: () => dpopNonce };
}
type Send = ReturnType<typeof dpopSender>['send'];

const FORM = 'application/x-www-form-urlencoded';

/** A received credential and the non-extractable key it is bound to, before the wallet keeps them. */
export interface Received {
  credential: StoredCredential;
  key: CryptoKey;
}

async function keep(received: Received[]): Promise<StoredCredential[]> {
  for (const r of received) {
    await saveKey(r.credential.keyId, r.key);
    await saveCredential(r.credential);
  }
  return received.map((r) => r.credential);
}

/** Runs the pre-authorized code flow and stores each offered credential with its own key. */
export async function receiveOffer(offer: Offer, txCode: string): Promise<StoredCredential[]> {
  return keep(await redeemPreAuthorized(offer, txCode));
}

/** The pre-authorized code flow up to the credentials, nothing stored. */
export async function redeemPreAuthorized(offer: Offer, txCode: string): Promise<Received[]> {
  if (!offer.preAuthorized) throw new IssuanceFailed('The offer carries no pre-authorized code.');
  const { code, txCode: asksTxCode } = offer.preAuthorized;
  const as = await json(await fetch(`${offer.issuer}/.well-known/oauth-authorization-server`));
  const { send } = dpopSender(await newSigningKey());
  const tokenResponse = await send('POST', String(as.token_endpoint), {
    type: FORM,
    body: new URLSearchParams({ grant_type: PRE_AUTHORIZED, 'pre-authorized_code': code, ...(asksTxCode ? { tx_code: txCode } : {}) }).toString(),
  });
  if (!tokenResponse.ok) throw await refused(tokenResponse, 'token-refused');
  return obtainCredentials(offer.issuer, offer.configurationIds, await json(tokenResponse), send);
}

/** What the wallet keeps while the person signs in at the issuer: enough to redeem the code, and nothing more. */
export interface PendingAuthorization {
  issuer: string;
  configurationIds: string[];
  client: WalletClient;
  state: string;
  codeVerifier: string;
  /** The authorization server's issuer identifier, which its answer names as iss (RFC 9207). */
  authorizationServer: string;
  tokenEndpoint: string;
  /** The server said it sends iss with its answer (RFC 9207), so an answer without it is refused. */
  issRequired: boolean;
  /** The key the push was signed with, which the code is then bound to, and the server's last DPoP nonce. */
  dpop: DpopKey & { nonce: string | null };
}

/**
 * The authorization code flow's first half: a fresh PKCE pair, state and DPoP key, the request
 * pushed to the issuer's PAR endpoint with a DPoP proof (binding the code to the key, RFC 9449
 * §10), and the URL where the person signs in. The caller keeps `pending` and goes to the URL.
 */
export async function startAuthorization(offer: Offer, client: WalletClient): Promise<{ authorizationUrl: string; pending: PendingAuthorization }> {
  if (!offer.authorizationCode) throw new IssuanceFailed('The offer does not let the wallet sign in at the issuer (no authorization_code grant).');
  const metadata = await json(await fetch(`${offer.issuer}/.well-known/openid-credential-issuer`));
  const server = (metadata.authorization_servers as string[] | undefined)?.[0] ?? offer.issuer;
  const as = await json(await fetch(`${server}/.well-known/oauth-authorization-server`));
  if (as.issuer !== server || typeof as.pushed_authorization_request_endpoint !== 'string' || typeof as.authorization_endpoint !== 'string') throw new IssuanceFailed('issuer-unreadable');
  if (!(as.code_challenge_methods_supported as string[] | undefined)?.includes('S256')) throw new IssuanceFailed('pkce-unsupported');
  const pkce = await newPkce();
  const state = newState();
  const key = await newSigningKey();
  const { send, nonce } = dpopSender(key);
  const pushed = await send('POST', as.pushed_authorization_request_endpoint, {
    type: FORM, body: pushedAuthorizationRequest({ client, configurationIds: offer.configurationIds, challenge: pkce.challenge, state, issuerState: offer.authorizationCode.issuerState }).toString(),
  });
  if (pushed.status !== 201) throw await refused(pushed, 'authorization-refused');
  const { request_uri: requestUri } = await json(pushed);
  if (typeof requestUri !== 'string') throw new IssuanceFailed('authorization-refused');
  return {
    authorizationUrl: authorizationUrl(as.authorization_endpoint, client.clientId, requestUri),
    pending: {
      issuer: offer.issuer, configurationIds: offer.configurationIds, client, state, codeVerifier: pkce.verifier, authorizationServer: server, tokenEndpoint: String(as.token_endpoint),
      issRequired: as.authorization_response_iss_parameter_supported === true, dpop: { ...key, nonce: nonce() },
    },
  };
}

/**
 * The second half, on the redirect back: the answer checked against `pending` (state exactly,
 * iss), then the code redeemed at the token endpoint with the PKCE verifier and a DPoP proof
 * of the push's key, then the credentials. Nothing is stored.
 */
export async function finishAuthorization(pending: PendingAuthorization, redirect: string): Promise<Received[]> {
  const code = readAuthorizationResponse(redirect, { state: pending.state, issuer: pending.authorizationServer, issRequired: pending.issRequired });
  const { send } = dpopSender(pending.dpop, pending.dpop.nonce);
  const tokenResponse = await send('POST', pending.tokenEndpoint, { type: FORM, body: codeTokenRequest({ client: pending.client, code, codeVerifier: pending.codeVerifier }).toString() });
  if (!tokenResponse.ok) throw await refused(tokenResponse, 'token-refused');
  return obtainCredentials(pending.issuer, pending.configurationIds, await json(tokenResponse), send);
}

/** Runs the authorization code flow's second half and stores each credential with its own key. */
export async function receiveAuthorized(pending: PendingAuthorization, redirect: string): Promise<StoredCredential[]> {
  return keep(await finishAuthorization(pending, redirect));
}

/**
 * The credential requests with the DPoP-bound access token: one per configuration, each with a
 * new key and its proof over a fresh c_nonce. A configuration the token response lists in
 * authorization_details is asked for by its credential_identifier (OpenID4VCI 1.0 §8.2).
 */
async function obtainCredentials(issuer: string, configurationIds: string[], token: Record<string, unknown>, send: Send): Promise<Received[]> {
  const metadata = await json(await fetch(`${issuer}/.well-known/openid-credential-issuer`));
  const accessToken = String(token.access_token);
  const identifiers = new Map(((token.authorization_details ?? []) as Array<{ type?: string; credential_configuration_id?: string; credential_identifiers?: string[] }>)
    .filter((d) => d.type === 'openid_credential' && d.credential_identifiers?.length).map((d) => [d.credential_configuration_id, d.credential_identifiers![0]!]));
  const configurations = metadata.credential_configurations_supported as Record<string, { format: string; vct?: string; doctype?: string; credential_metadata?: { display?: Array<{ name: string; locale: string; background_color?: string; text_color?: string }>; claims?: Array<{ path: string[]; display?: Array<{ name: string; locale: string }> }> } }>;
  const received: Received[] = [];
  for (const configurationId of configurationIds) {
    const nonce = String((await json(await fetch(String(metadata.nonce_endpoint), { method: 'POST' }))).c_nonce);
    const key = await newSigningKey();
    const proof = await signJwt({ typ: 'openid4vci-proof+jwt', jwk: key.publicJwk }, { aud: issuer, iat: Math.floor(Date.now() / 1000), nonce }, key.privateKey);
    const identifier = identifiers.get(configurationId);
    const asked = identifier ? { credential_identifier: identifier } : { credential_configuration_id: configurationId };
    const response = await send('POST', String(metadata.credential_endpoint), { type: 'application/json', accessToken, body: JSON.stringify({ ...asked, proofs: { jwt: [proof] } }) });
    if (!response.ok) throw await refused(response, 'credential-refused');
    const body = await json(response);
    const raw = (body.credentials as Array<{ credential: string }>)[0]!.credential;
    const configuration = configurations[configurationId]!;
    const mdoc = configuration.format === 'mso_mdoc';
    const claimLabels: Record<string, Record<string, string>> = {};
    // An mdoc claim path is [namespace, element]: the card labels the element.
    for (const c of configuration.credential_metadata?.claims ?? []) claimLabels[c.path.at(-1)!] = Object.fromEntries((c.display ?? []).map((d) => [d.locale, d.name]));
    const content = mdoc ? mdocContent(raw, configuration.doctype) : { vct: String(configuration.vct), claims: claimsOf(raw), expiresAt: expiryOf(raw) };
    received.push({
      key: key.privateKey,
      credential: {
        id: `cred-${b64u(crypto.getRandomValues(new Uint8Array(12)))}`, raw, format: mdoc ? 'mso_mdoc' : 'dc+sd-jwt', ...content, configurationId, issuer,
        display: Object.fromEntries((configuration.credential_metadata?.display ?? []).map((d) => [d.locale, { name: d.name, ...(d.background_color ? { backgroundColor: d.background_color } : {}), ...(d.text_color ? { textColor: d.text_color } : {}) }])),
        claimLabels, keyId: `key-${b64u(crypto.getRandomValues(new Uint8Array(12)))}`, receivedAt: new Date().toISOString(),
      },
    });
  }
  return received;
}

/** An issued mdoc's doctype, elements and validity; one of another doctype than offered is refused. */
function mdocContent(raw: string, doctype: string | undefined): Pick<StoredCredential, 'vct' | 'namespaces' | 'claims' | 'expiresAt'> {
  let mdoc: ReturnType<typeof readMdoc>;
  try {
    mdoc = readMdoc(raw);
  } catch (e) {
    if (e instanceof MdocUnreadable) throw new IssuanceFailed('credential-unreadable');
    throw e;
  }
  if (mdoc.docType !== doctype) throw new IssuanceFailed('credential-unreadable');
  return { vct: mdoc.docType, namespaces: mdoc.namespaces, claims: mdoc.claims, expiresAt: mdoc.validUntil };
}

/** The claims an SD-JWT holds for its holder: plain top-level claims and every disclosure. */
export function claimsOf(raw: string): Record<string, unknown> {
  const [jwt, ...disclosures] = raw.split('~').filter(Boolean);
  const payload = decodeJson(jwt!.split('.')[1]!);
  const claims: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(payload)) if (!['_sd', '_sd_alg', 'cnf', 'status', 'iss', 'iat', 'nbf', 'exp', 'vct'].includes(k)) claims[k] = v;
  for (const d of disclosures) {
    const decoded = JSON.parse(new TextDecoder().decode(fromB64u(d))) as unknown[];
    if (decoded.length === 3) claims[String(decoded[1])] = decoded[2];
  }
  return claims;
}

function expiryOf(raw: string): string | null {
  const exp = decodeJson(raw.split('.')[1]!).exp;
  return typeof exp === 'number' ? new Date(exp * 1000).toISOString() : null;
}
