// SPDX-License-Identifier: Apache-2.0

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date as midnight UTC, or null if it is not a real YYYY-MM-DD date (e.g. 2026-02-30). */
export function parseUtcDate(s: string): Date | null {
  const m = ISO_DATE.exec(s);
  if (!m) return null;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s ? d : null;
}

/** The UTC calendar day of an instant, so checks don't depend on the server's time zone. */
export function utcDay(instant: Date): Date {
  return new Date(Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth(), instant.getUTCDate()));
}

/** Adds calendar months, ending on the month's last day when the day doesn't exist (31 Aug + 6 → 28/29 Feb). */
export function addUtcMonths(d: Date, months: number): Date {
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return target;
}

export function addUtcDays(d: Date, days: number): Date {
  return new Date(d.getTime() + days * 86_400_000);
}

export function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}
