// SPDX-License-Identifier: Apache-2.0
// Answering a presentation request: OpenID4VP 1.0 with a DCQL query, SD-JWT VC presentations
// with a key binding JWT and ISO mdoc DeviceResponses with a device signature, answered by
// direct_post or the encrypted direct_post.jwt.
import { b64u, encryptJwe, fromB64u, sha256, signJwt } from './jose-lite.ts';
import { deviceResponseOf, jwkThumbprint, type MdocAnswerContext } from './mdoc.ts';
import type { StoredCredential } from './store.ts';

export interface PresentationRequest {
  client_id: string;
  nonce: string;
  state?: string;
  response_uri: string;
  response_mode: 'direct_post' | 'direct_post.jwt';
  dcql_query: {
    credentials: Array<{ id: string; format: string; meta?: { vct_values?: string[]; doctype_value?: string }; claims?: Array<{ path: string[]; values?: unknown[]; intent_to_retain?: boolean }> }>;
    credential_sets?: Array<{ options: string[][]; required?: boolean }>;
  };
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
  /** Per claim, the verifier's intent to retain it (mdoc queries only; absent when not said). */
  retain: Array<boolean | undefined>;
  candidates: StoredCredential[];
}

/** One way to answer a credential set: a credential for each query of one of its options. */
export interface Choice {
  answers: Array<{ match: Match; credential: StoredCredential }>;
}

/** What the person answers: a credential set of the query (or, without sets, each query), with the ways they can. */
export interface Ask {
  required: boolean;
  choices: Choice[];
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
    return { queryId: q.id, claims: paths.map((p) => p.at(-1)!), paths, retain: (q.claims ?? []).map((c) => c.intent_to_retain), candidates };
  });
}

/**
 * The person's choices for a request (OpenID4VP 1.0 §6.4.2): without credential sets every
 * query is one required ask; with them each set is one, its choices every option all of whose
 * queries a stored credential answers (one choice per credential for a one-query option).
 */
export function plan(request: PresentationRequest, credentials: StoredCredential[]): Ask[] {
  const byId = new Map(match(request, credentials).map((m) => [m.queryId, m]));
  const sets = request.dcql_query.credential_sets ?? request.dcql_query.credentials.map((c) => ({ options: [[c.id]], required: true }));
  return sets.map((set) => ({
    required: set.required ?? true,
    choices: set.options.flatMap((option): Choice[] => {
      const found = option.map((id) => byId.get(id));
      if (!found.every((m): m is Match => !!m && m.candidates.length > 0)) return [];
      if (found.length === 1) return found[0]!.candidates.map((credential) => ({ answers: [{ match: found[0]!, credential }] }));
      return [{ answers: found.map((m) => ({ match: m, credential: m.candidates[0]! })) }];
    }),
  }));
}

/** What an mdoc's device signature binds to: this request, and its encryption key for direct_post.jwt. */
async function mdocContext(request: PresentationRequest): Promise<MdocAnswerContext> {
  return {
    clientId: request.client_id, nonce: request.nonce, responseUri: request.response_uri,
    jwkThumbprint: request.response_mode === 'direct_post.jwt' ? await jwkThumbprint(responseKey(request)) : null,
  };
}

/**
 * The vp_token for the chosen answers: each SD-JWT VC its own presentation; the mdocs together
 * in one DeviceResponse (a document each, each signed by its own device key), under each of
 * their query ids.
 */
export async function presentAll(answers: Choice['answers'], request: PresentationRequest, keyOf: (c: StoredCredential) => Promise<CryptoKey>): Promise<Record<string, string[]>> {
  const vpToken: Record<string, string[]> = {};
  const mdocs = answers.filter((a) => a.credential.format === 'mso_mdoc');
  for (const a of answers) {
    if (a.credential.format !== 'mso_mdoc') vpToken[a.match.queryId] = [await presentSdJwt(a.credential, a.match.claims, request, await keyOf(a.credential))];
  }
  if (mdocs.length) {
    const disclosures = [];
    for (const a of mdocs) disclosures.push({ raw: a.credential.raw, elements: a.match.paths.map((p): [string, string] => [p[0]!, p[1]!]), deviceKey: await keyOf(a.credential) });
    const response = await deviceResponseOf(disclosures, await mdocContext(request));
    for (const a of mdocs) vpToken[a.match.queryId] = [response];
  }
  return vpToken;
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
    return deviceResponseOf([{ raw: credential.raw, elements: m.paths.map((p) => [p[0]!, p[1]!]), deviceKey: key }], await mdocContext(request));
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

/**
 * Sends the vp_token to the response_uri, encrypted to the request's key for direct_post.jwt. A
 * verifier answering with redirect_uri (OpenID4VP 1.0 §8.2; an issuer's sign-in does, to send the
 * person back to the wallet with the authorization code) has it returned, an http(s) URL only.
 */
export async function respond(request: PresentationRequest, vpToken: Record<string, string[]>): Promise<{ ok: boolean; error?: string; redirectUri?: string }> {
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
  if (response.ok) {
    const answer = await response.json().catch(() => ({})) as { redirect_uri?: unknown };
    return typeof answer.redirect_uri === 'string' && /^https?:\/\//.test(answer.redirect_uri) ? { ok: true, redirectUri: answer.redirect_uri } : { ok: true };
  }
  const error = await response.json().catch(() => ({})) as { error_description?: string };
  return { ok: false, error: error.error_description ?? `HTTP ${response.status}` };
}
