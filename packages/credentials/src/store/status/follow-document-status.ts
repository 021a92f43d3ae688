// SPDX-License-Identifier: Apache-2.0
import { eq, isNotNull } from 'drizzle-orm';
import { appendEvent, expectRow, type Clock, type Database } from '@tessera/platform';
import { statusAfterDocumentChange, STATUS, type CredentialStatus } from '../../domain/status/credential-status.ts';
import type { DocumentStatusSource } from '../../domain/status/document-status-source.ts';
import { issuedCredentials, statusLists } from '../schema.ts';
import { readStatus, setStatuses } from './status-lists.ts';

const BY_VALUE = Object.fromEntries(Object.entries(STATUS).map(([k, v]) => [v, k])) as Record<number, CredentialStatus>;

/**
 * Applies a document's current status to every credential derived from it: one transaction with
 * a transparency-log event, the lists' revisions moved so the next token request re-signs.
 * Returns how many credentials changed.
 */
export async function applyDocumentStatus(deps: { db: Database; clock: Clock; documents: DocumentStatusSource }, ref: string, actor = 'document-status'): Promise<number> {
  const document = await deps.documents.status(ref);
  return deps.db.transaction(async (tx) => {
    const derived = await tx.select({ id: issuedCredentials.id, list: issuedCredentials.statusList, index: issuedCredentials.statusIndex, held: issuedCredentials.heldAt }).from(issuedCredentials).where(eq(issuedCredentials.documentRef, ref));
    if (derived.length === 0) return 0;
    const lists = new Map<number, Uint8Array>();
    for (const list of new Set(derived.map((d) => d.list))) {
      const row = expectRow(await tx.select({ statuses: statusLists.statuses }).from(statusLists).where(eq(statusLists.id, list)).for('update'));
      lists.set(list, row.statuses);
    }
    const changes = derived.flatMap((d) => {
      const current = BY_VALUE[readStatus(lists.get(d.list)!, d.index)] ?? 'invalid';
      const followed = statusAfterDocumentChange(current, document);
      // An administrator's hold outlasts the card's resumption: the credential stays suspended until resumed itself.
      const next = d.held && followed === 'valid' ? 'suspended' : followed;
      return next === current ? [] : [{ list: d.list, index: d.index, status: next }];
    });
    if (changes.length === 0) return 0;
    await setStatuses(tx, deps.clock, changes);
    await appendEvent(tx, { context: 'credentials', type: 'credentials.status_followed_document', subject: ref, actor, at: deps.clock.now(), data: { document, changed: changes.length } });
    return changes.length;
  });
}

/**
 * Keeps derived credentials in step with their documents: each change the source reports is
 * applied as it arrives, so a card's suspension, resumption or revocation reaches the status
 * list within the time of one transaction. Returns a stop function that unsubscribes and waits
 * for the changes already under way, so storage can be closed after it.
 */
export function followDocumentStatus(deps: { db: Database; clock: Clock; documents: DocumentStatusSource; onError(error: unknown): void; onApplied?(ref: string, changed: number, cause: 'change' | 'resync'): void }): () => Promise<void> {
  const inFlight = new Set<Promise<void>>();
  const apply = (ref: string, cause: 'change' | 'resync') => applyDocumentStatus(deps, ref).then((changed) => deps.onApplied?.(ref, changed, cause), deps.onError);
  const track = (work: Promise<void>) => {
    const tracked = work.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  };
  const unsubscribe = deps.documents.onChange((ref) => track(apply(ref, 'change')));
  // Changes may have been missed: every document a credential derives from is asked again, one after another.
  const unresync = deps.documents.onResync?.(() => track((async () => {
    const refs = await deps.db.selectDistinct({ ref: issuedCredentials.documentRef }).from(issuedCredentials).where(isNotNull(issuedCredentials.documentRef));
    for (const { ref } of refs) await apply(ref!, 'resync');
  })().catch(deps.onError)));
  return async () => {
    unsubscribe();
    unresync?.();
    await Promise.all(inFlight);
  };
}
