// SPDX-License-Identifier: Apache-2.0
import { and, count, desc, eq } from 'drizzle-orm';
import { expectRow, type Clock, type Database } from '@tessera/platform';
import { BadRequest } from '../exchange-errors.ts';
import { dataAccess } from './schema.ts';

export interface DataAccessDeclaration {
  subject: string;
  purpose: string;
}

const SUBJECT = /^[A-Z]{2}[A-Za-z0-9-]{1,40}$/;

/** A person's identifier as the data tracker keys it: country code and national code, e.g. EE38001085718. */
export function isDataSubject(subject: string): boolean {
  return SUBJECT.test(subject);
}

/**
 * A message to a service declared as handling personal data must say whose data and why; one
 * that does not is refused (Client.*, 400) before it leaves the client's gateway. This is what
 * lets a person see every access to their data, across organisations, with its purpose.
 */
export function requireDeclaration(subject: string | undefined, purpose: string | undefined): DataAccessDeclaration {
  if (!subject || !isDataSubject(subject)) throw new BadRequest('This service handles personal data: give the data subject (X-Tessera-Data-Subject, e.g. EE38001085718).');
  if (!purpose || purpose.trim().length < 3 || purpose.length > 200) throw new BadRequest('This service handles personal data: declare the purpose of the request (X-Tessera-Purpose).');
  return { subject, purpose: purpose.trim() };
}

/** Records one access; `at` is when it happened if not now (a release reported afterwards). */
export async function recordDataAccess(db: Database, clock: Clock, entry: DataAccessDeclaration & { gateway: string; side: 'client' | 'provider'; messageId: string; client: string; service: string; at?: Date }): Promise<void> {
  await db.insert(dataAccess).values({ ...entry, at: entry.at ?? clock.now() }).onConflictDoNothing();
}

/** Records accesses made earlier, each at its own time, in one statement (reads made in bulk, as the demo world's handovers). */
export async function recordDataAccesses(db: Database, entries: ReadonlyArray<DataAccessDeclaration & { gateway: string; side: 'client' | 'provider'; messageId: string; client: string; service: string; at: Date }>): Promise<void> {
  if (entries.length === 0) return;
  await db.insert(dataAccess).values(entries.map((entry) => ({ ...entry }))).onConflictDoNothing();
}

/**
 * What the person sees: each access to their data, newest first, one line per message (the
 * provider's record when both gateways recorded it, since the provider is who released the data).
 */
export async function accessesOf(db: Database, subject: string, paging: { offset: number; size: number }) {
  const where = and(eq(dataAccess.subject, subject), eq(dataAccess.side, 'provider'));
  const [items, totals] = await Promise.all([
    db.select({ at: dataAccess.at, client: dataAccess.client, service: dataAccess.service, purpose: dataAccess.purpose, messageId: dataAccess.messageId })
      .from(dataAccess).where(where).orderBy(desc(dataAccess.at), desc(dataAccess.id)).limit(paging.size).offset(paging.offset),
    db.select({ n: count() }).from(dataAccess).where(where),
  ]);
  return { items, total: expectRow(totals).n };
}
