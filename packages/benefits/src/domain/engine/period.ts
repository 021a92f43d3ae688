// SPDX-License-Identifier: Apache-2.0
import { InvalidPeriod } from '../../benefits-errors.ts';

/** A month index: year × 12 + (month − 1). Ages and durations are differences of indices. */
export function monthIndex(period: string): number {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(period);
  if (!m) throw new InvalidPeriod(`Not a month period (YYYY-MM): ${period}`);
  return Number(m[1]) * 12 + Number(m[2]) - 1;
}

export function monthOf(index: number): string {
  const year = Math.floor(index / 12);
  return `${String(year).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The period string a value of `periodicity` has `lag` periods before the month `month`. */
export function periodKey(periodicity: 'month' | 'year', monthIdx: number, lag: number): string {
  return periodicity === 'month' ? monthOf(monthIdx - lag) : String(Math.floor(monthIdx / 12) - lag);
}

/** The first day of the month, as YYYY-MM-DD, the instant at which parameters are read. */
export const monthStart = (monthIdx: number): string => `${monthOf(monthIdx)}-01`;
