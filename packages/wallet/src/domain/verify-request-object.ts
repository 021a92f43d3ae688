// SPDX-License-Identifier: Apache-2.0
import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { X509Certificate } from '@peculiar/x509';
import { compactVerify, decodeProtectedHeader } from 'jose';
import { validateCertificatePath, type TrustAnchors } from '@tessera/trust';
import { RequestNotTrusted } from './wallet-errors.ts';

export interface VerifiedRequest {
  payload: Record<string, unknown>;
  /** The signing certificate's subject: who the trust services certified. */
  signer: string;
}

/**
 * Checks a signed OpenID4VP request object before the wallet shows anything of it (OpenID4VP
 * 1.0 §5.9.3, x509_hash): `typ` oauth-authz-req+jwt, ES256, an x5c chain to a Tessera root,
 * client_id equal to `x509_hash:` + the leaf's SHA-256 and to the client_id of the link, the
 * signature by that leaf, and not expired. A request failing any of these is refused: the
 * consent screen would otherwise show a name nobody vouched for.
 */
export async function verifyRequestObject(jwt: string, expectedClientId: string, anchors: TrustAnchors, now: Date): Promise<VerifiedRequest> {
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(jwt);
  } catch {
    throw new RequestNotTrusted('The request is not a signed request object.');
  }
  if (header.typ !== 'oauth-authz-req+jwt' || header.alg !== 'ES256') throw new RequestNotTrusted('The request object has the wrong type or algorithm.');
  if (!Array.isArray(header.x5c) || header.x5c.length === 0) throw new RequestNotTrusted('The request object carries no certificate.');
  let chain: X509Certificate[];
  try {
    chain = header.x5c.map((c) => new X509Certificate(new Uint8Array(Buffer.from(c, 'base64'))));
  } catch {
    throw new RequestNotTrusted('The request object’s certificate cannot be read.');
  }
  const [leaf, ...rest] = chain as [X509Certificate, ...X509Certificate[]];
  const path = validateCertificatePath(leaf, anchors, { at: now, untrusted: rest });
  if (!path.ok) throw new RequestNotTrusted('The request is not signed by a certified relying party.');
  const clientId = `x509_hash:${createHash('sha256').update(new Uint8Array(leaf.rawData)).digest('base64url')}`;
  if (clientId !== expectedClientId) throw new RequestNotTrusted('The request’s client_id is not its signer’s.');
  let payload: Record<string, unknown>;
  try {
    payload = JSON.parse(new TextDecoder().decode((await compactVerify(jwt, path.publicKey, { algorithms: ['ES256'] })).payload));
  } catch {
    throw new RequestNotTrusted('The request object’s signature is invalid.');
  }
  if (payload.client_id !== clientId) throw new RequestNotTrusted('The request’s client_id is not its signer’s.');
  if (typeof payload.exp !== 'number' || payload.exp * 1000 <= now.getTime()) throw new RequestNotTrusted('The request has expired.');
  if (payload.response_type !== 'vp_token' || typeof payload.response_uri !== 'string' || typeof payload.nonce !== 'string') throw new RequestNotTrusted('The request is not an OpenID4VP request for a vp_token.');
  return { payload, signer: leaf.subject };
}
