// SPDX-License-Identifier: Apache-2.0
import type { CentreConfig, Weekday } from './centre-config.ts';
import { addDays, localDate, zonedInstant } from './zoned-time.ts';

export interface PickupSlot {
  startsAt: Date;
  endsAt: Date;
}

/** The slots a centre offers on one local date: none on holidays or closed days. */
export function slotsOn(centre: CentreConfig, date: string): PickupSlot[] {
  if (centre.holidays.includes(date)) return [];
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay() as Weekday;
  const slots: PickupSlot[] = [];
  for (const period of centre.openingHours[weekday] ?? []) {
    const opens = zonedInstant(date, period.opens, centre.timeZone).getTime();
    const closes = zonedInstant(date, period.closes, centre.timeZone).getTime();
    for (let at = opens; at + centre.slotMinutes * 60_000 <= closes; at += centre.slotMinutes * 60_000) {
      slots.push({ startsAt: new Date(at), endsAt: new Date(at + centre.slotMinutes * 60_000) });
    }
  }
  return slots;
}

/** Slots from the next local day for `days` days: an applicant books at least a day ahead. */
export function upcomingSlots(centre: CentreConfig, now: Date, days: number): PickupSlot[] {
  const today = localDate(now, centre.timeZone);
  const slots: PickupSlot[] = [];
  for (let i = 1; i <= days; i++) slots.push(...slotsOn(centre, addDays(today, i)));
  return slots;
}

/** Whether `startsAt` is exactly the start of a slot this centre offers. */
export function isOfferedSlot(centre: CentreConfig, startsAt: Date): boolean {
  return slotsOn(centre, localDate(startsAt, centre.timeZone)).some((s) => s.startsAt.getTime() === startsAt.getTime());
}
