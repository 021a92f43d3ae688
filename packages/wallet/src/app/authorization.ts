// SPDX-License-Identifier: Apache-2.0
// The authorization code flow's own parts (OpenID4VCI 1.0 §5 and §6.1): the PKCE pair (RFC 7636,
// S256 only), the state, the pushed authorization request's fields (RFC 9126), the check of the
// redirect back (RFC 6749 §4.1.2, RFC 9207) and the token request's fields. Pure functions on
// WebCrypto, the same in the browser and in Node.
import { b64u, sha256 } from './jose-lite.ts';

/** A wallet as an OAuth public client of the issuer: its client_id and the one redirect URI it registered. */
export interface WalletClient {
  clientId: string;
  redirectUri: string;
}

export const WEB_WALLET_CLIENT_ID = 'tessera-web-wallet';

/** This web wallet served at `origin`: the issuer redirects back to the wallet's page, which finishes the flow. */
export const webWalletClient = (origin: string): WalletClient => ({ clientId: WEB_WALLET_CLIENT_ID, redirectUri: `${origin}/wallet/` });

/** Why a redirect back does not complete this wallet's authorization request; `code` is stable, the message says more. */
export class AuthorizationRefused extends Error {
  readonly code: 'state-mismatch' | 'issuer-mismatch' | 'access-denied' | 'no-code' | 'no-pending';
  constructor(code: AuthorizationRefused['code'], message: string) {
    super(message);
    this.code = code;
  }
}

/** RFC 7636 §4.2, S256: the base64url SHA-256 of the verifier's ASCII. */
export const pkceChallenge = (verifier: string): Promise<string> => sha256(verifier);

/** The PKCE pair of 32 random octets (RFC 7636 §4.1: their base64url is a 43-character verifier). */
export async function pkceFrom(octets: Uint8Array): Promise<{ verifier: string; challenge: string }> {
  const verifier = b64u(octets);
  return { verifier, challenge: await pkceChallenge(verifier) };
}

export const newPkce = () => pkceFrom(crypto.getRandomValues(new Uint8Array(32)));

/** An unguessable state binding the redirect back to this browser's request (RFC 6749 §10.12). */
export const newState = (): string => b64u(crypto.getRandomValues(new Uint8Array(32)));

/**
 * The pushed authorization request (RFC 9126 §2.1, OpenID4VCI 1.0 §5.1.1): a code for this
 * client and redirect URI, PKCE S256, the state, each offered configuration as an
 * `openid_credential` authorization detail, and the offer's issuer_state when it had one.
 */
export function pushedAuthorizationRequest(o: { client: WalletClient; configurationIds: string[]; challenge: string; state: string; issuerState: string | null }): URLSearchParams {
  return new URLSearchParams({
    response_type: 'code', client_id: o.client.clientId, redirect_uri: o.client.redirectUri,
    code_challenge: o.challenge, code_challenge_method: 'S256', state: o.state,
    authorization_details: JSON.stringify(o.configurationIds.map((id) => ({ type: 'openid_credential', credential_configuration_id: id }))),
    ...(o.issuerState !== null ? { issuer_state: o.issuerState } : {}),
  });
}

/** Where the person signs in: the authorization endpoint with only the pushed request's reference (RFC 9126 §4). */
export function authorizationUrl(endpoint: string, clientId: string, requestUri: string): string {
  const url = new URL(endpoint);
  url.searchParams.set('client_id', clientId);
  url.searchParams.set('request_uri', requestUri);
  return url.toString();
}

/**
 * The code of the redirect back, once it is this wallet's answer: state exactly the one sent
 * (anything else may be a forged or another browser's response, RFC 6749 §10.12), then `iss` the
 * issuer's (RFC 9207 §2.4: refused when missing if the server says it sends it), then no error.
 */
export function readAuthorizationResponse(redirect: string, expected: { state: string; issuer: string; issRequired: boolean }): string {
  const params = new URL(redirect).searchParams;
  // A parameter given twice is no answer (RFC 6749 §4.1.2): undefined, unlike null for one not given.
  const one = (name: string) => {
    const all = params.getAll(name);
    return all.length > 1 ? undefined : (all[0] ?? null);
  };
  if (one('state') !== expected.state) throw new AuthorizationRefused('state-mismatch', 'The answer does not carry the state of this wallet’s authorization request.');
  const iss = one('iss');
  if (iss === null ? expected.issRequired : iss !== expected.issuer) throw new AuthorizationRefused('issuer-mismatch', `The answer is not from ${expected.issuer} (iss).`);
  const error = params.get('error');
  if (error !== null) throw new AuthorizationRefused('access-denied', params.get('error_description') ?? error);
  const code = one('code');
  if (!code) throw new AuthorizationRefused('no-code', 'The answer carries no authorization code.');
  return code;
}

/** The token request of the authorization_code grant (RFC 6749 §4.1.3) with the PKCE verifier (RFC 7636 §4.5). */
export function codeTokenRequest(o: { client: WalletClient; code: string; codeVerifier: string }): URLSearchParams {
  return new URLSearchParams({ grant_type: 'authorization_code', code: o.code, code_verifier: o.codeVerifier, redirect_uri: o.client.redirectUri, client_id: o.client.clientId });
}
