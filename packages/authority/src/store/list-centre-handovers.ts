// SPDX-License-Identifier: Apache-2.0
import { and, asc, count, eq } from 'drizzle-orm';
import type { Clock, Database } from '@tessera/platform';
import { applications, personalDataAccess } from './schema.ts';

export interface CentreHandover {
  id: string;
  reference: string;
  givenNames: string;
  surname: string;
  decidedAt: Date | null;
}

/**
 * What a partner centre needs to hand cards over: approved applications for that centre only,
 * with the names the operator checks against the passport, and nothing else (no documents,
 * no checks, no contact details). Each name shown is an access to personal data, recorded.
 */
export async function listCentreHandovers(db: Database, clock: Clock, centreId: string, staffId: string, paging: { offset: number; size: number }): Promise<{ items: CentreHandover[]; total: number }> {
  return db.transaction(async (tx) => {
    const where = and(eq(applications.pickupLocation, centreId), eq(applications.status, 'approved'));
    const items = await tx.select({ id: applications.id, reference: applications.reference, givenNames: applications.givenNames, surname: applications.surname, decidedAt: applications.decidedAt })
      .from(applications).where(where).orderBy(asc(applications.decidedAt), asc(applications.id)).limit(paging.size).offset(paging.offset);
    const [total] = await tx.select({ n: count() }).from(applications).where(where);
    if (items.length > 0) {
      const at = clock.now();
      await tx.insert(personalDataAccess).values(items.map((i) => ({ applicationId: i.id, staffId, at, purpose: 'handover preparation' })));
    }
    return { items, total: total!.n };
  });
}
