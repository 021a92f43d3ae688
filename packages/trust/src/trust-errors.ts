// SPDX-License-Identifier: Apache-2.0
// Every error the trust services raise on purpose, from one table (see platform's defineErrors).
// Crypto and certificate checks fail closed; their messages say what was wrong with our own
// setup or input, never anything read from a secret.
import { TesseraError, defineErrors } from '@tessera/platform';

/** Base of the trust services' errors. */
export class TrustError extends TesseraError {
  static override code = 'ERR_TRUST';
}

export const trustErrors = defineErrors(TrustError, {
  // certificate authority and its key store
  CaError: { code: 'ERR_CA', status: 500, message: 'The certificate authority could not complete the operation.' },
  /** The key-encryption key does not open the stored key: wrong KEK, or the record was tampered with. */
  KeyEncryptionKeyWrong: {
    code: 'ERR_KEYSTORE_KEK_WRONG', status: 500, parent: 'CaError',
    message: (label: string) => `The key-encryption key does not open key "${label}" (wrong KEK or altered record).`,
  },
  KeyEncryptionKeyInvalid: { code: 'ERR_KEYSTORE_KEK_INVALID', status: 500, parent: 'CaError', message: (length: number) => `The key-encryption key must be 32 bytes, got ${length}.` },
  KeyNotFound: { code: 'ERR_KEYSTORE_KEY_NOT_FOUND', status: 404, parent: 'CaError', message: (label: string) => `No key "${label}" in the key store.` },
  /** Keys are never overwritten: a label names one key for life. */
  KeyLabelTaken: { code: 'ERR_KEYSTORE_LABEL_TAKEN', status: 409, parent: 'CaError', message: (label: string) => `The key store already holds a key "${label}".` },
  KeyLabelInvalid: {
    code: 'ERR_KEYSTORE_LABEL_INVALID', status: 400, parent: 'CaError',
    message: (label: string) => `Key label "${label}" is not allowed: use 1–64 of a-z, A-Z, 0-9, ".", "_", "-", starting with a letter or digit.`,
  },
  /** A stored record that is not a wrapped key of ours (corrupt file, foreign data). */
  KeyRecordInvalid: { code: 'ERR_KEYSTORE_RECORD_INVALID', status: 500, parent: 'CaError', message: (label: string, reason: string) => `The stored record of key "${label}" is invalid: ${reason}.` },
  /** The key ceremony runs once per hierarchy; a second run would mint a parallel root. */
  CaHierarchyExists: {
    code: 'ERR_CA_HIERARCHY_EXISTS', status: 409, parent: 'CaError',
    message: (labels: string[]) => `A CA hierarchy already exists in the key store (keys: ${labels.join(', ')}).`,
    extensions: (labels: string[]) => ({ labels }),
  },
  /** Input to a certificate profile or CRL that would yield a wrong certificate. */
  CertificateInputInvalid: { code: 'ERR_CA_INPUT_INVALID', status: 400, parent: 'CaError', message: 'The certificate input is invalid.' },
  /** A signer whose algorithm does not match what it is asked to sign with: the signature would not follow its OID. */
  SignerUnsupported: { code: 'ERR_SIGNER_UNSUPPORTED', status: 500, parent: 'CaError', message: 'The signer does not sign with this algorithm.' },
  // card applet: the codes mirror the ISO 7816-4 status words they stand for
  CardError: { code: 'ERR_CARD', status: 400, message: 'The card refused the command.' },
  /** Wrong PIN; `triesLeft` as in SW 63Cx. */
  PinWrong: {
    code: 'ERR_PIN_WRONG', status: 400, parent: 'CardError',
    message: (triesLeft: number) => `Wrong PIN. ${triesLeft} ${triesLeft === 1 ? 'try' : 'tries'} left.`,
    extensions: (triesLeft: number) => ({ triesLeft }),
  },
  /** PIN blocked after three wrong tries (SW 6983); unblock with the PUK. */
  PinBlocked: { code: 'ERR_PIN_BLOCKED', status: 423, parent: 'CardError', message: (which: string) => `${which} is blocked. Unblock it with the PUK.` },
  /** PUK blocked: the card cannot be unblocked any more; the holder needs a new card. */
  PukBlocked: { code: 'ERR_PUK_BLOCKED', status: 423, parent: 'CardError', message: () => 'The PUK is blocked. A new card is needed.' },
  /** The operation needs a PIN that has not been verified (SW 6982). */
  SecurityStatusNotSatisfied: { code: 'ERR_SECURITY_STATUS_NOT_SATISFIED', status: 403, parent: 'CardError', message: (which: string) => `Enter ${which} first.` },
  /** Personalisation commands after the card was locked, or use before it was (SW 6985). */
  ConditionsNotSatisfied: { code: 'ERR_CARD_LIFECYCLE', status: 409, parent: 'CardError', message: 'The card is not in the state this command needs.' },
  PinFormat: { code: 'ERR_PIN_FORMAT', status: 400, parent: 'CardError', message: 'The PIN has the wrong format.' },
  PinEnvelopeUnreadable: { code: 'ERR_PIN_ENVELOPE', status: 400, parent: 'CardError', message: () => 'The PIN envelope cannot be opened with this code.' },
  // card register
  CardAlreadyOrdered: { code: 'ERR_CARD_ALREADY_ORDERED', status: 409, message: (orderReference: string) => `A card was already personalised for ${orderReference}.` },
  CardNotFound: { code: 'ERR_CARD_NOT_FOUND', status: 404, message: () => 'No such card.' },
  /** Every serial for this birth date and sex is taken (or kept being taken while we tried). */
  IdentificationCodeUnavailable: { code: 'ERR_IDENTIFICATION_CODE_UNAVAILABLE', status: 503, message: 'Could not allocate an identification code.' },
  IdentificationCodeInputInvalid: { code: 'ERR_IDENTIFICATION_CODE_INPUT', status: 400, message: 'An identification code cannot be made from this input.' },
  // OCSP
  /** The status could not be established; a relying party must then refuse, never assume good. */
  OcspCheckFailed: { code: 'ERR_OCSP_CHECK_FAILED', status: 502, message: 'The certificate status could not be established.' },
  /** A responder set up to sign for a certificate it may not sign for (RFC 6960 §4.2.2.2). */
  OcspResponderInvalid: { code: 'ERR_OCSP_RESPONDER_INVALID', status: 500, message: 'The OCSP responder is set up wrongly.' },
  OcspResponderNotForOcsp: {
    code: 'ERR_OCSP_RESPONDER_NOT_FOR_OCSP', status: 500, parent: 'OcspResponderInvalid', message: 'The responder certificate lacks extended key usage id-kp-OCSPSigning.',
  },
  OcspResponderNotIssued: {
    code: 'ERR_OCSP_RESPONDER_NOT_ISSUED', status: 500, parent: 'OcspResponderInvalid', message: 'The responder certificate is not issued by any of the configured issuers.',
  },
  OcspResponderKeyMismatch: { code: 'ERR_OCSP_RESPONDER_KEY_MISMATCH', status: 500, parent: 'OcspResponderInvalid', message: (curve: string) => `The responder certificate key is not an EC ${curve} key.` },
  OcspIssuerUnknown: { code: 'ERR_OCSP_ISSUER_UNKNOWN', status: 500, message: (keyHashHex: string) => `No issuer with SHA-1 key hash ${keyHashHex}.` },
  // the trust services reached over the wire by another organisation's service
  /** The CA certificates published do not match the pinned root, or do not chain to it: nothing is trusted. */
  TrustAnchorsRefused: { code: 'ERR_TRUST_ANCHORS_REFUSED', status: 502, message: (reason: string) => `The trust services' CA certificates are refused: ${reason}.` },
  /** The trust services did not certify the key, or answered with a certificate that is not for it. */
  EnrolmentRefused: { code: 'ERR_ENROLMENT_REFUSED', status: 502, message: (reason: string) => `The certificate enrolment failed: ${reason}.` },
  // time-stamping unit (RFC 3161)
  /** A TSA set up in a way that would issue tokens nobody can or should accept. */
  TsaInvalid: { code: 'ERR_TSA_INVALID', status: 500, message: 'The time-stamping unit is set up wrongly.' },
  TsaPolicyInvalid: { code: 'ERR_TSA_POLICY_INVALID', status: 500, parent: 'TsaInvalid', message: (policy: string) => `The TSA policy must be an OID, got ${JSON.stringify(policy)}.` },
  /** RFC 3161 §2.3: exactly one, critical, extended key usage of id-kp-timeStamping. */
  TsaCertificateUsage: { code: 'ERR_TSA_CERTIFICATE_USAGE', status: 500, parent: 'TsaInvalid', message: 'The TSA certificate needs one critical extended key usage of only id-kp-timeStamping.' },
  TsaKeyMismatch: { code: 'ERR_TSA_KEY_MISMATCH', status: 500, parent: 'TsaInvalid', message: 'The TSA certificate key is not the signer\'s.' },
  TsaAccuracyInvalid: {
    code: 'ERR_TSA_ACCURACY_INVALID', status: 500, parent: 'TsaInvalid', message: 'Accuracy: seconds must be a non-negative integer, millis and micros integers in 1..999.',
  },
  TsaSerialInvalid: { code: 'ERR_TSA_SERIAL_INVALID', status: 500, parent: 'TsaInvalid', message: 'serialNumbers() must return a positive bigint of at most 160 bits.' },
  TsaClockInvalid: { code: 'ERR_TSA_CLOCK_INVALID', status: 500, parent: 'TsaInvalid', message: 'The clock returned an invalid date.' },
  // encodings
  /** A certificate whose DER does not survive a re-encoding would arrive with a broken signature. */
  CertificateNotCanonical: { code: 'ERR_CERTIFICATE_NOT_CANONICAL', status: 500, message: 'The certificate is not in canonical DER.' },
  SignatureMalformed: { code: 'ERR_SIGNATURE_MALFORMED', status: 500, message: 'The ECDSA signature cannot be converted.' },
  DerInputInvalid: { code: 'ERR_DER_INPUT_INVALID', status: 500, message: 'The value cannot be DER-encoded this way.' },
  /** A programming or configuration mistake in options handed to the trust services. */
  OptionInvalid: { code: 'ERR_TRUST_OPTION_INVALID', status: 500, message: 'An option has an invalid value.' },
  /** The demo's card-less citizen sign-in would let anyone be anyone: never in production. */
  DemoSignInInProduction: { code: 'ERR_DEMO_SIGN_IN_IN_PRODUCTION', status: 500, message: 'The demo citizen sign-in is for development only and is refused in production.' },
});

export const {
  CaError, KeyEncryptionKeyWrong, KeyEncryptionKeyInvalid, KeyNotFound, KeyLabelTaken, KeyLabelInvalid, KeyRecordInvalid, CaHierarchyExists,
  CertificateInputInvalid, SignerUnsupported,
  CardError, PinWrong, PinBlocked, PukBlocked, SecurityStatusNotSatisfied, ConditionsNotSatisfied, PinFormat, PinEnvelopeUnreadable,
  CardAlreadyOrdered, CardNotFound, IdentificationCodeUnavailable, IdentificationCodeInputInvalid,
  OcspCheckFailed, OcspResponderInvalid, OcspResponderNotForOcsp, OcspResponderNotIssued, OcspResponderKeyMismatch, OcspIssuerUnknown,
  TrustAnchorsRefused, EnrolmentRefused,
  TsaInvalid, TsaPolicyInvalid, TsaCertificateUsage, TsaKeyMismatch, TsaAccuracyInvalid, TsaSerialInvalid, TsaClockInvalid,
  CertificateNotCanonical, SignatureMalformed, DerInputInvalid, OptionInvalid, DemoSignInInProduction,
} = trustErrors;
