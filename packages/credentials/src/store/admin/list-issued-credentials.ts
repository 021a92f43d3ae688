// SPDX-License-Identifier: Apache-2.0
import { count, desc, eq, inArray } from 'drizzle-orm';
import { expectRow, type Database } from '@tessera/platform';
import { IssuedCredentialNotFound } from '../../domain/credentials-errors.ts';
import { STATUS, type CredentialStatus } from '../../domain/status/credential-status.ts';
import { issuedCredentials, statusLists } from '../schema.ts';
import { readStatus } from '../status/status-lists.ts';

const BY_VALUE = Object.fromEntries(Object.entries(STATUS).map(([k, v]) => [v, k])) as Record<number, CredentialStatus>;

/** One issued credential as the administrator sees it: no claim values, no holder. */
export interface IssuedCredentialSummary {
  id: string;
  typeVersion: number;
  format: string;
  issuedAt: Date;
  expiresAt: Date;
  /** As its status list entry says now. */
  status: CredentialStatus;
  /** Whether it follows a document (the holder's card) as well as the administrator's changes. */
  derived: boolean;
  holdReason: string | null;
  revocationReason: string | null;
}

/**
 * The credentials issued of one type, newest first, paged: minimised to what administration
 * needs — version, format, dates and status — never the claims (which are not kept) nor who holds them.
 */
export async function listIssuedCredentials(db: Database, typeId: string, paging: { offset: number; size: number }): Promise<{ items: IssuedCredentialSummary[]; total: number }> {
  const where = eq(issuedCredentials.typeId, typeId);
  const [rows, totals] = await Promise.all([
    db.select({
      id: issuedCredentials.id, typeVersion: issuedCredentials.typeVersion, format: issuedCredentials.format, issuedAt: issuedCredentials.issuedAt, expiresAt: issuedCredentials.expiresAt,
      list: issuedCredentials.statusList, index: issuedCredentials.statusIndex, documentRef: issuedCredentials.documentRef, holdReason: issuedCredentials.holdReason, revocationReason: issuedCredentials.revocationReason,
    }).from(issuedCredentials).where(where).orderBy(desc(issuedCredentials.issuedAt), desc(issuedCredentials.id)).limit(paging.size).offset(paging.offset),
    db.select({ n: count() }).from(issuedCredentials).where(where),
  ]);
  const lists = new Map((rows.length ? await db.select({ id: statusLists.id, statuses: statusLists.statuses }).from(statusLists).where(inArray(statusLists.id, [...new Set(rows.map((r) => r.list))])) : []).map((l) => [l.id, l.statuses]));
  return {
    items: rows.map((r) => ({
      id: r.id, typeVersion: r.typeVersion, format: r.format, issuedAt: r.issuedAt, expiresAt: r.expiresAt,
      status: BY_VALUE[readStatus(lists.get(r.list)!, r.index)] ?? 'invalid', derived: r.documentRef !== null, holdReason: r.holdReason, revocationReason: r.revocationReason,
    })),
    total: expectRow(totals).n,
  };
}

/** How many credentials each version of a type was issued as. */
export async function issuedCountsByVersion(db: Database, typeId: string): Promise<Map<number, number>> {
  const rows = await db.select({ version: issuedCredentials.typeVersion, n: count() }).from(issuedCredentials).where(eq(issuedCredentials.typeId, typeId)).groupBy(issuedCredentials.typeVersion);
  return new Map(rows.map((r) => [r.version, r.n]));
}

/** The type an issued credential is of. */
export async function issuedCredentialType(db: Database, id: string): Promise<string> {
  const [row] = await db.select({ typeId: issuedCredentials.typeId }).from(issuedCredentials).where(eq(issuedCredentials.id, id));
  if (!row) throw new IssuedCredentialNotFound();
  return row.typeId;
}
