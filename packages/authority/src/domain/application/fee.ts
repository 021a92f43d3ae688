// SPDX-License-Identifier: Apache-2.0

export interface FeeSchedule {
  /** State fee in cents (€150 from 2025). */
  stateFeeMinor: number;
  currency: 'EUR';
}

export const DEFAULT_FEES: FeeSchedule = { stateFeeMinor: 15000, currency: 'EUR' };

/** The state fee plus the pickup location's service surcharge (partner centres abroad charge one). */
export function feeFor(schedule: FeeSchedule, location: { surchargeMinor: number }): { amountMinor: number; currency: string } {
  return { amountMinor: schedule.stateFeeMinor + location.surchargeMinor, currency: schedule.currency };
}
