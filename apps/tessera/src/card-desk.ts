// SPDX-License-Identifier: Apache-2.0
import type { CardDesk, CardSummary } from '@tessera/authority';
import { CardAlreadyOrdered, cardsByOrder, changeCardState, findCardByOrder, personaliseCard, type CardRow, type TrustDeps } from '@tessera/trust';

const summary = (card: CardRow): CardSummary => ({ documentNumber: card.documentNumber, state: card.state, holderCode: card.holderCode, pickupLocation: card.pickupLocation, collectBy: card.collectBy });

/** The authority's card port, answered by the trust services in this process. */
export function trustCardDesk(trust: TrustDeps): CardDesk {
  return {
    // Idempotent by reference: when the authority lost the answer (it crashed before recording
    // the document number), its retry is given the card already made instead of a refusal.
    async order(request, actor) {
      try {
        const { card } = await personaliseCard(trust, { orderReference: request.reference, ...request }, actor);
        return { documentNumber: card.documentNumber };
      } catch (error) {
        if (!(error instanceof CardAlreadyOrdered)) throw error;
        return { documentNumber: (await findCardByOrder(trust.db, request.reference)).documentNumber };
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
