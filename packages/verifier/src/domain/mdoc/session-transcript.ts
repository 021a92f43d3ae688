// SPDX-License-Identifier: Apache-2.0
import { createHash } from 'node:crypto';
import { cborEncode } from '@owf/mdoc';

/** What the wallet's device signature must cover: the request it answers (OpenID4VP 1.0 Appendix B.2.6.1). */
export interface Oid4vpHandoverInput {
  /** The full client_id, with its prefix (`x509_hash:…`). */
  clientId: string;
  nonce: string;
  /** The response_uri of a direct_post(.jwt) request. */
  responseUri: string;
  /** SHA-256 JWK thumbprint (RFC 7638) of the key the response is encrypted to, or null for direct_post. */
  jwkThumbprint: Uint8Array | null;
}

/**
 * SessionTranscript for OpenID4VP 1.0 without the DC API (Appendix B.2.6.1):
 * `[null, null, ["OpenID4VPHandover", sha-256(cbor([clientId, nonce, jwkThumbprint, responseUri]))]]`.
 * Not the ISO 18013-7 / draft-18 form with an mdoc-generated nonce: a wallet signing that is refused.
 */
export function oid4vpSessionTranscript(input: Oid4vpHandoverInput): [null, null, [string, Uint8Array]] {
  const info = cborEncode([input.clientId, input.nonce, input.jwkThumbprint, input.responseUri]);
  return [null, null, ['OpenID4VPHandover', new Uint8Array(createHash('sha256').update(info).digest())]];
}
