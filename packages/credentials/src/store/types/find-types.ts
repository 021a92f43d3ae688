// SPDX-License-Identifier: Apache-2.0
import { and, asc, desc, eq } from 'drizzle-orm';
import type { Database } from '@tessera/platform';
import { CredentialTypeNotFound } from '../../domain/credentials-errors.ts';
import type { CredentialType } from '../../domain/types/credential-type.ts';
import { credentialTypes } from '../schema.ts';

export interface TypeVersion {
  type: CredentialType;
  status: 'active' | 'superseded' | 'retired';
  publishedAt: Date;
  retiredAt: Date | null;
}

/** The current version of every type that may be issued, by id. */
export async function activeTypes(db: Database): Promise<CredentialType[]> {
  const rows = await db.select({ definition: credentialTypes.definition }).from(credentialTypes).where(eq(credentialTypes.status, 'active')).orderBy(asc(credentialTypes.id));
  return rows.map((r) => r.definition);
}

/** Every type's newest version with its status (active or retired), for the administrator. */
export async function listTypes(db: Database): Promise<TypeVersion[]> {
  const rows = await db.selectDistinctOn([credentialTypes.id]).from(credentialTypes).orderBy(asc(credentialTypes.id), desc(credentialTypes.version));
  return rows.map(toVersion);
}

/** One type's history, newest version first. */
export async function typeHistory(db: Database, id: string): Promise<TypeVersion[]> {
  const rows = await db.select().from(credentialTypes).where(eq(credentialTypes.id, id)).orderBy(desc(credentialTypes.version));
  if (rows.length === 0) throw new CredentialTypeNotFound(id);
  return rows.map(toVersion);
}

/** A given version, or the newest when none is given. */
export async function findType(db: Database, id: string, version?: number): Promise<TypeVersion> {
  const where = version === undefined ? eq(credentialTypes.id, id) : and(eq(credentialTypes.id, id), eq(credentialTypes.version, version));
  const [row] = await db.select().from(credentialTypes).where(where).orderBy(desc(credentialTypes.version)).limit(1);
  if (!row) throw new CredentialTypeNotFound(id);
  return toVersion(row);
}

function toVersion(row: typeof credentialTypes.$inferSelect): TypeVersion {
  return { type: row.definition, status: row.status, publishedAt: row.publishedAt, retiredAt: row.retiredAt };
}
