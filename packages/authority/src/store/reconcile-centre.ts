// SPDX-License-Identifier: Apache-2.0
import { eq } from 'drizzle-orm';
import { appendEvent } from '@tessera/platform';
import type { AuthorityDeps } from './authority-deps.ts';
import { cardCustody, centreReconciliations } from './schema.ts';

/** Where a card is by the authority's chain of custody: its latest step, in the centre's words. */
const STATE_OF_EVENT: Readonly<Record<string, string>> = {
  dispatched: 'in_transit', arrived: 'in_stock', missing: 'missing', damaged: 'damaged', handed_over: 'handed_over', returned: 'returned', destroyed: 'destroyed',
};
const ORDER = ['dispatched', 'arrived', 'missing', 'damaged', 'handed_over', 'returned', 'destroyed'];

export interface Discrepancy {
  documentNumber: string;
  /** What the authority's chain of custody says, or null for a card it never sent there. */
  authority: string | null;
  /** What the centre's stock says, or null for a card the centre does not account for. */
  centre: string | null;
}

/**
 * The daily reconciliation: every card the authority sent to `location` must be accounted for
 * in the centre's stock in the state its chain of custody says, and the centre must hold nothing
 * else. The discrepancies are the answer to the centre, a kept report and a transparency-log
 * event here, so both sides keep the same report.
 */
export async function reconcileCentre(
  deps: Pick<AuthorityDeps, 'db' | 'clock'>, location: string, stock: ReadonlyArray<{ documentNumber: string; state: string }>,
): Promise<{ checked: number; discrepancies: Discrepancy[] }> {
  return deps.db.transaction(async (tx) => {
    const chain = await tx.select().from(cardCustody).where(eq(cardCustody.location, location));
    const expected = new Map<string, string>();
    for (const step of chain) {
      const known = expected.get(step.documentNumber);
      const latest = known === undefined || ORDER.indexOf(step.event) > ORDER.indexOf(known) ? step.event : known;
      expected.set(step.documentNumber, latest);
    }
    const reported = new Map(stock.map((c) => [c.documentNumber, c.state]));
    const discrepancies: Discrepancy[] = [];
    for (const [documentNumber, event] of expected) {
      const state = STATE_OF_EVENT[event] ?? event;
      if (reported.get(documentNumber) !== state) discrepancies.push({ documentNumber, authority: state, centre: reported.get(documentNumber) ?? null });
    }
    for (const [documentNumber, state] of reported) if (!expected.has(documentNumber)) discrepancies.push({ documentNumber, authority: null, centre: state });
    discrepancies.sort((a, b) => a.documentNumber.localeCompare(b.documentNumber));
    const at = deps.clock.now();
    // Kept as well as logged: the oversight dashboard reads the reports, the log proves them.
    await tx.insert(centreReconciliations).values({ location, at, checked: expected.size, discrepancies });
    await appendEvent(tx, { context: 'authority', type: 'centre.reconciled', subject: location, actor: 'system', at, data: { checked: expected.size, discrepancies } });
    return { checked: expected.size, discrepancies };
  });
}
