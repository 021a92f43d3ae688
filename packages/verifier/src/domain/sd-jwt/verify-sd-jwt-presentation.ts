// SPDX-License-Identifier: Apache-2.0
import { createHash } from 'node:crypto';
import { compactVerify, decodeProtectedHeader, importJWK, type JWK } from 'jose';
import type { StatusCheck } from '../status/credential-status-check.ts';
import { trustedIssuerKey, type IssuerTrust, type TrustedIssuer } from '../trust/issuer-trust.ts';
import { refuse, type RefusalCode } from '../verifier-errors.ts';
import { disclosedClaims } from './disclosed-claims.ts';

export interface PresentationContext {
  /** The request's nonce, compared exactly. */
  nonce: string;
  /** The verifier's full client_id (with its prefix), compared exactly with the KB-JWT's aud. */
  clientId: string;
  now: Date;
  /** How old a key binding JWT may be, and how far ahead of our clock it may be stamped. */
  iatWindow: { pastSeconds: number; futureSeconds: number };
  trust: IssuerTrust;
  status: StatusCheck;
}

export interface VerifiedSdJwt {
  issuer: TrustedIssuer;
  vct: string;
  /** Plain and disclosed claims, without the SD-JWT machinery (_sd, cnf, status, …). */
  claims: Record<string, unknown>;
  disclosedPaths: Array<Array<string | number>>;
  expiresAt: Date | null;
  /** An SD-JWT VC's Token Status List entry (already checked valid): it names the credential at its issuer. */
  statusList?: { idx: number; uri: string };
  /** SHA-256 of the whole presentation: what replay detection remembers. */
  digest: string;
}

const REGISTERED = new Set(['iss', 'iat', 'nbf', 'exp', 'vct', 'vct#integrity', 'cnf', 'status', 'sub']);
const b64sha256 = (s: string) => createHash('sha256').update(s, 'ascii').digest('base64url');

async function verifiedPayload(jwt: string, key: Parameters<typeof compactVerify>[1], failure: RefusalCode): Promise<Record<string, unknown>> {
  try {
    const { payload } = await compactVerify(jwt, key, { algorithms: ['ES256'] });
    const parsed: unknown = JSON.parse(new TextDecoder().decode(payload));
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return refuse('ERR_PRESENTATION_MALFORMED');
    return parsed as Record<string, unknown>;
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_PRESENTATION_MALFORMED') throw e;
    return refuse(failure);
  }
}

function header(jwt: string): Record<string, unknown> {
  try {
    return decodeProtectedHeader(jwt);
  } catch {
    return refuse('ERR_PRESENTATION_MALFORMED');
  }
}

/**
 * Verifies one SD-JWT VC presentation with key binding (RFC 9901 §7, SD-JWT VC §3, OpenID4VP
 * 1.0 Appendix B.3.6), each rule failing closed with its own code, signatures before claims:
 *  - the issuer JWT is `dc+sd-jwt`, ES256, signed by the x5c leaf of an issuer on the list;
 *  - every disclosure is referenced by a digest (checked here, see disclosedClaims);
 *  - exp/nbf hold at `now`;
 *  - a KB-JWT (`kb+jwt`) signed by cnf.jwk, with this request's nonce, aud = the full client_id,
 *    iat inside the window, and sd_hash over exactly the presented issuer JWT and disclosures;
 *  - the status list entry is valid.
 */
