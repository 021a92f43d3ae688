// SPDX-License-Identifier: Apache-2.0
import { desc, eq, inArray, sql } from 'drizzle-orm';
import type { Clock, Database } from '@tessera/platform';
import { scatteredIndex, STATUS, STATUS_BITS, type CredentialStatus } from '../../domain/status/credential-status.ts';
import { statusLists } from '../schema.ts';

/** 2^17 entries of 2 bits: 32 KiB per list, large enough that one index hides among many. */
export const DEFAULT_LIST_SIZE = 131_072;

/**
 * Takes the next free entry of the current list (opening a new list when it is full), in the
 * caller's transaction; the list row is locked, so concurrent issuers get distinct entries.
 */
export async function allocateStatusEntry(tx: Database, clock: Clock, size = DEFAULT_LIST_SIZE): Promise<{ list: number; index: number }> {
  return (await allocateStatusEntries(tx, clock, 1, size))[0]!;
}

/**
 * Takes `count` consecutive free entries (a batch's copies), filling the current list and
 * opening new ones as needed, with one locked read and one write per list touched.
 */
export async function allocateStatusEntries(tx: Database, clock: Clock, count: number, size = DEFAULT_LIST_SIZE): Promise<Array<{ list: number; index: number }>> {
  // The common case in one statement: the newest list has room, and the update locks its row.
  const taken = (await tx.execute(sql`update ${statusLists} set next_index = next_index + ${count}
    where id = (select max(id) from ${statusLists}) and next_index + ${count} <= size
    returning id, next_index - ${count} as first, size`)) as unknown as { rows: Array<{ id: number; first: number; size: number }> };
  const row = taken.rows[0];
  if (row) return Array.from({ length: count }, (_, n) => ({ list: Number(row.id), index: scatteredIndex(Number(row.first) + n, Number(row.size)) }));
  const entries: Array<{ list: number; index: number }> = [];
  const newest = async () => (await tx.select({ id: statusLists.id, next: statusLists.nextIndex, size: statusLists.size }).from(statusLists).orderBy(desc(statusLists.id)).limit(1).for('update'))[0];
  let list = await newest();
  while (entries.length < count) {
    if (!list || list.next >= list.size) {
      const id = (list?.id ?? 0) + 1;
      const take = Math.min(size, count - entries.length);
      const opened = await tx.insert(statusLists).values({ id, bits: STATUS_BITS, size, nextIndex: take, statuses: Buffer.alloc((size * STATUS_BITS) / 8), revision: 1, updatedAt: clock.now() })
        .onConflictDoNothing().returning({ id: statusLists.id });
      if (opened.length === 0) {
        // A transaction that waited for the newest row's lock still saw that row as newest, and
        // another one opened the list first (the insert waited for it to commit): read again.
        list = await newest();
        continue;
      }
      for (let n = 0; n < take; n++) entries.push({ list: id, index: scatteredIndex(n, size) });
      list = { id, next: take, size };
      continue;
    }
    const take = Math.min(list.size - list.next, count - entries.length);
    await tx.update(statusLists).set({ nextIndex: sql`${statusLists.nextIndex} + ${take}` }).where(eq(statusLists.id, list.id));
    for (let n = 0; n < take; n++) entries.push({ list: list.id, index: scatteredIndex(list.next + n, list.size) });
    list = { ...list, next: list.next + take };
  }
  return entries;
}

/** Writes statuses into their lists in the caller's transaction; each touched list gets a new revision. */
export async function setStatuses(tx: Database, clock: Clock, changes: ReadonlyArray<{ list: number; index: number; status: CredentialStatus }>): Promise<void> {
  const lists = [...new Set(changes.map((c) => c.list))];
  if (lists.length === 0) return;
  const rows = await tx.select().from(statusLists).where(inArray(statusLists.id, lists)).orderBy(statusLists.id).for('update');
  for (const row of rows) {
    const bytes = Buffer.from(row.statuses);
    for (const c of changes) if (c.list === row.id) writeStatus(bytes, c.index, STATUS[c.status]);
    await tx.update(statusLists).set({ statuses: bytes, revision: sql`${statusLists.revision} + 1`, updatedAt: clock.now() }).where(eq(statusLists.id, row.id));
  }
}

/** Token Status List byte layout (§4.1): entry i in byte ⌊i·bits/8⌋, counted from the least significant bit. */
export function writeStatus(bytes: Uint8Array, index: number, value: number): void {
  const bit = index * STATUS_BITS;
  const byte = bit >> 3;
  const shift = bit & 7;
  bytes[byte] = ((bytes[byte] ?? 0) & ~(0b11 << shift)) | (value << shift);
}

export function readStatus(bytes: Uint8Array, index: number): number {
  const bit = index * STATUS_BITS;
  return ((bytes[bit >> 3] ?? 0) >> (bit & 7)) & 0b11;
}
