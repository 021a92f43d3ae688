// SPDX-License-Identifier: Apache-2.0
import { eq } from 'drizzle-orm';
import { appendEvent, type Clock, type Database } from '@tessera/platform';
import { CredentialChangeNotAllowed, IssuedCredentialNotFound } from '../../domain/credentials-errors.ts';
import type { CredentialChange } from '../../domain/admin/credential-changes.ts';
import type { DocumentStatusSource } from '../../domain/status/document-status-source.ts';
import { statusAfterDocumentChange, type CredentialStatus } from '../../domain/status/credential-status.ts';
import { issuedCredentials } from '../schema.ts';
import { setStatuses } from '../status/status-lists.ts';

/**
 * An issuer administrator's change of one credential, with a reason code, in one transaction
 * with its status list entry and a transparency-log event:
 * - suspend: the entry becomes suspended and stays so whatever its card does, until resumed;
 * - resume: lifts the administrator's hold; the entry returns to what its card allows now
 *   (valid, or suspended / revoked with the card), valid for a credential that follows no card;
 * - revoke: final; the entry becomes invalid.
 * A revoked credential accepts no change; only a held one can be resumed.
 */
export async function changeCredentialStatus(deps: { db: Database; clock: Clock; documents: DocumentStatusSource }, id: string, change: CredentialChange, actor: string): Promise<{ status: CredentialStatus; typeId: string }> {
  const [known] = await deps.db.select({ documentRef: issuedCredentials.documentRef }).from(issuedCredentials).where(eq(issuedCredentials.id, id));
  if (!known) throw new IssuedCredentialNotFound();
  // The card's status is read before the transaction (another context's data); the follower re-applies any later change.
  const document = change.action === 'resume' && known.documentRef ? await deps.documents.status(known.documentRef) : 'valid';
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const [row] = await tx.select().from(issuedCredentials).where(eq(issuedCredentials.id, id)).for('update');
    if (!row) throw new IssuedCredentialNotFound();
    if (row.revokedAt) throw new CredentialChangeNotAllowed(change.action, 'revoked');
    let status: CredentialStatus;
    if (change.action === 'suspend') {
      if (row.heldAt) throw new CredentialChangeNotAllowed(change.action, 'suspended');
      await tx.update(issuedCredentials).set({ heldAt: now, holdReason: change.reason }).where(eq(issuedCredentials.id, id));
      status = 'suspended';
    } else if (change.action === 'resume') {
      if (!row.heldAt) throw new CredentialChangeNotAllowed(change.action, 'not suspended by an administrator');
      await tx.update(issuedCredentials).set({ heldAt: null, holdReason: null }).where(eq(issuedCredentials.id, id));
      status = statusAfterDocumentChange('valid', document);
    } else {
      await tx.update(issuedCredentials).set({ revokedAt: now, revocationReason: change.reason }).where(eq(issuedCredentials.id, id));
      status = 'invalid';
    }
    await setStatuses(tx, deps.clock, [{ list: row.statusList, index: row.statusIndex, status }]);
    await appendEvent(tx, {
      context: 'credentials', type: `credential.${change.action === 'suspend' ? 'suspended' : change.action === 'resume' ? 'resumed' : 'revoked'}`, subject: id, actor, at: now,
      data: { type: row.typeId, version: row.typeVersion, status, ...('reason' in change ? { reason: change.reason } : {}) },
    });
    return { status, typeId: row.typeId };
  });
}
