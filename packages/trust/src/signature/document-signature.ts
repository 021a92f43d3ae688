// SPDX-License-Identifier: Apache-2.0
import 'reflect-metadata';
import { KeyUsageFlags, KeyUsagesExtension, X509Certificate } from '@peculiar/x509';
import { base64url, flattenedVerify } from 'jose';
import type { CardChip } from '../card/card-chip.ts';
import { checkOcsp, type OcspCheck } from '../ocsp/ocsp-client.ts';
import { cardHolderOf, type CardHolder } from './card-holder.ts';
import { verifyCertificatePath, type TrustAnchors } from './certificate-path.ts';

/**
 * Signs a document with the card's qualified-signature key as a detached JWS (RFC 7515
 * Appendix F; header in the style of ETSI JAdES: x5c with the signing certificate, sigT the
 * claimed signing time). The chip computes the ECDSA P-384 signature after PIN2, as for any
 * signature; the document itself never goes to the card, only the JWS signing input.
 */
export async function signDocument(chip: CardChip, pin2: string, document: Uint8Array, signedAt: Date): Promise<string> {
  const certificate = chip.readCertificate('signing');
  const header = base64url.encode(JSON.stringify({ alg: 'ES384', x5c: [Buffer.from(certificate).toString('base64')], sigT: signedAt.toISOString().replace(/\.\d{3}Z$/, 'Z') }));
  chip.verifyPin('PIN2', pin2);
  const signature = await chip.sign(new TextEncoder().encode(`${header}.${base64url.encode(document)}`));
  return `${header}..${base64url.encode(signature)}`;
}

export type SignatureVerification =
  | { ok: true; signer: CardHolder; signedAt: Date; status: OcspCheck }
  | { ok: false; reason: string };

/**
 * What any relying party does with such a signature: the signature over the document, the
 * certificate's non-repudiation key usage, its path to a trusted root, and its status now
 * from the OCSP responder it names. A suspended or revoked certificate fails.
 */
export async function verifyDocumentSignature(jws: string, document: Uint8Array, o: { anchors: TrustAnchors; fetch: typeof fetch; now: Date }): Promise<SignatureVerification> {
  const [protectedHeader, payload, signature] = jws.split('.');
  if (protectedHeader === undefined || payload !== '' || signature === undefined) return { ok: false, reason: 'Not a detached JWS.' };
  let header: { alg?: string; x5c?: string[]; sigT?: string };
  try {
    header = JSON.parse(new TextDecoder().decode(base64url.decode(protectedHeader))) as typeof header;
  } catch {
    return { ok: false, reason: 'The JWS header is not JSON.' };
  }
  if (header.alg !== 'ES384' || !header.x5c?.[0]) return { ok: false, reason: 'The signature must be ES384 with the signing certificate in x5c.' };
  const certificate = new X509Certificate(Buffer.from(header.x5c[0], 'base64'));
  const usage = certificate.getExtension(KeyUsagesExtension);
  if (!usage || !(usage.usages & KeyUsageFlags.nonRepudiation)) return { ok: false, reason: 'The certificate is not for signatures (no nonRepudiation).' };
  try {
    await flattenedVerify({ protected: protectedHeader, payload: base64url.encode(document), signature }, await certificate.publicKey.export());
  } catch {
    return { ok: false, reason: 'The signature does not match the document.' };
  }
  const path = await verifyCertificatePath(certificate, o.anchors, o.now);
  if (!path.ok) return path;
  const status = await checkOcsp(certificate, path.issuer, { fetch: o.fetch, now: o.now });
  if (status.status !== 'good') return { ok: false, reason: `The signing certificate is ${status.status}${status.reason ? ` (${status.reason})` : ''}.` };
  return { ok: true, signer: cardHolderOf(certificate), signedAt: new Date(header.sigT ?? o.now), status };
}
