// SPDX-License-Identifier: Apache-2.0
import { appendEvent, type Clock, type Database } from '@tessera/platform';
import { allocateStatusEntries, DEFAULT_LIST_SIZE } from './status-lists.ts';

export type StatusEntry = { list: number; index: number };

/** Entries one reservation takes when the process has too few left. */
export const DEFAULT_RESERVATION = 256;

/**
 * Status list entries reserved ahead for one process, so an issuance transaction takes its
 * entries from memory instead of locking the list's row: the lock is held once per reservation,
 * in a short transaction of its own with its log event, and issuers in other processes no
 * longer wait for each other's issuance transactions.
 *
 * An entry is handed out once and never returned, so no index is used twice, even when the
 * issuance that took it fails. Reserved entries never issued (the issuance failed, the process
 * stopped) stay `valid` in the published list, exactly like entries not yet reached: they point
 * at no credential, so nothing can be checked against them.
 */
export function statusEntryReserve(deps: { db: Database; clock: Clock; statusListSize?: number }, options: { reservation?: number } = {}) {
  const size = deps.statusListSize ?? DEFAULT_LIST_SIZE;
  const reservation = Math.min(options.reservation ?? DEFAULT_RESERVATION, size);
  let reserved: StatusEntry[] = [];
  let turn: Promise<unknown> = Promise.resolve();
  const reserve = (count: number) => deps.db.transaction(async (tx) => {
    const entries = await allocateStatusEntries(tx, deps.clock, count, size);
    const lists = [...new Set(entries.map((e) => e.list))];
    await appendEvent(tx, { context: 'credentials', type: 'credentials.status_entries_reserved', subject: `status-list/${lists[0]}`, actor: 'issuer', at: deps.clock.now(), data: { lists, count } });
    return entries;
  });
  return {
    /** `count` entries no one else has or will get; reserves more first when too few are left. */
    take(count: number): Promise<StatusEntry[]> {
      // One taker at a time, so two never reserve for the same shortfall or take the same entries.
      const taken = turn.then(async () => {
        if (reserved.length < count) reserved = reserved.concat(await reserve(Math.max(reservation, count - reserved.length)));
        return reserved.splice(0, count);
      });
      turn = taken.catch(() => undefined);
      return taken;
    },
    /** Entries reserved and not yet taken (for tests and metrics). */
    get left() { return reserved.length; },
  };
}

export type StatusEntryReserve = ReturnType<typeof statusEntryReserve>;
