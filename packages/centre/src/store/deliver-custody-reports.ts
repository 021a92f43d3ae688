// SPDX-License-Identifier: Apache-2.0
import { asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { CustodyReport } from '../domain/authority-link.ts';
import type { CentreDeps } from './centre-deps.ts';
import { custodyReports } from './schema.ts';

/**
 * Sends the custody outbox to the authority, centre by centre, oldest first, outside any
 * transaction; a report is marked sent (and its booking link dropped) only once the authority
 * accepted it, so a failed call is retried on the next run and the authority sees each once.
 */
export async function deliverCustodyReports(deps: CentreDeps, batch = 100): Promise<{ sent: number; failed: number }> {
  const pending = await deps.db.select().from(custodyReports).where(isNull(custodyReports.sentAt)).orderBy(asc(custodyReports.id)).limit(batch);
  let sent = 0;
  let failed = 0;
  for (const centre of new Set(pending.map((r) => r.centre))) {
    const rows = pending.filter((r) => r.centre === centre);
    const reports: CustodyReport[] = rows.map((r) => ({
      reference: r.reference, documentNumber: r.documentNumber, event: r.event as CustodyReport['event'], actor: r.actor, at: r.at.toISOString(),
      ...(typeof r.detail.reason === 'string' ? { reason: r.detail.reason } : {}),
      ...(typeof r.detail.bookingUrl === 'string' ? { bookingUrl: r.detail.bookingUrl } : {}),
      ...(typeof r.detail.note === 'string' ? { note: r.detail.note } : {}),
      logEntry: typeof r.detail.logEntry === 'string' ? r.detail.logEntry : '',
    }));
    try {
      await deps.authority.reportCustody(centre, reports);
      await deps.db.update(custodyReports).set({ sentAt: deps.clock.now(), detail: sql`${custodyReports.detail} - 'bookingUrl'` }).where(inArray(custodyReports.id, rows.map((r) => r.id)));
      sent += rows.length;
    } catch {
      for (const r of rows) await deps.db.update(custodyReports).set({ attempts: sql`${custodyReports.attempts} + 1` }).where(eq(custodyReports.id, r.id));
      failed += rows.length;
    }
  }
  return { sent, failed };
}
