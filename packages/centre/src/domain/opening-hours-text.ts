// SPDX-License-Identifier: Apache-2.0
import type { CentreConfig, Weekday } from './centre-config.ts';

/** The opening hours in words, in the reader's language: "Mon 09:00–12:00, 13:00–16:00; Tue 09:00–12:00". */
export function openingHoursText(centre: CentreConfig, locale: string): string {
  const dayName = new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' });
  const days: Weekday[] = [1, 2, 3, 4, 5, 6, 0];
  return days
    .filter((d) => (centre.openingHours[d] ?? []).length > 0)
    // 2026-11-29 was a Sunday, so day d of that week has weekday d.
    .map((d) => `${dayName.format(new Date(Date.UTC(2026, 10, 29 + d)))} ${(centre.openingHours[d] ?? []).map((p) => `${p.opens}–${p.closes}`).join(', ')}`)
    .join('; ');
}
