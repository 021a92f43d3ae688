// SPDX-License-Identifier: Apache-2.0
import { createHash } from 'node:crypto';
import { calculateJwkThumbprint, decodeProtectedHeader, errors, importJWK, jwtVerify, type JWK } from 'jose';
import { invalidDpopProof } from './oid4vci-errors.ts';

export interface DpopCheck {
  /** The DPoP header value(s) as received. */
  header: string | string[] | undefined;
  method: string;
  /** The request URL as the client addressed it (htu is compared without query and fragment). */
  url: string;
  now: Date;
  /** Accepts the server-provided nonce (RFC 9449 §8); false means the client must retry with a fresh one. */
  nonceValid(nonce: string | undefined): boolean;
  /** Remembers a proof's jti; false when it was seen already (replay), by this process or another. */
  firstUse(jti: string, until: Date): Promise<boolean>;
  /** At a resource server: the access token the proof must be bound to (ath). */
  accessToken?: string;
}

export type DpopResult = { ok: true; jkt: string; jwk: JWK } | { ok: false; staleNonce: true };

const MAX_AGE_S = 300;
const MAX_SKEW_S = 60;

/**
 * Checks a DPoP proof (RFC 9449 §4.3), each rule failing with `invalid_dpop_proof` and a reason:
 * exactly one proof; typ dpop+jwt; ES256; a public jwk in the header and a signature by it;
 * htm and htu of this request; iat recent; a jti not seen before; ath of the presented access
 * token at a resource. A missing or stale server nonce is reported separately so the caller can
 * answer `use_dpop_nonce`.
 */
export async function verifyDpopProof(check: DpopCheck): Promise<DpopResult> {
  if (check.header === undefined) throw invalidDpopProof('The request has no DPoP header; this issuer only accepts DPoP-bound tokens.');
  if (Array.isArray(check.header) || check.header.includes(',')) throw invalidDpopProof('The request carries more than one DPoP proof.');
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(check.header);
  } catch {
    throw invalidDpopProof('The DPoP header is not a JWT.');
  }
  if (header.typ !== 'dpop+jwt') throw invalidDpopProof('The DPoP proof must have typ "dpop+jwt".');
  if (header.alg !== 'ES256') throw invalidDpopProof('The DPoP proof must be signed with ES256.');
  const jwk = header.jwk;
  if (!jwk || typeof jwk !== 'object') throw invalidDpopProof('The DPoP proof has no jwk header.');
  if ('d' in jwk) throw invalidDpopProof('The DPoP proof\'s jwk contains a private key.');
  let payload: Record<string, unknown>;
  try {
    const key = await importJWK(jwk, 'ES256');
    ({ payload } = await jwtVerify(check.header, key, { typ: 'dpop+jwt', algorithms: ['ES256'], currentDate: check.now, clockTolerance: MAX_SKEW_S }));
  } catch (error) {
    throw invalidDpopProof(error instanceof errors.JWSSignatureVerificationFailed ? 'The DPoP proof\'s signature does not verify with its jwk.' : 'The DPoP proof cannot be verified.');
  }
  if (payload.htm !== check.method) throw invalidDpopProof(`The DPoP proof is for ${String(payload.htm)}, not ${check.method}.`);
  if (typeof payload.htu !== 'string' || stripUrl(payload.htu) !== stripUrl(check.url)) throw invalidDpopProof(`The DPoP proof's htu is not ${stripUrl(check.url)}.`);
  const iat = typeof payload.iat === 'number' ? payload.iat : NaN;
  const now = check.now.getTime() / 1000;
  if (!(iat <= now + MAX_SKEW_S && iat >= now - MAX_AGE_S)) throw invalidDpopProof('The DPoP proof\'s iat is not recent.');
  if (typeof payload.jti !== 'string' || payload.jti.length < 8) throw invalidDpopProof('The DPoP proof needs a unique jti.');
  if (check.accessToken !== undefined) {
    const ath = createHash('sha256').update(check.accessToken).digest('base64url');
    if (payload.ath !== ath) throw invalidDpopProof('The DPoP proof\'s ath does not match the access token.');
  }
  if (!check.nonceValid(typeof payload.nonce === 'string' ? payload.nonce : undefined)) return { ok: false, staleNonce: true };
  if (!await check.firstUse(payload.jti, new Date((iat + MAX_AGE_S + MAX_SKEW_S) * 1000))) throw invalidDpopProof('The DPoP proof was used before (replayed jti).');
  return { ok: true, jkt: await calculateJwkThumbprint(jwk, 'sha256'), jwk };
}

function stripUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '';
  }
}
