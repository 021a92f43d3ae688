// SPDX-License-Identifier: Apache-2.0
import { randomUUID } from 'node:crypto';
import type { JWK } from 'jose';
import { appendEvent } from '@tessera/platform';
import { SourceDocumentNotValid } from '../../domain/credentials-errors.ts';
import type { CredentialFormat, CredentialType } from '../../domain/types/credential-type.ts';
import { deferredIssuances } from '../schema.ts';
import type { AccessGrant } from './find-access-token.ts';
import { hashSecret } from './hash-secret.ts';
import type { Oid4vciDeps } from './oid4vci-deps.ts';

/** How long an undecided transaction waits for the agency before the wallet must ask again. */
export const DEFERRED_DAYS = 30;
export const DEFAULT_DEFERRED_INTERVAL_SECONDS = 30;

export interface DeferredAnswer {
  transaction_id: string;
  interval: number;
}

/**
 * A request for a type the agency approves later (OpenID4VCI 1.0 §8.3, §9): the proofs were
 * checked already, so the keys are kept with the access token and DPoP key that asked; the
 * wallet gets a transaction_id (stored hashed) and how often to poll. The card must be valid now,
 * and is checked again when the credential is finally signed.
 */
export async function deferIssuance(deps: Oid4vciDeps, grant: AccessGrant, request: { type: CredentialType; format: CredentialFormat; keys: JWK[] }): Promise<DeferredAnswer> {
  if (request.type.derivedFrom) {
    if (!grant.documentRef) throw new SourceDocumentNotValid('unknown');
    const status = await deps.documents.status(grant.documentRef);
    if (status !== 'valid') throw new SourceDocumentNotValid(status);
  }
  const transactionId = Buffer.from(deps.randomBytes(32)).toString('base64url');
  const now = deps.clock.now();
  const id = randomUUID();
  await deps.db.transaction(async (tx) => {
    await tx.insert(deferredIssuances).values({
      id, transactionIdHash: hashSecret(transactionId), tokenHash: grant.tokenHash, jkt: grant.jkt, holder: grant.holder, documentRef: grant.documentRef,
      typeId: request.type.id, typeVersion: request.type.version, format: request.format, keys: request.keys as Record<string, unknown>[], state: 'pending',
      createdAt: now, expiresAt: new Date(now.getTime() + DEFERRED_DAYS * 86_400_000),
    });
    await appendEvent(tx, { context: 'credentials', type: 'credentials.deferred', subject: id, actor: 'wallet', at: now, data: { type: request.type.id, version: request.type.version, count: request.keys.length } });
  });
  return { transaction_id: transactionId, interval: deps.deferredIntervalSeconds ?? DEFAULT_DEFERRED_INTERVAL_SECONDS };
}
