// SPDX-License-Identifier: Apache-2.0

/** Quiet hours as local wall-clock minutes since midnight in the person's IANA time zone; `from` > `until` spans midnight. */
export interface QuietHours {
  readonly timeZone: string;
  readonly from: number;
  readonly until: number;
}

/** Whether `timeZone` is an IANA zone this runtime knows (Intl throws a RangeError otherwise). */
export function isTimeZone(timeZone: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(timeZone)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** `HH:MM` (24 h) as minutes since midnight, or null for anything else. */
export function parseClockTime(text: string): number | null {
  const m = /^([01][0-9]|2[0-3]):([0-5][0-9])$/.exec(text);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

export const formatClockTime = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

interface Wall { year: number; month: number; day: number; minutes: number }

function wallClock(instant: Date, timeZone: string): Wall {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' })
    .formatToParts(instant).map((p) => [p.type, p.value]));
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}

/** The zone's offset from UTC at `instant`, in minutes. */
function offsetMinutes(instant: Date, timeZone: string): number {
  const w = wallClock(instant, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, 0, w.minutes);
  return Math.round((asUtc - Math.floor(instant.getTime() / 60_000) * 60_000) / 60_000);
}

/**
 * The instant a local wall-clock time happens in the zone. A time skipped by a daylight-saving
 * jump resolves to the moment after the jump; a repeated one to its first occurrence.
 */
function instantOf(w: Wall, timeZone: string): Date {
  const naive = Date.UTC(w.year, w.month - 1, w.day, 0, w.minutes);
  // The offsets a day either side cover both sides of any daylight-saving change that day.
  const candidates = [...new Set([-86_400_000, 86_400_000].map((d) => naive - offsetMinutes(new Date(naive + d), timeZone) * 60_000))].sort((a, b) => a - b);
  const valid = candidates.filter((c) => wallClock(new Date(c), timeZone).minutes === w.minutes);
  return new Date(valid.length ? valid[0]! : candidates[candidates.length - 1]!);
}

/**
 * When a notification due at `now` may go out: `now` itself outside the person's quiet hours,
 * otherwise the end of the quiet hours in their time zone (the same night's morning when they
 * span midnight). Equal `from` and `until` means no quiet hours.
 */
export function releaseAt(now: Date, quiet: QuietHours | null): Date {
  if (!quiet || quiet.from === quiet.until) return now;
  const local = wallClock(now, quiet.timeZone);
  const spansMidnight = quiet.from > quiet.until;
  const inside = spansMidnight ? local.minutes >= quiet.from || local.minutes < quiet.until : local.minutes >= quiet.from && local.minutes < quiet.until;
  if (!inside) return now;
  // Before midnight in a span across it, the quiet hours end tomorrow.
  const tomorrow = spansMidnight && local.minutes >= quiet.from;
  const day = new Date(Date.UTC(local.year, local.month - 1, local.day + (tomorrow ? 1 : 0)));
  const end = instantOf({ year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate(), minutes: quiet.until }, quiet.timeZone);
  return end > now ? end : now;
}
