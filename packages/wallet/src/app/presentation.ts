// SPDX-License-Identifier: Apache-2.0
// Answering a presentation request: OpenID4VP 1.0 with a DCQL query, SD-JWT VC presentations
// with a key binding JWT and ISO mdoc DeviceResponses with a device signature, answered by
// direct_post or the encrypted direct_post.jwt.
import { b64u, encryptJwe, fromB64u, sha256, signJwt } from './jose-lite.ts';
import { deviceResponse, jwkThumbprint } from './mdoc.ts';
import type { StoredCredential } from './store.ts';

export interface PresentationRequest {
  client_id: string;
  nonce: string;
  state?: string;
  response_uri: string;
  response_mode: 'direct_post' | 'direct_post.jwt';
  dcql_query: { credentials: Array<{ id: string; format: string; meta?: { vct_values?: string[]; doctype_value?: string }; claims?: Array<{ path: string[]; values?: unknown[] }> }> };
  client_metadata?: { jwks?: { keys: Array<JsonWebKey & { kid?: string; use?: string }> }; encrypted_response_enc_values_supported?: string[] };
  verifier_info?: Array<{ format: string; data: { relying_party: string; name: Record<string, string>; purpose: Record<string, string> } }>;
}

/** For each credential query: the stored credentials that can answer it and the claims it asks for. */
export interface Match {
  queryId: string;
  /** The claim names the person sees: an SD-JWT claim, an mdoc data element identifier. */
  claims: string[];
  /** The query's claim paths: [claim] for SD-JWT, [namespace, element] for an mdoc. */
  paths: string[][];
  candidates: StoredCredential[];
}

export class PresentationFailed extends Error {}

/** Fetches and checks the request through the wallet's backend (signature and signer against the Tessera roots). */
export async function resolveRequest(link: string): Promise<{ request: PresentationRequest; signer: string }> {
  const query = new URLSearchParams(link.includes('?') ? link.slice(link.indexOf('?') + 1) : link);
  const response = await fetch('/wallet/api/resolve-request', {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_id: query.get('client_id'), request_uri: query.get('request_uri'), request_uri_method: query.get('request_uri_method') ?? 'get' }),
  });
  const body = await response.json();
  if (!response.ok) throw new PresentationFailed(body.detail ?? body.title ?? 'request-untrusted');
  return body;
}

/** Whether `c` holds the claim at `path`: a top-level SD-JWT claim, or an mdoc element of that namespace. */
function holds(c: StoredCredential, path: string[]): boolean {
  if (c.format === 'mso_mdoc') return path.length === 2 && (c.namespaces?.[path[0]!] ?? []).includes(path[1]!);
  return path.length === 1;
}

export function match(request: PresentationRequest, credentials: StoredCredential[]): Match[] {
  return request.dcql_query.credentials.map((q) => {
    const paths = (q.claims ?? []).map((c) => c.path);
    const candidates = credentials.filter((c) => {
      const format = c.format ?? 'dc+sd-jwt';
      if (format !== q.format) return false;
      const typed = format === 'mso_mdoc' ? q.meta?.doctype_value === c.vct : (q.meta?.vct_values ?? []).includes(c.vct);
      return typed && (q.claims ?? []).every((claim) => {
        const value = c.claims[claim.path.at(-1)!];
        return holds(c, claim.path) && value !== undefined && (!claim.values || claim.values.includes(value));
      }) && (!c.expiresAt || new Date(c.expiresAt) > new Date());
    });
    return { queryId: q.id, claims: paths.map((p) => p.at(-1)!), paths, candidates };
  });
}

/** The key a direct_post.jwt response is encrypted to: the request's first encryption key. */
function responseKey(request: PresentationRequest): JsonWebKey & { kid?: string } {
  const key = request.client_metadata?.jwks?.keys.find((k) => k.use === 'enc' || k.use === undefined);
  if (!key) throw new PresentationFailed('no-encryption-key');
  return key;
}

/** The presentation of `credential` answering `m`, signed with its key (from IndexedDB, non-extractable). */
export async function present(credential: StoredCredential, m: Pick<Match, 'claims' | 'paths'>, request: PresentationRequest, key: CryptoKey): Promise<string> {
  if (credential.format === 'mso_mdoc') {
    return deviceResponse(credential.raw, m.paths.map((p) => [p[0]!, p[1]!]), {
      clientId: request.client_id, nonce: request.nonce, responseUri: request.response_uri,
      jwkThumbprint: request.response_mode === 'direct_post.jwt' ? await jwkThumbprint(responseKey(request)) : null,
    }, key);
  }
  return presentSdJwt(credential, m.claims, request, key);
}

/** The credential with only `claims` disclosed, and a KB-JWT for this verifier and nonce. */
export async function presentSdJwt(credential: StoredCredential, claims: string[], request: PresentationRequest, key: CryptoKey): Promise<string> {
  const [jwt, ...disclosures] = credential.raw.split('~').filter(Boolean);
  const chosen = disclosures.filter((d) => {
    const decoded = JSON.parse(new TextDecoder().decode(fromB64u(d))) as unknown[];
    return decoded.length === 3 && claims.includes(String(decoded[1]));
  });
  const presented = `${jwt}~${chosen.map((d) => `${d}~`).join('')}`;
  const kb = await signJwt({ typ: 'kb+jwt' }, { iat: Math.floor(Date.now() / 1000), aud: request.client_id, nonce: request.nonce, sd_hash: await sha256(presented) }, key);
  return `${presented}${kb}`;
}

/** Sends the vp_token to the response_uri, encrypted to the request's key for direct_post.jwt. */
export async function respond(request: PresentationRequest, vpToken: Record<string, string[]>): Promise<{ ok: boolean; error?: string }> {
  let body: URLSearchParams;
  if (request.response_mode === 'direct_post.jwt') {
    const key = responseKey(request);
    const enc = (request.client_metadata?.encrypted_response_enc_values_supported ?? ['A128GCM']).includes('A128GCM') ? 'A128GCM' : 'A256GCM';
    const jwe = await encryptJwe(JSON.stringify({ vp_token: vpToken, ...(request.state ? { state: request.state } : {}) }), key, enc, { apu: b64u(crypto.getRandomValues(new Uint8Array(16))), apv: b64u(new TextEncoder().encode(request.nonce)) });
    body = new URLSearchParams({ response: jwe });
  } else {
    body = new URLSearchParams({ vp_token: JSON.stringify(vpToken), ...(request.state ? { state: request.state } : {}) });
  }
  const response = await fetch(request.response_uri, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() });
  if (response.ok) return { ok: true };
  const error = await response.json().catch(() => ({})) as { error_description?: string };
  return { ok: false, error: error.error_description ?? `HTTP ${response.status}` };
}
