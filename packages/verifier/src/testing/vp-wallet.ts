// SPDX-License-Identifier: Apache-2.0
import { createHash } from 'node:crypto';
import type { CallbackContext, Jwk } from '@openid4vc/oauth2';
import { X509Certificate } from '@peculiar/x509';
import { compactVerify, exportJWK } from 'jose';
import { validateCertificatePath, type TrustAnchors } from '@tessera/trust';

/**
 * The callbacks a wallet built on `@openid4vc/openid4vp` needs to read a verifier's signed request:
 * it trusts the Tessera root it ships with, so the request's x5c must chain to `anchors`.
 */
export function vpWalletCallbacks(anchors: TrustAnchors): Pick<CallbackContext, 'fetch' | 'hash' | 'verifyJwt' | 'getX509CertificateMetadata'> {
  return {
    fetch: (input, init) => fetch(input, init),
    hash: (data, alg) => new Uint8Array(createHash(alg.replace('-', '').toLowerCase()).update(data).digest()),
    verifyJwt: async (signer, jwt) => {
      if (signer.method !== 'x5c') return { verified: false };
      const [leaf, ...rest] = signer.x5c.map((c) => new X509Certificate(new Uint8Array(Buffer.from(c, 'base64'))));
      if (!leaf) return { verified: false };
      const path = validateCertificatePath(leaf, anchors, { at: new Date(), untrusted: rest });
      if (!path.ok) return { verified: false };
      try {
        await compactVerify(jwt.compact, path.publicKey, { algorithms: ['ES256'] });
      } catch {
        return { verified: false };
      }
      return { verified: true, signerJwk: (await exportJWK(path.publicKey)) as Jwk };
    },
    getX509CertificateMetadata: () => ({ sanDnsNames: [], sanUriNames: [] }),
  };
}
