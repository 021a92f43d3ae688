// SPDX-License-Identifier: Apache-2.0
// Every error the verifier raises on purpose, from one table (see platform's defineErrors).
import { TesseraError, defineErrors, type ErrorRow, type TesseraErrorOptions } from '@tessera/platform';

export interface VerifierErrorRow extends ErrorRow {
  /** A reason a presentation is refused: its code is also the problem's `refusal` member. */
  readonly refusal?: true;
}

/** Base of the verifier's errors. */
export class VerifierError extends TesseraError {
  static override code = 'ERR_VERIFIER';
  constructor(message: string, options: TesseraErrorOptions | undefined, row: VerifierErrorRow) {
    super(message, row.refusal ? { ...options, extensions: { refusal: row.code, ...options?.extensions } } : options);
  }
}

const refusal = <const C extends `ERR_${string}`>(code: C, message: string) => ({ code, status: 400, message, parent: 'PresentationRefused', refusal: true }) as const;

/**
 * Why a presentation was refused. Every check of the verifier fails closed with one of these
 * stable codes; the message is fixed per code (crypto failures say what failed, never why in
 * detail), so a relying party's system can branch on `code` and a clerk can read the message.
 */
const table = {
  /** The family every refusal belongs to; never raised itself. */
  PresentationRefused: { code: 'ERR_PRESENTATION_REFUSED', status: 400, message: 'The presentation is refused.' },
  ResponseMalformed: refusal('ERR_RESPONSE_MALFORMED', 'The wallet response is not a well-formed OpenID4VP response.'),
  ResponseDecryptionFailed: refusal('ERR_RESPONSE_DECRYPTION_FAILED', 'The encrypted wallet response could not be decrypted with this request’s key.'),
  ResponseUnencrypted: refusal('ERR_RESPONSE_UNENCRYPTED', 'This request requires an encrypted response (direct_post.jwt).'),
  StateMismatch: refusal('ERR_STATE_MISMATCH', 'The response does not belong to this request (state).'),
  RequestExpired: refusal('ERR_REQUEST_EXPIRED', 'The presentation request has expired.'),
  PresentationReplayed: refusal('ERR_PRESENTATION_REPLAYED', 'This presentation was already received.'),
  PresentationMalformed: refusal('ERR_PRESENTATION_MALFORMED', 'The presentation is not a well-formed SD-JWT with key binding.'),
  MdocMalformed: refusal('ERR_MDOC_MALFORMED', 'The presentation is not a well-formed ISO/IEC 18013-5 DeviceResponse with one document.'),
  MdocDigestMismatch: refusal('ERR_MDOC_DIGEST_MISMATCH', 'A disclosed data element does not match the digest the issuer signed.'),
  DeviceSignatureInvalid: refusal('ERR_DEVICE_SIGNATURE_INVALID', 'The device signature does not cover this request’s session transcript (client_id, nonce, response_uri).'),
  IssuerUntrusted: refusal('ERR_ISSUER_UNTRUSTED', 'The credential’s issuer is not on the trusted issuer list.'),
  CredentialSignatureInvalid: refusal('ERR_CREDENTIAL_SIGNATURE_INVALID', 'The credential’s issuer signature is invalid.'),
  CredentialExpired: refusal('ERR_CREDENTIAL_EXPIRED', 'The credential has expired.'),
  CredentialNotYetValid: refusal('ERR_CREDENTIAL_NOT_YET_VALID', 'The credential is not valid yet.'),
  CredentialRevoked: refusal('ERR_CREDENTIAL_REVOKED', 'The credential has been revoked.'),
  CredentialSuspended: refusal('ERR_CREDENTIAL_SUSPENDED', 'The credential is suspended.'),
  StatusUnavailable: refusal('ERR_STATUS_UNAVAILABLE', 'The credential’s status could not be checked.'),
  DisclosureInvalid: refusal('ERR_DISCLOSURE_INVALID', 'A disclosure is malformed or repeated.'),
  DisclosureUnreferenced: refusal('ERR_DISCLOSURE_UNREFERENCED', 'A disclosure is not referenced by the credential’s digests.'),
  HolderBindingMissing: refusal('ERR_HOLDER_BINDING_MISSING', 'The credential is not bound to a holder key, or the key binding JWT is missing.'),
  KbJwtSignatureInvalid: refusal('ERR_KB_JWT_SIGNATURE_INVALID', 'The key binding JWT is not signed by the credential’s holder key.'),
  KbJwtNonceMismatch: refusal('ERR_KB_JWT_NONCE_MISMATCH', 'The key binding JWT was made for another request (nonce).'),
  KbJwtAudienceMismatch: refusal('ERR_KB_JWT_AUDIENCE_MISMATCH', 'The key binding JWT was made for another verifier (aud).'),
  KbJwtIatPast: refusal('ERR_KB_JWT_IAT_PAST', 'The key binding JWT was issued too long ago.'),
  KbJwtIatFuture: refusal('ERR_KB_JWT_IAT_FUTURE', 'The key binding JWT is issued in the future.'),
  SdHashMismatch: refusal('ERR_SD_HASH_MISMATCH', 'The key binding JWT does not cover this presentation (sd_hash).'),
  CredentialNotRequested: refusal('ERR_CREDENTIAL_NOT_REQUESTED', 'The presented credential does not answer the request’s query.'),
  ClaimMissing: refusal('ERR_CLAIM_MISSING', 'A requested claim was not disclosed.'),
  ClaimNotRequested: refusal('ERR_CLAIM_NOT_REQUESTED', 'A claim was disclosed that the request did not ask for.'),
  ClaimNotRegistered: refusal('ERR_CLAIM_NOT_REGISTERED', 'The relying party is not registered to request this claim.'),
  QueryUnsupported: refusal('ERR_QUERY_UNSUPPORTED', 'The DCQL query uses a feature this verifier does not support.'),
  /** Relying party ids are unique: a second registration under one id is refused. */
  RelyingPartyExists: { code: 'ERR_RELYING_PARTY_EXISTS', status: 409, message: 'A relying party with this id is already registered.' },
  /** A webhook delivery whose relying party has no secret any more cannot be signed, so it is not sent. */
  WebhookSecretMissing: { code: 'ERR_WEBHOOK_SECRET_MISSING', status: 500, message: 'The relying party has no webhook secret.' },
} as const;

