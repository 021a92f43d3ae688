// SPDX-License-Identifier: Apache-2.0
import { compactDecrypt, decodeProtectedHeader, importJWK, type JWK } from 'jose';
import { refuse } from '../verifier-errors.ts';
import { RESPONSE_ENC_VALUES, type ResponseMode } from './request-object.ts';

export interface WalletResponse {
  vpToken: unknown;
  state: unknown;
}

/**
 * The fields of a direct_post(.jwt) body (OpenID4VP 1.0 §8.2, §8.3). A request made for
 * direct_post.jwt accepts only the encrypted form: a JWE for this request's key (its kid when one
 * is named, ECDH-ES, an offered enc), whose plaintext holds vp_token and state.
 */
export async function readWalletResponse(body: Record<string, unknown>, mode: ResponseMode, privateKey: JWK | null): Promise<WalletResponse> {
  if (mode === 'direct_post') {
    if (body.response !== undefined) return refuse('ERR_RESPONSE_MALFORMED', 'This request expects a direct_post response.');
    return { vpToken: body.vp_token, state: body.state };
  }
  if (typeof body.response !== 'string') return refuse('ERR_RESPONSE_UNENCRYPTED');
  if (!privateKey) return refuse('ERR_RESPONSE_DECRYPTION_FAILED');
  let plaintext: Uint8Array;
  try {
    const header = decodeProtectedHeader(body.response);
    if (header.kid !== undefined && header.kid !== privateKey.kid) return refuse('ERR_RESPONSE_DECRYPTION_FAILED', 'The response is encrypted to another key.');
    const key = await importJWK(privateKey, 'ECDH-ES');
    ({ plaintext } = await compactDecrypt(body.response, key, { keyManagementAlgorithms: ['ECDH-ES'], contentEncryptionAlgorithms: RESPONSE_ENC_VALUES }));
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_RESPONSE_DECRYPTION_FAILED') throw e;
    return refuse('ERR_RESPONSE_DECRYPTION_FAILED');
  }
  let inner: unknown;
  try {
    inner = JSON.parse(new TextDecoder().decode(plaintext));
  } catch {
    return refuse('ERR_RESPONSE_MALFORMED');
  }
  if (!inner || typeof inner !== 'object') return refuse('ERR_RESPONSE_MALFORMED');
  const { vp_token, state } = inner as Record<string, unknown>;
  return { vpToken: vp_token, state };
}
