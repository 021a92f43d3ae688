// SPDX-License-Identifier: Apache-2.0
import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { ExtendedKeyUsageExtension, X509Certificate } from '@peculiar/x509';
import Type, { type Static } from 'typebox';
import type { CardChip } from '../card/card-chip.ts';
import { checkOcsp } from '../ocsp/ocsp-client.ts';
import { checkCardAuthentication } from './card-authentication-certificate.ts';
import { cardHolderOf, type CardHolder } from './card-holder.ts';
import { verifyCertificatePath, type TrustAnchors } from './certificate-path.ts';

/** The Web eID authentication token (format web-eid:1.0), as the browser extension sends it; the schema of every route that takes one. */
export const WebEidToken = Type.Object({
  unverifiedCertificate: Type.String({ maxLength: 8192 }),
  algorithm: Type.Literal('ES384'),
  signature: Type.String({ maxLength: 512 }),
  format: Type.Literal('web-eid:1.0'),
  appVersion: Type.Optional(Type.String({ maxLength: 200 })),
}, { additionalProperties: false });
export type WebEidToken = Static<typeof WebEidToken>;

const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

/** Web eID signs hash(origin) ‖ hash(nonce), so a token is bound to one site and one challenge. */
function signedValue(origin: string, nonce: string): Uint8Array<ArrayBuffer> {
  const h = (s: string) => createHash('sha384').update(s, 'utf8').digest();
  return new Uint8Array(Buffer.concat([h(origin), h(nonce)]));
}

/** The card side (what the Web eID extension does with the reader): PIN1, then INTERNAL AUTHENTICATE. */
export async function createWebEidToken(chip: CardChip, pin1: string, origin: string, nonce: string): Promise<WebEidToken> {
  chip.verifyPin('PIN1', pin1);
  const signature = await chip.authenticate(signedValue(origin, nonce));
  return {
    unverifiedCertificate: Buffer.from(chip.readCertificate('authentication')).toString('base64'),
    algorithm: 'ES384',
    signature: Buffer.from(signature).toString('base64'),
    format: 'web-eid:1.0',
    appVersion: 'https://tessera.example/card-emulator/1.0',
  };
}

export type CardAuthentication = { ok: true; holder: CardHolder } | { ok: false; reason: string };

/**
 * The site's side (as the web-eid-authtoken-validation libraries do): the signature over this
 * origin and this nonce, the certificate's clientAuth purpose, its path to a trusted root, that it
 * is a card authentication certificate (issuing CA, policy, PNOEE- identifier), and OCSP "good"
 * right now. Anything else refuses the sign-in.
 */
export async function verifyWebEidToken(token: WebEidToken, o: { origin: string; nonce: string; anchors: TrustAnchors; fetch: typeof fetch; now: Date }): Promise<CardAuthentication> {
  if (token.format !== 'web-eid:1.0' || token.algorithm !== 'ES384') return { ok: false, reason: 'Unsupported token format or algorithm.' };
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(Buffer.from(token.unverifiedCertificate, 'base64'));
  } catch {
    return { ok: false, reason: 'The token carries no readable certificate.' };
  }
  if (!certificate.getExtension(ExtendedKeyUsageExtension)?.usages.includes(CLIENT_AUTH)) return { ok: false, reason: 'The certificate is not for authentication (no clientAuth).' };
  const valid = await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-384' }, await certificate.publicKey.export(), new Uint8Array(Buffer.from(token.signature, 'base64')), signedValue(o.origin, o.nonce));
  if (!valid) return { ok: false, reason: 'The signature is not over this site and challenge.' };
  const path = await verifyCertificatePath(certificate, o.anchors, o.now);
  if (!path.ok) return path;
  const card = checkCardAuthentication(certificate, path.issuer, o.anchors.cardAuthentication);
  if (!card.ok) return card;
  if (card.identifier.type !== 'PNO') return { ok: false, reason: 'Sign-in needs a certificate with a personal identification code (PNOEE-).' };
  const status = await checkOcsp(certificate, path.issuer, { fetch: o.fetch, now: o.now });
  if (status.status !== 'good') return { ok: false, reason: `The card's certificate is ${status.status}${status.reason ? ` (${status.reason})` : ''}.` };
  return { ok: true, holder: { ...cardHolderOf(certificate), identificationCode: card.identifier.value } };
}
