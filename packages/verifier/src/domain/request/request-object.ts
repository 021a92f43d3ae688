// SPDX-License-Identifier: Apache-2.0
import type { JWK } from 'jose';
import type { DcqlQuery } from '../dcql/dcql-query.ts';

export type ResponseMode = 'direct_post' | 'direct_post.jwt';
export const RESPONSE_MODES: readonly ResponseMode[] = ['direct_post', 'direct_post.jwt'];
/** Content encryption a wallet may choose for direct_post.jwt (OpenID4VP 1.0 §8.3). */
export const RESPONSE_ENC_VALUES = ['A128GCM', 'A256GCM'];

/** Who asks and why, as registered: carried signed in the request so the wallet can show it. */
export interface RegistrationInfo {
  relyingParty: string;
  name: Record<string, string>;
  purpose: Record<string, string>;
}

export interface RequestObjectInput {
  clientId: string;
  responseUri: string;
  responseMode: ResponseMode;
  nonce: string;
  state: string;
  dcqlQuery: DcqlQuery;
  /** The request's own public key for direct_post.jwt (ECDH-ES, with its kid). */
  encryptionKey: JWK | null;
  registration: RegistrationInfo;
  issuedAt: Date;
  expiresAt: Date;
  /** Echoed when the wallet fetched the request with POST and sent one (§5.10.1). */
  walletNonce?: string;
}

/**
 * The payload of a signed authorization request (OpenID4VP 1.0 §5, JAR RFC 9101): vp_token with
 * a DCQL query, answered by direct_post(.jwt) to `responseUri`. `aud` is the static
 * self-issued value (§5.8) since any wallet may fetch it. The registration travels as
 * `verifier_info` (§5.1) so the wallet shows the registered name and purpose, signed with the
 * request.
 */
export function requestObjectPayload(input: RequestObjectInput): Record<string, unknown> {
  const clientMetadata: Record<string, unknown> = {
    client_name: input.registration.name.en,
    // Appendix B.2.2 / B.3.3: COSE algorithm -7 is ES256.
    vp_formats_supported: { 'dc+sd-jwt': { 'sd-jwt_alg_values': ['ES256'], 'kb-jwt_alg_values': ['ES256'] }, mso_mdoc: { issuerauth_alg_values: [-7], deviceauth_alg_values: [-7] } },
  };
  if (input.encryptionKey) {
    clientMetadata.jwks = { keys: [input.encryptionKey] };
    clientMetadata.encrypted_response_enc_values_supported = RESPONSE_ENC_VALUES;
  }
  return {
    iss: input.clientId,
    aud: 'https://self-issued.me/v2',
    client_id: input.clientId,
    response_type: 'vp_token',
    response_mode: input.responseMode,
    response_uri: input.responseUri,
    nonce: input.nonce,
    state: input.state,
    dcql_query: input.dcqlQuery,
    client_metadata: clientMetadata,
    verifier_info: [{ format: 'tessera_registration', data: { relying_party: input.registration.relyingParty, name: input.registration.name, purpose: input.registration.purpose } }],
    iat: Math.floor(input.issuedAt.getTime() / 1000),
    exp: Math.floor(input.expiresAt.getTime() / 1000),
    ...(input.walletNonce ? { wallet_nonce: input.walletNonce } : {}),
  };
}

/** A compact JWS of the request object, `typ` oauth-authz-req+jwt, the certificate chain in x5c. */
export async function signRequestObject(payload: Record<string, unknown>, signer: { x5c: string[]; sign(data: Uint8Array): Promise<Uint8Array> }): Promise<string> {
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const input = `${b64({ alg: 'ES256', typ: 'oauth-authz-req+jwt', x5c: signer.x5c })}.${b64(payload)}`;
  return `${input}.${Buffer.from(await signer.sign(new TextEncoder().encode(input))).toString('base64url')}`;
}
