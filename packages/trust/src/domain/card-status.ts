// SPDX-License-Identifier: Apache-2.0
import { InvalidTransition } from '@tessera/platform';

/**
 * A card's life after the decision. Personalised cards travel to the pickup point with their
 * certificates on hold; the handover activates them. Revoked is final: a new card is issued.
 */
export const CARD_STATES = ['personalised', 'active', 'suspended', 'revoked'] as const;
export type CardState = (typeof CARD_STATES)[number];

export type CardAction = 'activate' | 'suspend' | 'resume' | 'revoke';

const TRANSITIONS: Record<CardState, Partial<Record<CardAction, CardState>>> = {
  personalised: { activate: 'active', revoke: 'revoked' },
  active: { suspend: 'suspended', revoke: 'revoked' },
  suspended: { resume: 'active', revoke: 'revoked' },
  revoked: {},
};

export function nextCardState(from: CardState, action: CardAction): CardState {
  const to = Object.hasOwn(TRANSITIONS, from) && Object.hasOwn(TRANSITIONS[from], action) ? TRANSITIONS[from][action] : undefined;
  if (!to) throw new InvalidTransition('card', from, action);
  return to;
}

export function allowedCardActions(state: CardState): CardAction[] {
  return Object.keys(TRANSITIONS[state]) as CardAction[];
}

/**
 * Why a card is revoked, and the RFC 5280 reason code its certificates then carry. Lost and
 * stolen cards may be in someone else's hands (keyCompromise); the rest end the card's use.
 */
export const REVOCATION_REASONS = {
  lost: 'keyCompromise',
  stolen: 'keyCompromise',
  unclaimed: 'cessationOfOperation',
  death: 'cessationOfOperation',
  authority_decision: 'privilegeWithdrawn',
  renewed: 'superseded',
} as const;
export type CardRevocationReason = keyof typeof REVOCATION_REASONS;
export type CrlReason = (typeof REVOCATION_REASONS)[CardRevocationReason] | 'certificateHold';
