// SPDX-License-Identifier: Apache-2.0
import { and, eq, isNull } from 'drizzle-orm';
import { appendEvent } from '@tessera/platform';
import { invalidRequest, ProtocolError } from '../../domain/oid4vci/oid4vci-errors.ts';
import { authorizations, offers } from '../schema.ts';
import type { Authorization } from './find-authorization.ts';
import { hashSecret } from './hash-secret.ts';
import type { Oid4vciDeps } from './oid4vci-deps.ts';

/** An authorization code lives a minute (RFC 6749 §4.1.2 recommends at most ten). */
export const CODE_SECONDS = 60;

/**
 * Completes an authorization once the holder has proved who they are: records who and how,
 * makes the one-time code (stored hashed) and answers the redirect to the wallet with `code`,
 * `state` and `iss` (RFC 9207, against mix-up attacks). The request is claimed in the same
 * statement, so two sign-ins for one request cannot both win. A request made from an offer
 * (issuer_state) uses the offer up in the same transaction: it must still be unused and unexpired
 * and be this holder's, or nothing is recorded and the request stays pending.
 */
export async function authorizeHolder(deps: Oid4vciDeps, authorization: Authorization, holder: { code: string; documentRef: string | null; method: 'id-card' | 'credential' }): Promise<{ redirectTo: string }> {
  const code = Buffer.from(deps.randomBytes(32)).toString('base64url');
  const now = deps.clock.now();
  const claimed = await deps.db.transaction(async (tx) => {
    const rows = await tx.update(authorizations).set({
      holder: holder.code, documentRef: holder.documentRef, method: holder.method, authorizedAt: now, codeHash: hashSecret(code), codeExpiresAt: new Date(now.getTime() + CODE_SECONDS * 1000),
    }).where(and(eq(authorizations.id, authorization.id), isNull(authorizations.authorizedAt))).returning({ id: authorizations.id });
    if (rows.length === 0) return false;
    // Thrown, so the claim above rolls back with it and the request stays pending.
    if (authorization.offerId) {
      const [offer] = await tx.select().from(offers).where(eq(offers.id, authorization.offerId)).for('update');
      if (!offer || offer.redeemedAt || offer.expiresAt <= now) throw invalidRequest('The credential offer of this request (issuer_state) was already used or has expired; ask the issuer for a new offer.');
      if (offer.holder !== holder.code) throw new ProtocolError('access_denied', 'The credential offer of this request was made for another person; sign in with the card of the person it was made for.', { status: 403 });
      await tx.update(offers).set({ redeemedAt: now }).where(eq(offers.id, offer.id));
      await appendEvent(tx, { context: 'credentials', type: 'credential_offer.redeemed', subject: offer.id, actor: 'holder', at: now, data: { grant: 'authorization_code', authorization: authorization.id } });
    }
    await appendEvent(tx, { context: 'credentials', type: 'authorization.granted', subject: authorization.id, actor: 'holder', at: now, data: { method: holder.method } });
    return true;
  });
  if (!claimed) throw new ProtocolError('invalid_request_uri', 'The pushed authorization request was already used; push a new one.');
  const url = new URL(authorization.redirectUri);
  url.searchParams.set('code', code);
  if (authorization.state !== null) url.searchParams.set('state', authorization.state);
  url.searchParams.set('iss', deps.issuerUrl);
  return { redirectTo: url.toString() };
}
