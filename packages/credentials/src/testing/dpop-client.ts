// SPDX-License-Identifier: Apache-2.0
import { createHash, randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';

/**
 * A hand-made DPoP client for tests that must send what no well-behaved library would (a code
 * twice, another verifier, another key): a key pair, proofs on demand, and form posts that retry
 * once with the server's DPoP nonce as RFC 9449 §8 asks.
 */
export async function dpopClient(existing?: { privateKey: CryptoKey; publicJwk: JWK; nonce?: string }) {
  const pair = existing ?? await generateKeyPair('ES256', { extractable: true });
  const publicJwk: JWK = existing?.publicJwk ?? await exportJWK((pair as CryptoKeyPair).publicKey);
  let nonce: string | undefined = existing?.nonce;
  const proof = (method: string, url: string, accessToken?: string) => new SignJWT({
    htm: method, htu: url, iat: Math.floor(Date.now() / 1000), jti: randomBytes(12).toString('base64url'),
    ...(nonce ? { nonce } : {}), ...(accessToken ? { ath: createHash('sha256').update(accessToken).digest('base64url') } : {}),
  }).setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: publicJwk }).sign(pair.privateKey);
  const send = async (url: string, init: { method: string; headers: Record<string, string>; body?: string }, accessToken?: string): Promise<Response> => {
    for (let attempt = 0; ; attempt++) {
      const response = await fetch(url, { ...init, headers: { ...init.headers, dpop: await proof(init.method, url, accessToken), ...(accessToken ? { authorization: `DPoP ${accessToken}` } : {}) } });
      const fresh = response.headers.get('dpop-nonce');
      const retry = attempt === 0 && fresh && fresh !== nonce && (await response.clone().json().catch(() => ({})) as { error?: string }).error === 'use_dpop_nonce';
      if (fresh) nonce = fresh;
      if (!retry) return response;
    }
  };
  return {
    publicJwk,
    form: (url: string, fields: Record<string, string>) => send(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() }),
    json: (url: string, body: unknown, accessToken: string) => send(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }, accessToken),
  };
}
