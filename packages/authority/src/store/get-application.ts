// SPDX-License-Identifier: Apache-2.0
import { and, asc, desc, eq } from 'drizzle-orm';
import { NotFound, type Clock, type Database } from '@tessera/platform';
import { allowedActions } from '../domain/application/application-status.ts';
import { applicationEvents, applicationFiles, applications, checkResults, personalDataAccess, type ApplicationRow } from './schema.ts';

export interface ApplicationDetail {
  application: Omit<ApplicationRow, 'statusTokenHash' | 'nameKey' | 'documentKey'>;
  checks: Array<typeof checkResults.$inferSelect>;
  history: Array<typeof applicationEvents.$inferSelect>;
  files: Array<{ kind: string; mediaType: string; size: number; width: number | null; height: number | null; sha256: string }>;
  actions: string[];
  accessLog: Array<{ staffId: string; at: Date; purpose: string }>;
}

/**
 * An application as an officer sees it. Opening it is an access to personal data, so it is
 * recorded with the officer and purpose before anything is returned.
 */
export async function getApplication(db: Database, clock: Clock, id: string, access: { staffId: string; purpose: string }): Promise<ApplicationDetail> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(applications).where(eq(applications.id, id));
    if (!row) throw new NotFound('No such application.');
    await tx.insert(personalDataAccess).values({ applicationId: id, staffId: access.staffId, purpose: access.purpose, at: clock.now() });
    const [checks, history, files, accessLog] = await Promise.all([
      tx.select().from(checkResults).where(eq(checkResults.applicationId, id)).orderBy(asc(checkResults.check)),
      tx.select().from(applicationEvents).where(eq(applicationEvents.applicationId, id)).orderBy(asc(applicationEvents.id)),
      tx.select({ kind: applicationFiles.kind, mediaType: applicationFiles.mediaType, size: applicationFiles.size, width: applicationFiles.width, height: applicationFiles.height, sha256: applicationFiles.sha256 })
        .from(applicationFiles).where(eq(applicationFiles.applicationId, id)),
      tx.select({ staffId: personalDataAccess.staffId, at: personalDataAccess.at, purpose: personalDataAccess.purpose })
        .from(personalDataAccess).where(eq(personalDataAccess.applicationId, id)).orderBy(desc(personalDataAccess.id)).limit(50),
    ]);
    const { statusTokenHash: _t, nameKey: _n, documentKey: _d, ...application } = row;
    return { application, checks, history, files, actions: allowedActions(row.status), accessLog };
  });
}

/**
 * One uploaded file, for an officer. Opening a photo or passport scan is an access to personal
 * data like opening the application, so it is recorded (with the file kind) in the same
 * transaction that reads the bytes: no file leaves without its record.
 */
/** The record of a staff member (or a centre's operator) opening an applicant's file, with its purpose. */
export function fileAccessRow(id: string, kind: 'photo' | 'passport_scan', access: { staffId: string; purpose: string }, at: Date) {
  return { applicationId: id, staffId: access.staffId, purpose: `${access.purpose} (${kind === 'photo' ? 'photo' : 'passport scan'})`, at };
}

export async function getApplicationFile(db: Database, clock: Clock, id: string, kind: 'photo' | 'passport_scan', access: { staffId: string; purpose: string }): Promise<{ mediaType: string; bytes: Buffer }> {
  return db.transaction(async (tx) => {
    const [file] = await tx.select({ mediaType: applicationFiles.mediaType, bytes: applicationFiles.bytes }).from(applicationFiles)
      .where(and(eq(applicationFiles.applicationId, id), eq(applicationFiles.kind, kind)));
    if (!file) throw new NotFound('No such file.');
    await tx.insert(personalDataAccess).values(fileAccessRow(id, kind, access, clock.now()));
    return file;
  });
}
