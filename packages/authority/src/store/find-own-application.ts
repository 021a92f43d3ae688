// SPDX-License-Identifier: Apache-2.0
import { eq } from 'drizzle-orm';
import { NotFound, type Database } from '@tessera/platform';
import { applications, pickupLocations } from './schema.ts';
import { hashToken } from './submit-application.ts';

/** What the applicant sees on their private status page: their own application, found by the link's token. */
export async function findOwnApplication(db: Database, statusToken: string) {
  const [row] = await db.select({
    id: applications.id,
    reference: applications.reference,
    status: applications.status,
    givenNames: applications.givenNames,
    surname: applications.surname,
    feeMinor: applications.feeMinor,
    currency: applications.currency,
    paymentStatus: applications.paymentStatus,
    pickupLocation: pickupLocations.name,
    locale: applications.locale,
    createdAt: applications.createdAt,
    submittedAt: applications.submittedAt,
    decidedAt: applications.decidedAt,
    rejectionNote: applications.rejectionNote,
  }).from(applications)
    .innerJoin(pickupLocations, eq(pickupLocations.code, applications.pickupLocation))
    .where(eq(applications.statusTokenHash, hashToken(statusToken)));
  if (!row) throw new NotFound('No application was found for this link. Check that you opened the whole link from your e-mail.');
  return row;
}
