// SPDX-License-Identifier: Apache-2.0
import { SignerUnsupported } from '../trust-errors.ts';
import type { Signer } from './key-store.ts';

function bytesOf(data: BufferSource): Uint8Array {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/**
 * A WebCrypto `Crypto` for @peculiar/x509 whose `subtle.sign` goes to the key store.
 *
 * The library wants a private CryptoKey to sign certificates and CRLs; we hand it the signer's
 * public key instead (it only reads `.algorithm` to pick the signature OID and passes the key
 * back to `subtle.sign`), and route that call here. The private key thus stays in its store,
 * which may later be an HSM. Everything else (digest, exportKey, random) is the real WebCrypto.
 */
export function cryptoSigningWith(signer: Signer): Crypto {
  const real = globalThis.crypto;
  const sign = async (algorithm: AlgorithmIdentifier | EcdsaParams, key: CryptoKey, data: BufferSource): Promise<ArrayBuffer> => {
    const hash = typeof algorithm === 'object' && 'hash' in algorithm ? algorithm.hash : undefined;
    const hashName = typeof hash === 'object' ? hash.name : hash;
    if (key !== signer.publicKey || hashName !== signer.algorithm.hash) {
      // A mismatch would put a signature OID in the certificate that the signature does not follow.
      throw new SignerUnsupported(`Signer "${signer.label}" signs ECDSA with ${signer.algorithm.hash}, asked for ${String(hashName)}.`);
    }
    const signature = await signer.sign(bytesOf(data));
    return new Uint8Array(signature).buffer;
  };
  const subtle = new Proxy(real.subtle, {
    get(target, property) {
      if (property === 'sign') return sign;
      const value: unknown = Reflect.get(target, property, target);
      // WebCrypto methods check their receiver, so they must stay bound to the real SubtleCrypto.
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return new Proxy(real, {
    get(target, property) {
      if (property === 'subtle') return subtle;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
