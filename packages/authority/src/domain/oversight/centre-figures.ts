// SPDX-License-Identifier: Apache-2.0

/** One step of a card's chain of custody, as the authority recorded it. */
export interface CustodyStep {
  reference: string;
  event: string;
  at: Date;
}

/** Where each card the authority sent a centre is now, by its chain of custody, and how fast they went. */
export interface CentreFigures {
  /** Cards the authority dispatched to the centre. */
  shipped: number;
  /** Cards the centre confirmed on arrival. */
  checkedIn: number;
  inTransit: number;
  inStock: number;
  handedOver: number;
  returned: number;
  destroyed: number;
  missing: number;
  damaged: number;
  /** Mean days from a card's arrival to its handover, over the cards handed over; null when none was. */
  averageDaysToHandover: number | null;
}

/** The steps after which a card has left the centre's stock, latest wins (a card has at most one). */
const LEFT = ['missing', 'damaged', 'handed_over', 'returned', 'destroyed'] as const;

/**
 * The figures of one centre from its cards' chains of custody. Counts are of cards, never of
 * reports: a card is in transit when only its dispatch is recorded, in stock when it arrived and
 * has not left, and otherwise in the state of the step that took it out of the centre's hands.
 */
export function centreFigures(steps: readonly CustodyStep[]): CentreFigures {
  const cards = new Map<string, Map<string, Date>>();
  for (const s of steps) {
    let card = cards.get(s.reference);
    if (!card) cards.set(s.reference, (card = new Map()));
    card.set(s.event, s.at);
  }
  const f: CentreFigures = { shipped: 0, checkedIn: 0, inTransit: 0, inStock: 0, handedOver: 0, returned: 0, destroyed: 0, missing: 0, damaged: 0, averageDaysToHandover: null };
  let waited = 0;
  let timed = 0;
  for (const card of cards.values()) {
    if (!card.has('dispatched')) continue;
    f.shipped++;
    const arrived = card.get('arrived');
    if (arrived) f.checkedIn++;
    const left = LEFT.find((e) => card.has(e));
    if (left === 'handed_over') {
      f.handedOver++;
      if (arrived) {
        waited += card.get('handed_over')!.getTime() - arrived.getTime();
        timed++;
      }
    } else if (left === 'returned') f.returned++;
    else if (left === 'destroyed') f.destroyed++;
    else if (left === 'missing') f.missing++;
    else if (left === 'damaged') f.damaged++;
    else if (arrived) f.inStock++;
    else f.inTransit++;
  }
  if (timed > 0) f.averageDaysToHandover = Math.round((waited / timed / 86_400_000) * 10) / 10;
  return f;
}

/** The calendar day of an instant in a time zone, as YYYY-MM-DD. */
export function dayIn(timeZone: string, at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/**
 * Handovers per calendar day at the centre (its own time zone), for the `days` days ending with
 * the day of `now`, oldest first; days without a handover are there with zero.
 */
export function handoversPerDay(steps: readonly CustodyStep[], o: { now: Date; days: number; timeZone: string }): Array<{ day: string; count: number }> {
  const counts = new Map<string, number>();
  const days: string[] = [];
  for (let i = o.days - 1; i >= 0; i--) {
    const day = dayIn(o.timeZone, new Date(o.now.getTime() - i * 86_400_000));
    if (!counts.has(day)) {
      counts.set(day, 0);
      days.push(day);
    }
  }
  for (const s of steps) {
    if (s.event !== 'handed_over') continue;
    const day = dayIn(o.timeZone, s.at);
    if (counts.has(day)) counts.set(day, counts.get(day)! + 1);
  }
  return days.map((day) => ({ day, count: counts.get(day)! }));
}
