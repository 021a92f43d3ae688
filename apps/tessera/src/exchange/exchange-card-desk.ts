// SPDX-License-Identifier: Apache-2.0
import type { CardDesk, CardSummary } from '@tessera/authority';
import { NotFound } from '@tessera/platform';
import { clientId, servicePath } from './members.ts';

/**
 * The collection centre's side of the card flow: it learns the state of the cards sent to it and
 * confirms handovers through its own gateway, calling the authority's services over the
 * exchange, exactly as an information system written for X-Road would.
 */
export function exchangeCardDesk(centreGatewayUrl: string): Pick<CardDesk, 'cardsFor' | 'handOver'> {
  const call = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(centreGatewayUrl + servicePath('authority', path), { ...init, headers: { 'X-Road-Client': clientId('centre'), accept: 'application/json', ...init.headers } });
    if (response.status === 404) throw new NotFound('The authority knows no card for this reference.');
    if (!response.ok) throw new Error(`The exchange answered ${response.status}: ${response.headers.get('x-road-error') ?? (await response.text()).slice(0, 200)}`);
    return response.json();
  };
  return {
    async cardsFor(references) {
      if (references.length === 0) return new Map();
      const body = (await call(`card-manifests/cards?references=${references.map(encodeURIComponent).join(',')}`)) as { cards: Array<CardSummary & { reference: string }> };
      return new Map(body.cards.map(({ reference, ...card }) => [reference, card]));
    },
    async handOver(reference, actor) {
      return (await call(`handovers/handovers/${encodeURIComponent(reference)}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ confirmedBy: actor }) })) as CardSummary;
    },
  };
}