export const verifierErrors = defineErrors(VerifierError, table);

type Row = (typeof table)[keyof typeof table];
export type RefusalCode = Extract<Row, { refusal: true }>['code'];

/** The fixed message of each refusal code. */
export const REFUSALS = Object.fromEntries(Object.values(table).flatMap((row) => ('refusal' in row ? [[row.code, row.message]] : []))) as Readonly<Record<RefusalCode, string>>;

export const { PresentationRefused, RelyingPartyExists, WebhookSecretMissing } = verifierErrors;
/** A refused presentation; its `code` is the refusal code. */
export type PresentationRefused = InstanceType<typeof PresentationRefused> & { readonly code: RefusalCode };

const BY_CODE = new Map<string, new (message?: string) => PresentationRefused>(
  Object.values(verifierErrors).flatMap((made) => (Object.hasOwn(REFUSALS, made.code) ? [[made.code, made as unknown as new (message?: string) => PresentationRefused]] : [])),
);

/** A refusal of a presentation, narrowed to its refusal code. */
export function isPresentationRefused(error: unknown): error is PresentationRefused {
  return error instanceof PresentationRefused && Object.hasOwn(REFUSALS, error.code);
}

/** The refusal for a code, its fixed message followed by the detail if any. */
export function presentationRefused(code: RefusalCode, detail?: string): PresentationRefused {
  const Refusal = BY_CODE.get(code);
  // every RefusalCode is a row of the table: a miss is a programming error
  if (!Refusal) throw new TypeError(`No refusal ${code}.`);
  return new Refusal(detail ? `${REFUSALS[code]} ${detail}` : undefined);
}

export const refuse = (code: RefusalCode, detail?: string): never => {
  throw presentationRefused(code, detail);
};
