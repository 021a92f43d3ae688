// SPDX-License-Identifier: Apache-2.0
import { Curve, KeyType, type CoseKey, type MdocContext } from '@owf/mdoc';
import { MdocKeyUnsupported, MdocOperationUnsupported } from '../credentials-errors.ts';

const subtle = globalThis.crypto.subtle;
const HASH = { 'SHA-256': 'SHA-256', 'SHA-384': 'SHA-384', 'SHA-512': 'SHA-512' } as const;
const toBuffer = (b: Uint8Array) => new Uint8Array(b).buffer;

/** The key a COSE_Sign1 with ES256 (COSE alg -7) is checked with: an EC2 P-256 public key, nothing else. */
async function verifyKey(key: CoseKey): Promise<CryptoKey> {
  if (key.keyType !== KeyType.Ec || key.curve !== Curve['P-256']) throw new MdocKeyUnsupported();
  const { d: _private, ...jwk } = key.jwk;
  return subtle.importKey('jwk', { ...jwk, kty: 'EC', crv: 'P-256' } as JsonWebKey, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
}

/**
 * The cryptography the mdoc library asks its host for (ISO/IEC 18013-5 §9.1, RFC 9052), done
 * with WebCrypto: digests, randomness, ES256 COSE_Sign1 signatures (r‖s, as COSE and WebCrypto
 * both encode them). `sign` is given when this context signs: it is
 * the key-store signer of the issuer's document-signer key, so the private key never leaves it.
 * Device MAC authentication (a reader's ephemeral key) has no place in OpenID4VP and fails closed.
 */
export function mdocCrypto(sign?: (data: Uint8Array) => Promise<Uint8Array>): Pick<MdocContext, 'crypto' | 'cose'> {
  return {
    crypto: {
      random: (length) => globalThis.crypto.getRandomValues(new Uint8Array(length)),
      digest: async ({ digestAlgorithm, bytes }) => new Uint8Array(await subtle.digest(HASH[digestAlgorithm], toBuffer(bytes))),
      // Device MAC authentication needs the reader's ephemeral key (ISO/IEC 18013-5 §9.1.3.5);
      // OpenID4VP has none, so a MAC is never made or accepted here (verify below says false).
      calculateEphemeralMacKey: () => { throw new MdocOperationUnsupported('Device MAC authentication is not used with OpenID4VP.'); },
    },
    cose: {
      sign1: {
        sign: async ({ toBeSigned }) => {
          if (!sign) throw new MdocOperationUnsupported('This mdoc context verifies only.');
          return sign(toBeSigned);
        },
        verify: async ({ key, sign1 }) => {
          if (sign1.signatureAlgorithmName !== 'ES256') return false;
          return subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, await verifyKey(key), toBuffer(sign1.signature), toBuffer(sign1.toBeSigned));
        },
      },
      mac0: {
        sign: () => { throw new MdocOperationUnsupported('Device MAC authentication is not used with OpenID4VP.'); },
        verify: () => false,
      },
    },
  };
}
