// SPDX-License-Identifier: Apache-2.0
import { decodeProtectedHeader, errors, importJWK, jwtVerify, type JWK } from 'jose';
import { invalidProof } from './oid4vci-errors.ts';

/**
 * Checks one `jwt` key proof (OpenID4VCI 1.0 Appendix F.1) and returns the key it proves:
 * typ openid4vci-proof+jwt; ES256; a public jwk header (the key to bind); a signature by that
 * key; aud the credential issuer; a recent iat; the nonce the caller expects. Nonce validity
 * (issued by us, unused, unexpired) is the caller's, who answers `invalid_nonce`.
 */
export async function verifyKeyProof(jwt: unknown, expected: { issuer: string; nonce: string; now: Date; clientId?: string }): Promise<JWK> {
  if (typeof jwt !== 'string') throw invalidProof('A jwt proof is a compact JWT string.');
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(jwt);
  } catch {
    throw invalidProof('The proof is not a JWT.');
  }
  if (header.typ !== 'openid4vci-proof+jwt') throw invalidProof('The proof must have typ "openid4vci-proof+jwt".');
  if (header.alg !== 'ES256') throw invalidProof('The proof must be signed with ES256 (proof_signing_alg_values_supported).');
  const jwk = header.jwk;
  if (!jwk || typeof jwk !== 'object') throw invalidProof('The proof has no jwk header: the key to bind the credential to.');
  if ('d' in jwk) throw invalidProof('The proof\'s jwk contains a private key.');
  if (header.kid !== undefined || header.x5c !== undefined) throw invalidProof('The proof names its key by jwk only, not also by kid or x5c.');
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(jwt, await importJWK(jwk, 'ES256'), { typ: 'openid4vci-proof+jwt', algorithms: ['ES256'], audience: expected.issuer, currentDate: expected.now, clockTolerance: 60 }));
  } catch (error) {
    if (error instanceof errors.JWSSignatureVerificationFailed) throw invalidProof('The proof\'s signature does not verify with the key in its jwk header.');
    if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'aud') throw invalidProof(`The proof's aud must be the credential issuer ${expected.issuer}.`);
    throw invalidProof('The proof cannot be verified.');
  }
  if (typeof payload.iat !== 'number' || payload.iat > expected.now.getTime() / 1000 + 60 || payload.iat < expected.now.getTime() / 1000 - 300) throw invalidProof('The proof\'s iat is missing or not recent.');
  if (expected.clientId !== undefined && payload.iss !== undefined && payload.iss !== expected.clientId) throw invalidProof('The proof\'s iss is not the client that obtained the access token.');
  if (payload.nonce !== expected.nonce) throw invalidProof('The proofs do not all carry the same c_nonce.');
  return jwk;
}
