// SPDX-License-Identifier: Apache-2.0
import type { CardDesk, CardSummary } from '@tessera/authority';
import { CardAlreadyOrdered, cardsByOrder, changeCardState, findCardByOrder, personaliseCards, type CardRow, type TrustDeps } from '@tessera/trust';

const summary = (card: CardRow): CardSummary => ({ documentNumber: card.documentNumber, state: card.state, holderCode: card.holderCode, pickupLocation: card.pickupLocation, collectBy: card.collectBy });

/** The authority's card port, answered by the trust services in this process. */
export function trustCardDesk(trust: TrustDeps): CardDesk {
  return {
    // Idempotent by reference: when the authority lost the answer (it crashed before recording
    // the document number), its retry is given the card already made instead of a refusal.
    async order(requests, actor) {
      const references = requests.map((r) => r.reference);
      for (let attempt = 0; ; attempt++) {
        const made = new Map([...await cardsByOrder(trust.db, references)].map(([reference, card]) => [reference, card.documentNumber]));
        const fresh = requests.filter((r) => !made.has(r.reference));
        try {
          for (const { card } of await personaliseCards(trust, fresh.map((r) => ({ orderReference: r.reference, ...r })), actor)) made.set(card.orderReference, card.documentNumber);
          return references.map((reference) => ({ reference, documentNumber: made.get(reference)! }));
        } catch (error) {
          // A concurrent retry made one of them a moment ago: read again, and make only the rest.
          if (!(error instanceof CardAlreadyOrdered) || attempt > 0) throw error;
        }
      }
    },
    async cardsFor(references) {
      const cards = await cardsByOrder(trust.db, references);
      return new Map([...cards].map(([reference, card]) => [reference, summary(card)]));
    },
    async handOver(reference, actor) {
      const card = await findCardByOrder(trust.db, reference);
      return summary(await changeCardState(trust, card.id, { action: 'activate' }, actor));
    },
  };
}
