// SPDX-License-Identifier: Apache-2.0
import { and, asc, count, eq, ilike, ne, or, sql, type SQL } from 'drizzle-orm';
import { expectRow, type Database } from '@tessera/platform';
import { credentialTypes } from '../schema.ts';
import type { TypeVersion } from '../types/find-types.ts';

export interface TypeSearch {
  /** Part of the id or of the name in any of the three languages, case-insensitive. */
  query?: string;
  status?: 'active' | 'retired';
  offset: number;
  size: number;
}

/**
 * The administrator's list of types: each type's current version (active, or retired as it was
 * last), filtered and paged in the database, ordered by id.
 */
export async function searchTypes(db: Database, search: TypeSearch): Promise<{ items: TypeVersion[]; total: number }> {
  const conditions: SQL[] = [ne(credentialTypes.status, 'superseded')];
  if (search.status) conditions.push(eq(credentialTypes.status, search.status));
  if (search.query) {
    const pattern = `%${search.query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const name = (locale: string) => sql`${credentialTypes.definition}->'display'->${locale}->>'name'`;
    conditions.push(or(ilike(credentialTypes.id, pattern), sql`${name('en')} ilike ${pattern}`, sql`${name('ko')} ilike ${pattern}`, sql`${name('et')} ilike ${pattern}`)!);
  }
  const where = and(...conditions);
  const [rows, totals] = await Promise.all([
    db.select().from(credentialTypes).where(where).orderBy(asc(credentialTypes.id)).limit(search.size).offset(search.offset),
    db.select({ n: count() }).from(credentialTypes).where(where),
  ]);
  return { items: rows.map((r) => ({ type: r.definition, status: r.status, publishedAt: r.publishedAt, retiredAt: r.retiredAt })), total: expectRow(totals).n };
}
