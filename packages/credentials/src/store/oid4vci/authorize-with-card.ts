// SPDX-License-Identifier: Apache-2.0
import 'reflect-metadata';
import { X509Certificate } from '@peculiar/x509';
import { verifyWebEidToken, type WebEidToken } from '@tessera/trust';
import { ProtocolError } from '../../domain/oid4vci/oid4vci-errors.ts';
import { authorizeHolder } from './authorize-holder.ts';
import type { Authorization } from './find-authorization.ts';
import type { Oid4vciDeps } from './oid4vci-deps.ts';

/** How a certificate serial names the card as a source document (the status source's key). */
export const documentRefOf = (certificate: X509Certificate): string => certificate.serialNumber.toLowerCase().replace(/^0+/, '');

/**
 * The holder proves who they are with their ID card, by the same Web eID protocol as the
 * citizen portal's sign-in: the card signs this issuer's origin and the authorization's one-time
 * challenge after PIN1; the token is checked (signature, card authentication certificate, path
 * to the Tessera root, OCSP good now) before anything is recorded. The authentication
 * certificate becomes the source document the credentials follow.
 */
export async function authorizeWithCard(deps: Oid4vciDeps, authorization: Authorization, token: WebEidToken): Promise<{ redirectTo: string }> {
  if (!deps.cardSignIn) throw new ProtocolError('access_denied', 'ID-card sign-in is not configured at this issuer.', { status: 403 });
  const result = await verifyWebEidToken(token, {
    origin: new URL(deps.issuerUrl).origin, nonce: authorization.challenge, anchors: await deps.cardSignIn.anchors(), fetch: deps.cardSignIn.fetch, now: deps.clock.now(),
  });
  if (!result.ok) throw new ProtocolError('access_denied', `ID-card sign-in refused: ${result.reason}`, { status: 401 });
  const certificate = new X509Certificate(Buffer.from(token.unverifiedCertificate, 'base64'));
  return authorizeHolder(deps, authorization, { code: result.holder.identificationCode, documentRef: documentRefOf(certificate), method: 'id-card' });
}
