// SPDX-License-Identifier: Apache-2.0
import { eq, sql } from 'drizzle-orm';
import { appendEvent } from '@tessera/platform';
import { invalidRequest } from '../../domain/oid4vci/oid4vci-errors.ts';
import { offers } from '../schema.ts';
import { accessTokenAnswer, grantAccessToken, type IssuedAccessToken } from './grant-access-token.ts';
import { hashSecret } from './hash-secret.ts';
import type { Oid4vciDeps } from './oid4vci-deps.ts';

/**
 * The token endpoint's pre-authorized code grant (OpenID4VCI 1.0 §6.1): the code must be known,
 * unredeemed and unexpired, the transaction code right. A wrong transaction code is counted
 * (and committed) and after the allowed attempts the offer is burnt. The access token is bound
 * to the DPoP key (jkt) and stored hashed.
 */
export async function redeemPreAuthorizedCode(deps: Oid4vciDeps, input: { code: unknown; txCode: unknown; jkt: string }): Promise<IssuedAccessToken> {
  if (typeof input.code !== 'string' || input.code === '') throw invalidRequest('The pre-authorized_code parameter is missing.');
  const code = input.code;
  const now = deps.clock.now();
  const accessToken = Buffer.from(deps.randomBytes(32)).toString('base64url');
  const outcome = await deps.db.transaction(async (tx) => {
    const [offer] = await tx.select().from(offers).where(eq(offers.codeHash, hashSecret(code))).for('update');
    if (!offer) return { fail: 'The pre-authorized code is not known to this issuer.' } as const;
    if (offer.redeemedAt) return { fail: 'The pre-authorized code was already redeemed; ask for a new offer.' } as const;
    if (offer.expiresAt <= now) return { fail: 'The credential offer has expired; ask for a new offer.' } as const;
    if (offer.txCodeHash) {
      if (typeof input.txCode !== 'string' || input.txCode === '') return { fail: 'This offer needs the transaction code (tx_code).' } as const;
      if (hashSecret(`${code}:${input.txCode}`) !== offer.txCodeHash) {
        const attempts = offer.txAttempts + 1;
        const burnt = attempts >= deps.txCodeAttempts;
        await tx.update(offers).set({ txAttempts: sql`${offers.txAttempts} + 1`, ...(burnt ? { redeemedAt: now } : {}) }).where(eq(offers.id, offer.id));
        await appendEvent(tx, { context: 'credentials', type: burnt ? 'credential_offer.burnt' : 'credential_offer.wrong_tx_code', subject: offer.id, actor: 'wallet', at: now, data: { attempts } });
        return { fail: burnt ? 'The transaction code was wrong too often; the offer is no longer valid.' : 'The transaction code is wrong.' } as const;
      }
    }
    await tx.update(offers).set({ redeemedAt: now }).where(eq(offers.id, offer.id));
    await grantAccessToken(tx, deps, accessToken, { jkt: input.jkt, holder: offer.holder, documentRef: offer.documentRef, configurationIds: offer.configurationIds, offerId: offer.id }, now);
    await appendEvent(tx, { context: 'credentials', type: 'credential_offer.redeemed', subject: offer.id, actor: 'wallet', at: now, data: {} });
    return { configurationIds: offer.configurationIds };
  });
  return accessTokenAnswer(deps, accessToken, outcome);
}
