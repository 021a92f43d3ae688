// SPDX-License-Identifier: Apache-2.0
import { and, asc, count, desc, eq, type SQL } from 'drizzle-orm';
import type { Database } from '@tessera/platform';
import type { ApplicationStatus } from '../domain/application/application-status.ts';
import { applications } from './schema.ts';

export interface ApplicationFilters {
  status?: ApplicationStatus;
  pickupLocation?: string;
  flagged?: boolean;
  reference?: string;
}

export interface QueueItem {
  id: string;
  reference: string;
  status: ApplicationStatus;
  citizenship: string;
  pickupLocation: string;
  flagged: boolean;
  submittedAt: Date | null;
  firstApprover: string | null;
}

/**
 * The officers' queue: oldest submission first, so the 30-day decision deadline is met in order.
 * Returns no names: the queue shows references; personal data is opened per application and
 * that access is recorded.
 */
export async function listApplications(db: Database, filters: ApplicationFilters, paging: { offset: number; size: number }): Promise<{ items: QueueItem[]; total: number }> {
  const where: SQL[] = [];
  if (filters.status) where.push(eq(applications.status, filters.status));
  if (filters.pickupLocation) where.push(eq(applications.pickupLocation, filters.pickupLocation));
  if (filters.flagged !== undefined) where.push(eq(applications.flagged, filters.flagged));
  if (filters.reference) where.push(eq(applications.reference, filters.reference.trim().toUpperCase()));
  const condition = where.length ? and(...where) : undefined;
  const [items, [total]] = await Promise.all([
    db.select({
      id: applications.id,
      reference: applications.reference,
      status: applications.status,
      citizenship: applications.citizenship,
      pickupLocation: applications.pickupLocation,
      flagged: applications.flagged,
      submittedAt: applications.submittedAt,
      firstApprover: applications.firstApprover,
    }).from(applications).where(condition)
      .orderBy(asc(applications.submittedAt), desc(applications.createdAt), asc(applications.id))
      .limit(paging.size).offset(paging.offset),
    db.select({ n: count() }).from(applications).where(condition),
  ]);
  return { items, total: total!.n };
}
