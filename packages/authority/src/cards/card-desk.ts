// SPDX-License-Identifier: Apache-2.0
import type { PersonDetails } from '@tessera/platform';

/** What the authority tells the card issuer about a person it decided to give a digi-ID. */
export interface CardOrderRequest extends PersonDetails {
  reference: string;
  pickupLocation: string;
}

export interface CardSummary {
  documentNumber: string;
  state: 'personalised' | 'active' | 'suspended' | 'revoked';
  /** The holder's identification code (on the card), which names them as a data subject: `EE` + code. */
  holderCode: string;
  /** The pickup location the card was sent to (a location code such as `seoul-vfs`). */
  pickupLocation: string;
  /** The last day the card can be collected; after it the card is revoked as unclaimed. */
  collectBy: string;
}

/**
 * The authority's view of the card issuer (the trust services): order a card for a decision,
 * see where cards are, confirm the handover at a pickup point. A port, so the authority does
 * not reach into the trust services' tables; the composition root supplies it.
 */
export interface CardDesk {
  /**
   * Orders the cards of several decisions at once (the issuer personalises them as one run), all
   * or none. Idempotent by reference: an order already made answers with the card made for it.
   * Answers each request's document number, in the requests' order.
   */
  order(requests: readonly CardOrderRequest[], actor: string): Promise<Array<{ reference: string; documentNumber: string }>>;
  cardsFor(references: readonly string[]): Promise<Map<string, CardSummary>>;
  /** The holder has the card in hand: activates it (lifts the certificates' hold). */
  handOver(reference: string, actor: string): Promise<CardSummary>;
}
