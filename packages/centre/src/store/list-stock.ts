// SPDX-License-Identifier: Apache-2.0
import { and, asc, count, eq, type SQL } from 'drizzle-orm';
import type { Database } from '@tessera/platform';
import type { StockState } from '../domain/stock-state.ts';
import { stock, type StockRow } from './schema.ts';

/** One centre's cards, optionally in one state, oldest announcement first. */
export async function listStock(db: Database, centre: string, o: { state?: StockState; offset: number; size: number }): Promise<{ items: StockRow[]; total: number; byState: Record<string, number> }> {
  const where: SQL[] = [eq(stock.centre, centre)];
  if (o.state) where.push(eq(stock.state, o.state));
  const items = await db.select().from(stock).where(and(...where)).orderBy(asc(stock.stateAt), asc(stock.documentNumber)).limit(o.size).offset(o.offset);
  const [total] = await db.select({ n: count() }).from(stock).where(and(...where));
  const states = await db.select({ state: stock.state, n: count() }).from(stock).where(eq(stock.centre, centre)).groupBy(stock.state);
  return { items, total: total!.n, byState: Object.fromEntries(states.map((s) => [s.state, s.n])) };
}
