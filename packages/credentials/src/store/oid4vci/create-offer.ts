// SPDX-License-Identifier: Apache-2.0
import { randomUUID } from 'node:crypto';
import QRCode from 'qrcode';
import { appendEvent, ValidationFailed } from '@tessera/platform';
import { parseConfigurationId } from '../../domain/issuer/configuration-id.ts';
import { activeTypes } from '../types/find-types.ts';
import { offers } from '../schema.ts';
import { hashSecret } from './hash-secret.ts';
import type { Oid4vciDeps } from './oid4vci-deps.ts';

export const PRE_AUTHORIZED_GRANT = 'urn:ietf:params:oauth:grant-type:pre-authorized_code';
const TX_CODE_LENGTH = 6;

export interface OfferRequest {
  /** The holder's identification code, established by the issuing desk (ID card sign-in). */
  holder: string;
  /** Serial of the card authentication certificate the holder signed in with. */
  documentRef: string | null;
  configurationIds: string[];
}

export interface CreatedOffer {
  /** The credential offer object (OpenID4VCI 1.0 §4.1.1). */
  offer: Record<string, unknown>;
  /** `openid-credential-offer://?credential_offer=…`, to open on the phone or encode as QR. */
  link: string;
  /** The same link as an SVG QR code, for a wallet on another device. */
  qrSvg: string;
  /** Given to the holder by another channel (shown on the sign-in page, sent by SMS). */
  txCode: string;
  expiresAt: Date;
}

/**
 * Creates a pre-authorized credential offer for a holder whose identity the desk checked. The
 * pre-authorized code travels in the offer, the transaction code by another channel; both are
 * stored hashed. Only active types in formats issued here can be offered.
 */
export async function createOffer(deps: Pick<Oid4vciDeps, 'db' | 'clock' | 'issuerUrl' | 'offerMinutes' | 'randomBytes'>, request: OfferRequest, actor: string): Promise<CreatedOffer> {
  const active = new Map((await activeTypes(deps.db)).map((t) => [t.id, t]));
  const issues = request.configurationIds.flatMap((id, i) => {
    const parsed = parseConfigurationId(id);
    const type = parsed && active.get(parsed.typeId);
    return type && type.formats.includes(parsed.format) ? [] : [{ code: 'unknown_configuration', path: `/configurationIds/${i}`, message: `${id} is not a credential configuration this issuer offers.` }];
  });
  if (request.configurationIds.length === 0) issues.push({ code: 'no_configuration', path: '/configurationIds', message: 'Offer at least one credential.' });
  if (issues.length) throw new ValidationFailed(issues);

  const code = Buffer.from(deps.randomBytes(32)).toString('base64url');
  const txCode = Array.from(deps.randomBytes(TX_CODE_LENGTH), (b) => String(b % 10)).join('');
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + deps.offerMinutes * 60_000);
  const id = randomUUID();
  await deps.db.transaction(async (tx) => {
    await tx.insert(offers).values({ id, codeHash: hashSecret(code), txCodeHash: hashSecret(`${code}:${txCode}`), holder: request.holder, documentRef: request.documentRef, configurationIds: request.configurationIds, createdAt: now, expiresAt });
    await appendEvent(tx, { context: 'credentials', type: 'credential_offer.created', subject: id, actor, at: now, data: { configurations: request.configurationIds } });
  });
  const offer = {
    credential_issuer: deps.issuerUrl,
    credential_configuration_ids: request.configurationIds,
    grants: { [PRE_AUTHORIZED_GRANT]: { 'pre-authorized_code': code, tx_code: { input_mode: 'numeric', length: TX_CODE_LENGTH, description: 'Enter the code shown after you signed in with your ID card.' } } },
  };
  const link = `openid-credential-offer://?credential_offer=${encodeURIComponent(JSON.stringify(offer))}`;
  return { offer, link, qrSvg: await QRCode.toString(link, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }), txCode, expiresAt };
}
