// SPDX-License-Identifier: Apache-2.0
import 'reflect-metadata';
import { CertificatePolicyExtension, type X509Certificate } from '@peculiar/x509';
import { TESSERA_POLICY } from '../ca/policy-oids.ts';
import { isValidIdentificationCode } from '../domain/identification-code.ts';
import { sameBytes } from '../ocsp/issuer-identity.ts';

/** ETSI EN 319 412-1 §5.1.3 semantics identifiers a card authentication certificate may carry. */
const PERSON_CODE = /^PNOEE-(\d{11})$/;
const IDENTITY_CARD = /^IDCEE-([A-Z]{1,2}\d{7})$/;

export type CardIdentifier = { type: 'PNO'; value: string } | { type: 'IDC'; value: string };

/**
 * What makes a certificate a card's authentication certificate, beyond chaining to the root and
 * clientAuth (which the exchange gateways' TLS certificates also have): issued by the card
 * authentication CA itself, under its policy, naming one person by an exact PNOEE- (valid
 * personal code) or IDCEE- (identity card number) identifier. Anything else is refused.
 */
export function checkCardAuthentication(certificate: X509Certificate, issuer: X509Certificate, cardAuthIssuers: readonly X509Certificate[] | undefined): { ok: true; identifier: CardIdentifier } | { ok: false; reason: string } {
  const fromCardCa = (cardAuthIssuers ?? []).some((ca) => sameBytes(new Uint8Array(ca.rawData), new Uint8Array(issuer.rawData)));
  if (!fromCardCa) return { ok: false, reason: 'The certificate was not issued by the card authentication CA.' };
  const policies = certificate.getExtension(CertificatePolicyExtension)?.policies ?? [];
  if (!policies.includes(TESSERA_POLICY.cardAuthentication)) return { ok: false, reason: 'The certificate is not under the card authentication policy.' };
  const serials = certificate.subjectName.getField('2.5.4.5');
  if (serials.length !== 1) return { ok: false, reason: 'The certificate does not name exactly one person.' };
  const serial = serials[0]!;
  const person = PERSON_CODE.exec(serial);
  if (person && isValidIdentificationCode(person[1]!)) return { ok: true, identifier: { type: 'PNO', value: person[1]! } };
  const card = IDENTITY_CARD.exec(serial);
  if (card) return { ok: true, identifier: { type: 'IDC', value: card[1]! } };
  return { ok: false, reason: 'The certificate carries no PNOEE- or IDCEE- identifier.' };
}
