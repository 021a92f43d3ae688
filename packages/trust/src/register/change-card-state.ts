// SPDX-License-Identifier: Apache-2.0
import { eq } from 'drizzle-orm';
import { ValidationFailed } from '@tessera/platform';
import { nextCardState, REVOCATION_REASONS, type CardAction, type CardRevocationReason, type CrlReason } from '../domain/card-status.ts';
import { CardNotFound } from '../trust-errors.ts';
import { recordCardChange } from './record-card-change.ts';
import { StatusChanges } from './status-changes.ts';
import { cards, certificates, type CardRow } from './schema.ts';
import type { TrustDeps } from './trust-deps.ts';

export type CardChange =
  | { action: 'activate' | 'suspend' | 'resume' }
  | { action: 'revoke'; reason: CardRevocationReason };

/**
 * Moves a card through its life and its two certificates with it, in one transaction with the
 * history and the transparency log; OCSP and CRL caches are told after the commit, so the new
 * status is answered at once. Activating a renewal card revokes the card it replaces (superseded).
 */
export async function changeCardState(deps: TrustDeps, cardId: string, change: CardChange, actor: string): Promise<CardRow> {
  if (change.action === 'revoke' && !Object.hasOwn(REVOCATION_REASONS, change.reason)) {
    throw new ValidationFailed([{ code: 'unknown_reason', path: 'body/reason', message: `Choose one of: ${Object.keys(REVOCATION_REASONS).join(', ')}.` }]);
  }
  const changed: string[] = [];
  const card = await deps.db.transaction(async (tx) => {
    const updated = await apply(tx, cardId, change, actor);
    if (change.action === 'activate' && updated.replaces) {
      const [old] = await tx.select({ state: cards.state }).from(cards).where(eq(cards.id, updated.replaces));
      if (old && old.state !== 'revoked') await apply(tx, updated.replaces, { action: 'revoke', reason: 'renewed' }, actor);
    }
    await StatusChanges.announce(tx, changed);
    return updated;
  });
  deps.statusChanges.notify(changed);
  return card;

  async function apply(tx: TrustDeps['db'], id: string, c: CardChange, by: string): Promise<CardRow> {
    const [card] = await tx.select().from(cards).where(eq(cards.id, id)).for('update');
    if (!card) throw new CardNotFound();
    const to = nextCardState(card.state, c.action);
    const now = deps.clock.now();
    const status = certificateStatus(c);
    const rows = await tx.update(certificates)
      .set({ ...status, revokedAt: status.status === 'good' ? null : now, updatedAt: now })
      .where(eq(certificates.cardId, id)).returning({ serial: certificates.serial });
    changed.push(...rows.map((r) => r.serial));
    const [updated] = await tx.update(cards).set({ state: to, revocationReason: c.action === 'revoke' ? c.reason : null, updatedAt: now }).where(eq(cards.id, id)).returning();
    await recordCardChange(tx, deps.clock, {
      cardId: id, documentNumber: card.documentNumber, actor: by, type: pastTense(c.action), fromState: card.state, toState: to,
      ...(c.action === 'revoke' ? { detail: { reason: c.reason } } : {}),
    });
    return updated!;
  }
}

function certificateStatus(c: CardChange): { status: 'good' | 'revoked'; reason: CrlReason | null } {
  switch (c.action) {
    case 'activate':
    case 'resume': return { status: 'good', reason: null };
    case 'suspend': return { status: 'revoked', reason: 'certificateHold' };
    case 'revoke': return { status: 'revoked', reason: REVOCATION_REASONS[c.reason] };
  }
}

const pastTense = (action: CardAction) => ({ activate: 'activated', suspend: 'suspended', resume: 'resumed', revoke: 'revoked' })[action];
