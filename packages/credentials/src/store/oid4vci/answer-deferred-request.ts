// SPDX-License-Identifier: Apache-2.0
import { and, eq } from 'drizzle-orm';
import { ProtocolError, credentialRequestDenied } from '../../domain/oid4vci/oid4vci-errors.ts';
import type { CredentialFormat } from '../../domain/types/credential-type.ts';
import { issueCredentials } from '../issuer/issue-credentials.ts';
import { deferredIssuances } from '../schema.ts';
import { findType } from '../types/find-types.ts';
import { DEFAULT_DEFERRED_INTERVAL_SECONDS, type DeferredAnswer } from './defer-issuance.ts';
import { hashSecret } from './hash-secret.ts';
import type { Oid4vciDeps } from './oid4vci-deps.ts';
import type { CredentialResponse } from './answer-credential-request.ts';

const invalidTransaction = (d: string) => new ProtocolError('invalid_transaction_id', d);

/**
 * The deferred credential endpoint (OpenID4VCI 1.0 §9). Rules: the transaction_id is one this
 * issuer gave to this access token and DPoP key (a token that expired while the agency decided
 * still names its own transaction, and nothing else); while pending the answer is 202 with
 * `issuance_pending`-style polling interval; a rejection is credential_request_denied; once
 * approved the credentials are signed now, for the keys proved then, with claims fetched now,
 * and the transaction is used up in the same commit.
 */
export async function answerDeferredRequest(deps: Oid4vciDeps, caller: { tokenHash: string; jkt: string }, body: unknown): Promise<{ pending: DeferredAnswer } | { issued: CredentialResponse }> {
  const transactionId = (body as { transaction_id?: unknown } | null)?.transaction_id;
  if (typeof transactionId !== 'string' || transactionId === '') throw new ProtocolError('invalid_credential_request', 'transaction_id is missing.');
  const [row] = await deps.db.select().from(deferredIssuances).where(eq(deferredIssuances.transactionIdHash, hashSecret(transactionId)));
  if (!row || row.tokenHash !== caller.tokenHash || row.jkt !== caller.jkt) throw invalidTransaction('The transaction_id is not one this access token received.');
  if (row.state === 'issued') throw invalidTransaction('The credentials of this transaction were already issued.');
  if (row.expiresAt <= deps.clock.now()) throw invalidTransaction('The deferred transaction expired before the agency decided; ask again.');
  if (row.state === 'rejected') throw credentialRequestDenied('The agency did not approve this credential.');
  if (row.state === 'pending') return { pending: { transaction_id: transactionId, interval: deps.deferredIntervalSeconds ?? DEFAULT_DEFERRED_INTERVAL_SECONDS } };
  const version = await findType(deps.db, row.typeId, row.typeVersion).catch(() => null);
  if (!version || version.status === 'retired') throw credentialRequestDenied(`The credential type ${row.typeId} was retired before it could be issued.`);
  const type = version.type;
  const batch = await issueCredentials(deps, {
    type, format: row.format as CredentialFormat, holder: row.holder, documentRef: row.documentRef, keys: row.keys,
    async inTransaction(tx) {
      const used = await tx.update(deferredIssuances).set({ state: 'issued', issuedAt: deps.clock.now() })
        .where(and(eq(deferredIssuances.id, row.id), eq(deferredIssuances.state, 'approved'))).returning({ id: deferredIssuances.id });
      if (used.length !== 1) throw invalidTransaction('The credentials of this transaction were already issued.');
    },
  });
  return { issued: { credentials: batch.credentials.map((credential) => ({ credential })), notification_id: batch.notificationId } };
}
