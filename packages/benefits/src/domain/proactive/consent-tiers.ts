// SPDX-License-Identifier: Apache-2.0
import { CONSENT_TIERS, type ConsentTier } from '../engine/types.ts';

/**
 * Tiers are cumulative: extended includes basic, financial includes both. A withdrawn consent
 * (null) gives nothing.
 */
export function tiersUpTo(tier: ConsentTier | null): ConsentTier[] {
  if (tier === null) return [];
  return CONSENT_TIERS.slice(0, CONSENT_TIERS.indexOf(tier) + 1);
}

export const isConsentTier = (value: unknown): value is ConsentTier => typeof value === 'string' && (CONSENT_TIERS as readonly string[]).includes(value);