export async function verifySdJwtPresentation(presentation: string, ctx: PresentationContext): Promise<VerifiedSdJwt> {
  if (typeof presentation !== 'string' || !presentation.includes('~')) return refuse('ERR_PRESENTATION_MALFORMED');
  const parts = presentation.split('~');
  const kbJwt = parts.pop()!;
  const [issuerJwt, ...disclosures] = parts as [string, ...string[]];
  if (!issuerJwt || disclosures.some((d) => d === '')) return refuse('ERR_PRESENTATION_MALFORMED');
  if (!kbJwt) return refuse('ERR_HOLDER_BINDING_MISSING');

  const issuerHeader = header(issuerJwt);
  if (issuerHeader.typ !== 'dc+sd-jwt' || issuerHeader.alg !== 'ES256') return refuse('ERR_PRESENTATION_MALFORMED', 'The credential is not a dc+sd-jwt signed with ES256.');
  // The claimed iss picks the list entry; its certificate must then match it and sign the JWT.
  let claimedIss: unknown;
  try {
    claimedIss = JSON.parse(Buffer.from(issuerJwt.split('.')[1] ?? '', 'base64url').toString('utf8')).iss;
  } catch {
    return refuse('ERR_PRESENTATION_MALFORMED');
  }
  const { key, issuer } = trustedIssuerKey(ctx.trust, issuerHeader.x5c, claimedIss, ctx.now);
  const payload = await verifiedPayload(issuerJwt, key, 'ERR_CREDENTIAL_SIGNATURE_INVALID');
  if (payload.iss !== issuer.iss) return refuse('ERR_ISSUER_UNTRUSTED');
  if (payload._sd_alg !== undefined && payload._sd_alg !== 'sha-256') return refuse('ERR_PRESENTATION_MALFORMED', 'Only sha-256 digests are accepted.');
  if (typeof payload.vct !== 'string') return refuse('ERR_PRESENTATION_MALFORMED', 'The credential has no vct.');

  const now = ctx.now.getTime() / 1000;
  if (payload.exp !== undefined && (typeof payload.exp !== 'number' || payload.exp <= now)) return refuse('ERR_CREDENTIAL_EXPIRED');
  if (payload.nbf !== undefined && (typeof payload.nbf !== 'number' || payload.nbf > now)) return refuse('ERR_CREDENTIAL_NOT_YET_VALID');

  const { claims, disclosedPaths } = disclosedClaims(payload, disclosures);

  const holderJwk = (payload.cnf as { jwk?: JWK } | undefined)?.jwk;
  if (!holderJwk || typeof holderJwk !== 'object' || holderJwk.d !== undefined) return refuse('ERR_HOLDER_BINDING_MISSING');
  const kbHeader = header(kbJwt);
  if (kbHeader.typ !== 'kb+jwt' || kbHeader.alg !== 'ES256') return refuse('ERR_KB_JWT_SIGNATURE_INVALID', 'The key binding JWT is not a kb+jwt signed with ES256.');
  let holderKey: Awaited<ReturnType<typeof importJWK>>;
  try {
    holderKey = await importJWK(holderJwk, 'ES256');
  } catch {
    return refuse('ERR_HOLDER_BINDING_MISSING', 'The holder key cannot be used.');
  }
  const kb = await verifiedPayload(kbJwt, holderKey, 'ERR_KB_JWT_SIGNATURE_INVALID');
  if (typeof kb.nonce !== 'string' || kb.nonce !== ctx.nonce) return refuse('ERR_KB_JWT_NONCE_MISMATCH');
  if (typeof kb.aud !== 'string' || kb.aud !== ctx.clientId) return refuse('ERR_KB_JWT_AUDIENCE_MISMATCH');
  if (typeof kb.iat !== 'number') return refuse('ERR_PRESENTATION_MALFORMED', 'The key binding JWT has no iat.');
  if (kb.iat < now - ctx.iatWindow.pastSeconds) return refuse('ERR_KB_JWT_IAT_PAST');
  if (kb.iat > now + ctx.iatWindow.futureSeconds) return refuse('ERR_KB_JWT_IAT_FUTURE');
  const presented = `${issuerJwt}~${disclosures.map((d) => `${d}~`).join('')}`;
  if (typeof kb.sd_hash !== 'string' || kb.sd_hash !== b64sha256(presented)) return refuse('ERR_SD_HASH_MISMATCH');

  await ctx.status.check(payload.status, issuer.iss);
  const { idx, uri } = (payload.status as { status_list: { idx: number; uri: string } }).status_list;

  const visible = Object.fromEntries(Object.entries(claims).filter(([name]) => !REGISTERED.has(name)));
  return {
    issuer, vct: payload.vct, claims: visible, disclosedPaths,
    expiresAt: typeof payload.exp === 'number' ? new Date(payload.exp * 1000) : null,
    statusList: { idx, uri },
    digest: createHash('sha256').update(presentation).digest('base64url'),
  };
}
