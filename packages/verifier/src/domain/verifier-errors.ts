// SPDX-License-Identifier: Apache-2.0
import { TesseraError } from '@tessera/platform';

/**
 * Why a presentation was refused. Every check of the verifier fails closed with one of these
 * stable codes; the message is fixed per code (crypto failures say what failed, never why in
 * detail), so a relying party's system can branch on `code` and a clerk can read the message.
 */
export const REFUSALS = {
  ERR_RESPONSE_MALFORMED: 'The wallet response is not a well-formed OpenID4VP response.',
  ERR_RESPONSE_DECRYPTION_FAILED: 'The encrypted wallet response could not be decrypted with this request’s key.',
  ERR_RESPONSE_UNENCRYPTED: 'This request requires an encrypted response (direct_post.jwt).',
  ERR_STATE_MISMATCH: 'The response does not belong to this request (state).',
  ERR_REQUEST_EXPIRED: 'The presentation request has expired.',
  ERR_PRESENTATION_REPLAYED: 'This presentation was already received.',
  ERR_PRESENTATION_MALFORMED: 'The presentation is not a well-formed SD-JWT with key binding.',
  ERR_MDOC_MALFORMED: 'The presentation is not a well-formed ISO/IEC 18013-5 DeviceResponse with one document.',
  ERR_MDOC_DIGEST_MISMATCH: 'A disclosed data element does not match the digest the issuer signed.',
  ERR_DEVICE_SIGNATURE_INVALID: 'The device signature does not cover this request’s session transcript (client_id, nonce, response_uri).',
  ERR_ISSUER_UNTRUSTED: 'The credential’s issuer is not on the trusted issuer list.',
  ERR_CREDENTIAL_SIGNATURE_INVALID: 'The credential’s issuer signature is invalid.',
  ERR_CREDENTIAL_EXPIRED: 'The credential has expired.',
  ERR_CREDENTIAL_NOT_YET_VALID: 'The credential is not valid yet.',
  ERR_CREDENTIAL_REVOKED: 'The credential has been revoked.',
  ERR_CREDENTIAL_SUSPENDED: 'The credential is suspended.',
  ERR_STATUS_UNAVAILABLE: 'The credential’s status could not be checked.',
  ERR_DISCLOSURE_INVALID: 'A disclosure is malformed or repeated.',
  ERR_DISCLOSURE_UNREFERENCED: 'A disclosure is not referenced by the credential’s digests.',
  ERR_HOLDER_BINDING_MISSING: 'The credential is not bound to a holder key, or the key binding JWT is missing.',
  ERR_KB_JWT_SIGNATURE_INVALID: 'The key binding JWT is not signed by the credential’s holder key.',
  ERR_KB_JWT_NONCE_MISMATCH: 'The key binding JWT was made for another request (nonce).',
  ERR_KB_JWT_AUDIENCE_MISMATCH: 'The key binding JWT was made for another verifier (aud).',
  ERR_KB_JWT_IAT_PAST: 'The key binding JWT was issued too long ago.',
  ERR_KB_JWT_IAT_FUTURE: 'The key binding JWT is issued in the future.',
  ERR_SD_HASH_MISMATCH: 'The key binding JWT does not cover this presentation (sd_hash).',
  ERR_CREDENTIAL_NOT_REQUESTED: 'The presented credential does not answer the request’s query.',
  ERR_CLAIM_MISSING: 'A requested claim was not disclosed.',
  ERR_CLAIM_NOT_REQUESTED: 'A claim was disclosed that the request did not ask for.',
  ERR_CLAIM_NOT_REGISTERED: 'The relying party is not registered to request this claim.',
  ERR_QUERY_UNSUPPORTED: 'The DCQL query uses a feature this verifier does not support.',
} as const;
export type RefusalCode = keyof typeof REFUSALS;

export class PresentationRefused extends TesseraError {
  static override code = 'ERR_PRESENTATION_REFUSED';
  override status = 400;
  declare code: RefusalCode;
  constructor(code: RefusalCode, detail?: string) {
    super(detail ? `${REFUSALS[code]} ${detail}` : REFUSALS[code], { extensions: { refusal: code } });
    this.code = code;
  }
}

export const refuse = (code: RefusalCode, detail?: string): never => {
  throw new PresentationRefused(code, detail);
};
