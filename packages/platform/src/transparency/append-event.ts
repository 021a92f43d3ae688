// SPDX-License-Identifier: Apache-2.0
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../storage/database.ts';
import { canonicalJson } from './canonical-json.ts';
import { leafHash } from './merkle.ts';
import { logEntries, logHead } from './schema.ts';

/**
 * One state change, as it is published. `data` holds ids, codes and statuses only — never
 * names, addresses or other personal data — because the log is meant to be public.
 */
export interface LogEvent {
  context: string;
  type: string;
  subject: string;
  actor: string;
  at: Date;
  data?: Record<string, unknown>;
}

/**
 * Appends an event inside the caller's transaction: the change and its log entry commit or
 * roll back together. The head row is locked for the append, so concurrent transactions get
 * consecutive indexes and a rolled-back one leaves no gap.
 */
export async function appendEvent(db: Database, event: LogEvent): Promise<{ index: number; leafHash: string }> {
  await db.insert(logHead).values({ id: 1, size: 0 }).onConflictDoNothing();
  const [head] = await db.select({ size: logHead.size }).from(logHead).where(eq(logHead.id, 1)).for('update');
  const index = head!.size;
  const leaf = canonicalJson({ ...event, at: event.at.toISOString(), data: event.data ?? {} });
  const hash = leafHash(Buffer.from(leaf, 'utf8'));
  await db.insert(logEntries).values({ index, leaf, leafHash: hash, context: event.context, type: event.type, subject: event.subject, at: event.at });
  await db.update(logHead).set({ size: sql`${logHead.size} + 1` }).where(eq(logHead.id, 1));
  return { index, leafHash: hash.toString('hex') };
}
