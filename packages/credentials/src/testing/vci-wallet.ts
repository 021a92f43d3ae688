// SPDX-License-Identifier: Apache-2.0
import { createHash, randomBytes } from 'node:crypto';
import { clientAuthenticationNone, type CallbackContext, type JwtSigner } from '@openid4vc/oauth2';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type JWTHeaderParameters, type JWTPayload } from 'jose';
import { TEST_WALLET } from './issuer-server.ts';

/** What `@openid4vc/openid4vci`'s client needs from a wallet that signs with its own jwk keys. */
export type VciCallbacks = Omit<CallbackContext, 'verifyJwt' | 'decryptJwe' | 'encryptJwe'>;

export interface VciWallet {
  /** The private key of each public key `newKey` made, by its `x` coordinate. */
  keys: Map<string, CryptoKey>;
  /** A fresh P-256 key pair; the public half as a JWK. */
  newKey(): Promise<JWK>;
  callbacks: VciCallbacks;
}

/** A wallet for tests driving the issuer with the independent OpenID4VCI client library. */
export function vciWallet(clientId = TEST_WALLET.clientId): VciWallet {
  const keys = new Map<string, CryptoKey>();
  const keyOf = (jwk: { x?: string }): CryptoKey => {
    const key = jwk.x === undefined ? undefined : keys.get(jwk.x);
    if (!key) throw new Error('the test wallet did not make this key');
    return key;
  };
  return {
    keys,
    async newKey() {
      const pair = await generateKeyPair('ES256', { extractable: true });
      const publicJwk = await exportJWK(pair.publicKey);
      keys.set(publicJwk.x ?? '', pair.privateKey);
      return publicJwk;
    },
    callbacks: {
      hash: (data, alg) => new Uint8Array(createHash(alg.replace('-', '').toLowerCase()).update(data).digest()),
      generateRandom: (n) => new Uint8Array(randomBytes(n)),
      clientAuthentication: clientAuthenticationNone({ clientId }),
      fetch: (input, init) => fetch(input, init),
      signJwt: async (signer: JwtSigner, { header, payload }) => {
        if (signer.method !== 'jwk') throw new Error('the test wallet signs with jwk keys only');
        const jwt = await new SignJWT(payload as JWTPayload).setProtectedHeader(header as JWTHeaderParameters).sign(keyOf(signer.publicJwk));
        return { jwt, signerJwk: signer.publicJwk };
      },
    },
  };
}
