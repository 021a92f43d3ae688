// SPDX-License-Identifier: Apache-2.0
import { TesseraError } from '@tessera/platform';

/**
 * An error of the issuance protocol, answered in the protocol's own format
 * (`{ error, error_description }`, RFC 6749 §5.2, OpenID4VCI 1.0 §8.3.1.2) rather than as a
 * problem document, because that is what wallets parse. The description always says what failed.
 */
export class ProtocolError extends TesseraError {
  static override code = 'ERR_OID4VCI';
  override code = ProtocolError.code;
  /** The protocol's error code, e.g. `invalid_proof`. */
  readonly error: string;
  /** Extra response headers (WWW-Authenticate, DPoP-Nonce). */
  readonly headers: Record<string, string>;
  constructor(error: string, description: string, options: { status?: number; headers?: Record<string, string> } = {}) {
    super(description);
    this.error = error;
    this.status = options.status ?? 400;
    this.headers = options.headers ?? {};
    this.code = `ERR_OID4VCI_${error.toUpperCase()}`;
  }
}

export const invalidRequest = (d: string) => new ProtocolError('invalid_request', d);
export const invalidGrant = (d: string) => new ProtocolError('invalid_grant', d);
export const invalidProof = (d: string) => new ProtocolError('invalid_proof', d);
export const invalidNonce = (d: string) => new ProtocolError('invalid_nonce', d);
export const invalidCredentialRequest = (d: string) => new ProtocolError('invalid_credential_request', d);
export const unknownConfiguration = (d: string) => new ProtocolError('unknown_credential_configuration', d);
export const unknownIdentifier = (d: string) => new ProtocolError('unknown_credential_identifier', d);
export const credentialRequestDenied = (d: string) => new ProtocolError('credential_request_denied', d);
export const invalidDpopProof = (d: string) => new ProtocolError('invalid_dpop_proof', d);

/** RFC 6750 §3 / RFC 9449 §7.1: a resource request without a usable token, with the DPoP challenge. */
export function invalidToken(description: string): ProtocolError {
  return new ProtocolError('invalid_token', description, { status: 401, headers: { 'www-authenticate': `DPoP error="invalid_token", error_description="${description.replace(/"/g, "'")}", algs="ES256"` } });
}

/** RFC 9449 §8 / §9: the client must retry with this server-provided nonce. */
export function useDpopNonce(nonce: string, at: 'token' | 'resource'): ProtocolError {
  const description = 'Resubmit the request with the DPoP nonce in the DPoP-Nonce header.';
  return at === 'token'
    ? new ProtocolError('use_dpop_nonce', description, { status: 400, headers: { 'dpop-nonce': nonce } })
    : new ProtocolError('use_dpop_nonce', description, { status: 401, headers: { 'dpop-nonce': nonce, 'www-authenticate': `DPoP error="use_dpop_nonce", error_description="${description}", algs="ES256"` } });
}
