// SPDX-License-Identifier: Apache-2.0

/**
 * Whether a card's collection period is over at `now`, in the centre's own time zone: the
 * deadline (`collectBy`, set by the authority when the card was made, six months by default)
 * is the last day the holder may still collect it.
 */
export function collectionPeriodOver(collectBy: string, now: Date, timeZone: string): boolean {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  return today > collectBy;
}
