// SPDX-License-Identifier: Apache-2.0

/** What a verified sign-in presentation says about the credential shown: enough to find it in the issuer's own records. */
export interface PresentedCredential {
  vct: string;
  /** The claims the holder disclosed (only those the query asked for). */
  claims: Record<string, unknown>;
  /** Its Token Status List entry, which names one credential this issuer issued. */
  status: { idx: number; uri: string };
}

export type SignInOutcome = { ok: true; credential: PresentedCredential } | { ok: false; code: string; message: string };

/**
 * Sign-in with a credential already in the wallet, by OpenID for Verifiable Presentations 1.0:
 * the issuer acts as a verifier. The port is implemented by the verifier package
 * (`credentialSignIn` in @tessera/verifier), which this package cannot depend on (it depends on us).
 */
export interface PresentationSignIn {
  /** The verifier's full client_id (with its prefix), what the key binding JWT's aud must be. */
  clientId(): Promise<string>;
  /** The signed request object (JAR) for one pending authorization, answered by direct_post to `responseUri`. */
  requestObject(r: { nonce: string; state: string; responseUri: string; issuedAt: Date; expiresAt: Date }): Promise<string>;
  /**
   * Verifies the wallet's direct_post body against the request's nonce and state: signatures,
   * trusted issuer, validity, key binding (nonce, aud, sd_hash) and status; never throws for a
   * presentation it refuses, it says why.
   */
  verify(body: Record<string, unknown>, r: { nonce: string; state: string }): Promise<SignInOutcome>;
}
