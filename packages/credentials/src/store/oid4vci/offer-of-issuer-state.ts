// SPDX-License-Identifier: Apache-2.0
import { eq } from 'drizzle-orm';
import { invalidRequest } from '../../domain/oid4vci/oid4vci-errors.ts';
import { offers } from '../schema.ts';
import { hashSecret } from './hash-secret.ts';
import type { Oid4vciDeps } from './oid4vci-deps.ts';

export type Offer = typeof offers.$inferSelect;

/**
 * The offer an authorization request's issuer_state names (OpenID4VCI 1.0 §5.1.3): one made
 * here, unexpired and not yet used by either grant. The value is compared exactly (by its hash,
 * as stored); anything else is the protocol's invalid_request, saying which of these failed.
 */
export async function offerOfIssuerState(deps: Pick<Oid4vciDeps, 'db' | 'clock'>, issuerState: string): Promise<Offer> {
  const [offer] = await deps.db.select().from(offers).where(eq(offers.issuerStateHash, hashSecret(issuerState)));
  if (!offer) throw invalidRequest('issuer_state is not one of this issuer’s credential offers; start from the offer the issuer gave you.');
  if (offer.redeemedAt) throw invalidRequest('The credential offer of this issuer_state was already used; ask the issuer for a new offer.');
  if (offer.expiresAt <= deps.clock.now()) throw invalidRequest('The credential offer of this issuer_state has expired; ask the issuer for a new offer.');
  return offer;
}
