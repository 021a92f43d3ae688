// SPDX-License-Identifier: Apache-2.0
import { randomUUID } from 'node:crypto';
import QRCode from 'qrcode';
import { appendEvent, ValidationFailed } from '@tessera/platform';
import { parseConfigurationId } from '../../domain/issuer/configuration-id.ts';
import { activeTypes } from '../types/find-types.ts';
import { offers } from '../schema.ts';
import { hashSecret } from './hash-secret.ts';
import { sealOffer } from './sealed-offer.ts';
import type { Oid4vciDeps } from './oid4vci-deps.ts';

export const PRE_AUTHORIZED_GRANT = 'urn:ietf:params:oauth:grant-type:pre-authorized_code';
export const AUTHORIZATION_CODE_GRANT = 'authorization_code';
/** Where offers are served by reference: `${issuerUrl}${OFFER_PATH}/<id>`. */
export const OFFER_PATH = '/credential-offers';
const TX_CODE_LENGTH = 6;

/** The grants an offer can carry (OpenID4VCI 1.0 §4.1.1): the pre-authorized code, the authorization code with issuer_state, or both. */
export const OFFER_GRANTS = ['pre-authorized_code', 'authorization_code'] as const;
export type OfferGrant = (typeof OFFER_GRANTS)[number];

export interface OfferRequest {
  /** The holder's identification code, established by the issuing desk (ID card sign-in). */
  holder: string;
  /** Serial of the card authentication certificate the holder signed in with. */
  documentRef: string | null;
  configurationIds: string[];
  /** Default: the pre-authorized code alone. */
  grants?: readonly OfferGrant[];
}

export interface CreatedOffer {
  /** The credential offer object (OpenID4VCI 1.0 §4.1.1). */
  offer: Record<string, unknown>;
  /** `openid-credential-offer://?credential_offer=…`, the offer by value. */
  link: string;
  /** Where the issuer serves the offer by reference (OpenID4VCI 1.0 §4.1.3), at an unguessable address. */
  offerUri: string;
  /** `openid-credential-offer://?credential_offer_uri=…`, the offer by reference: short, so its QR code scans easily. */
  referenceLink: string;
  /** The link by reference as an SVG QR code, for a wallet on another device. */
  qrSvg: string;
  /** Given to the holder by another channel (shown on the sign-in page, sent by SMS); null without the pre-authorized grant. */
  txCode: string | null;
  expiresAt: Date;
}

/**
 * Creates a credential offer for a holder whose identity the desk checked. With the
 * pre-authorized grant the code travels in the offer, the transaction code by another channel;
 * with the authorization code grant the offer carries an unguessable issuer_state, which the
 * wallet's authorization request presents and which only this holder's sign-in can use (see
 * pushAuthorizationRequest, authorizeHolder). All are stored hashed; the offer is used once, by
 * either grant. The offer is also served by reference at an unguessable address (offerUri,
 * kept sealed: sealOffer), which the QR code carries. Only active types in formats issued here
 * can be offered.
 */
export async function createOffer(deps: Pick<Oid4vciDeps, 'db' | 'clock' | 'issuerUrl' | 'offerMinutes' | 'randomBytes'>, request: OfferRequest, actor: string): Promise<CreatedOffer> {
  const active = new Map((await activeTypes(deps.db)).map((t) => [t.id, t]));
  const issues = request.configurationIds.flatMap((id, i) => {
    const parsed = parseConfigurationId(id);
    const type = parsed && active.get(parsed.typeId);
    return type && type.formats.includes(parsed.format) ? [] : [{ code: 'unknown_configuration', path: `/configurationIds/${i}`, message: `${id} is not a credential configuration this issuer offers.` }];
  });
  if (request.configurationIds.length === 0) issues.push({ code: 'no_configuration', path: '/configurationIds', message: 'Offer at least one credential.' });
  const grants = request.grants ?? ['pre-authorized_code'];
  if (grants.length === 0 || new Set(grants).size !== grants.length || !grants.every((g) => (OFFER_GRANTS as readonly string[]).includes(g))) {
    issues.push({ code: 'grants', path: '/grants', message: `Offer one or both of the grants ${OFFER_GRANTS.join(' and ')}, each once.` });
  }
  if (issues.length) throw new ValidationFailed(issues);

  const random = () => Buffer.from(deps.randomBytes(32)).toString('base64url');
  const code = grants.includes('pre-authorized_code') ? random() : null;
  const txCode = code ? Array.from(deps.randomBytes(TX_CODE_LENGTH), (b) => String(b % 10)).join('') : null;
  const issuerState = grants.includes('authorization_code') ? random() : null;
  const reference = random();
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + deps.offerMinutes * 60_000);
  const id = randomUUID();
  const offer = {
    credential_issuer: deps.issuerUrl,
    credential_configuration_ids: request.configurationIds,
    grants: {
      ...(code ? { [PRE_AUTHORIZED_GRANT]: { 'pre-authorized_code': code, tx_code: { input_mode: 'numeric', length: TX_CODE_LENGTH, description: 'Enter the code shown after you signed in with your ID card.' } } } : {}),
      ...(issuerState ? { [AUTHORIZATION_CODE_GRANT]: { issuer_state: issuerState } } : {}),
    },
  };
  await deps.db.transaction(async (tx) => {
    await tx.insert(offers).values({
      id, codeHash: code ? hashSecret(code) : null, txCodeHash: code ? hashSecret(`${code}:${txCode}`) : null, issuerStateHash: issuerState ? hashSecret(issuerState) : null,
      referenceHash: hashSecret(reference), sealedOffer: sealOffer(reference, offer),
      holder: request.holder, documentRef: request.documentRef, configurationIds: request.configurationIds, createdAt: now, expiresAt,
    });
    await appendEvent(tx, { context: 'credentials', type: 'credential_offer.created', subject: id, actor, at: now, data: { configurations: request.configurationIds, grants: [...grants] } });
  });
  const link = `openid-credential-offer://?credential_offer=${encodeURIComponent(JSON.stringify(offer))}`;
  const offerUri = `${deps.issuerUrl}${OFFER_PATH}/${reference}`;
  const referenceLink = `openid-credential-offer://?credential_offer_uri=${encodeURIComponent(offerUri)}`;
  return { offer, link, offerUri, referenceLink, qrSvg: await QRCode.toString(referenceLink, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }), txCode, expiresAt };
}
