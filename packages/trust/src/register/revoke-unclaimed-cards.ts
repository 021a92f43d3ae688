// SPDX-License-Identifier: Apache-2.0
import { and, eq, lt } from 'drizzle-orm';
import { changeCardState } from './change-card-state.ts';
import { cards } from './schema.ts';
import type { TrustDeps } from './trust-deps.ts';

/**
 * Revokes cards still waiting at a pickup point after their collection deadline (DOMAIN.md:
 * collect within 6 months). The card itself is destroyed by the centre; its record stays.
 */
export async function revokeUnclaimedCards(deps: TrustDeps): Promise<number> {
  const today = deps.clock.now().toISOString().slice(0, 10);
  const overdue = await deps.db.select({ id: cards.id }).from(cards).where(and(eq(cards.state, 'personalised'), lt(cards.collectBy, today)));
  for (const { id } of overdue) await changeCardState(deps, id, { action: 'revoke', reason: 'unclaimed' }, 'system');
  return overdue.length;
}
