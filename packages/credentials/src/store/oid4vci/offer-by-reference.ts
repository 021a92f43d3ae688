// SPDX-License-Identifier: Apache-2.0
import { eq } from 'drizzle-orm';
import { CredentialOfferGone, CredentialOfferNotFound } from '../../domain/credentials-errors.ts';
import { offers } from '../schema.ts';
import { hashSecret } from './hash-secret.ts';
import type { Oid4vciDeps } from './oid4vci-deps.ts';
import { openOffer } from './sealed-offer.ts';

/** A reference id: 32 random octets, base64url. Anything else is no reference of this issuer. */
const REFERENCE = /^[A-Za-z0-9_-]{43}$/;

/**
 * The credential offer at a credential_offer_uri (OpenID4VCI 1.0 §4.1.3): the offer object as
 * made, while it is unexpired and unused. An unknown reference is CredentialOfferNotFound (404);
 * an offer that expired or was used is CredentialOfferGone (410), so the wallet can say which.
 */
export async function offerByReference(deps: Pick<Oid4vciDeps, 'db' | 'clock'>, reference: string): Promise<Record<string, unknown>> {
  const [row] = REFERENCE.test(reference) ? await deps.db.select().from(offers).where(eq(offers.referenceHash, hashSecret(reference))) : [];
  if (!row?.sealedOffer) throw new CredentialOfferNotFound();
  if (row.redeemedAt) throw new CredentialOfferGone('used');
  if (row.expiresAt <= deps.clock.now()) throw new CredentialOfferGone('expired');
  return openOffer(reference, row.sealedOffer);
}
