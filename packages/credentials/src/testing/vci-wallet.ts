// SPDX-License-Identifier: Apache-2.0
import { createHash, randomBytes } from 'node:crypto';
import { clientAuthenticationNone, type CallbackContext, type JwtSigner } from '@openid4vc/oauth2';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';

/**
 * A test wallet's callbacks for the independent OpenID4VCI client (`@openid4vc/openid4vci`): it
 * signs DPoP and key proofs with the ES256 keys `newKey` made, nothing else.
 */
export function vciWallet(clientId = 'tessera-test-wallet') {
  const keys = new Map<string, CryptoKey>();
  const newKey = async (): Promise<JWK> => {
    const pair = await generateKeyPair('ES256', { extractable: true });
    const publicJwk = await exportJWK(pair.publicKey);
    keys.set(publicJwk.x!, pair.privateKey);
    return publicJwk;
  };
  const callbacks: Omit<CallbackContext, 'verifyJwt' | 'decryptJwe' | 'encryptJwe'> = {
    hash: (data, alg) => new Uint8Array(createHash(alg.replace('-', '').toLowerCase()).update(data).digest()),
    generateRandom: (n) => new Uint8Array(randomBytes(n)),
    clientAuthentication: clientAuthenticationNone({ clientId }),
    fetch: (input, init) => fetch(input, init),
    signJwt: async (signer: JwtSigner, { header, payload }) => {
      if (signer.method !== 'jwk') throw new Error('the test wallet signs with jwk keys only');
      return { jwt: await new SignJWT(payload as Record<string, unknown>).setProtectedHeader(header as never).sign(keys.get(signer.publicJwk.x!)!), signerJwk: signer.publicJwk };
    },
  };
  return { newKey, callbacks };
}
