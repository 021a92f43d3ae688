// SPDX-License-Identifier: Apache-2.0
import { and, asc, eq, isNull, lte } from 'drizzle-orm';
import { retryDelayMs, type Clock, type Database } from '@tessera/platform';
import { deliveryRounds } from './delivery-rounds.ts';
import { dataAccessReports } from './schema.ts';
import type { VerifierDeps } from './verifier-deps.ts';

/** What the person's data tracker is told: a relying party received their data from a presentation. */
export interface DataAccessReport {
  identificationCode: string;
  purpose: string;
  client: string;
  service: string;
  /** The entry's identity (request and query): the tracker records a repeated report once. */
  messageId: string;
  at: Date;
}

/**
 * The verifier's data tracker when the tracker is another organisation's: each entry goes into
 * the outbox in the outcome's own transaction, so it exists exactly when the outcome committed.
 */
export const outboxDataTracker = (clock: Clock): NonNullable<VerifierDeps['dataTracker']> => async (tx, entry) => {
  const now = clock.now();
  await tx.insert(dataAccessReports).values({ ...entry, at: now, nextAttemptAt: now }).onConflictDoNothing();
};

/** How long a claimed report is left to its sender before another process may try it. */
const CLAIM_LEASE_MS = 60_000;

export interface DataAccessReportingOptions {
  db: Database;
  clock: Clock;
  /** Hands one report to the data tracker (over the exchange); throws when it was not taken. */
  send(report: DataAccessReport): Promise<void>;
  batchSize?: number;
  retryDelayMs?(attempts: number): number;
  signal?: AbortSignal;
}

/**
 * Sends the reports that are due, never with a transaction open while the tracker is called:
 * each is claimed in a short transaction (`FOR UPDATE SKIP LOCKED`, the attempt counted and
 * leased), committed, sent, and its outcome recorded in another. A failure is retried with
 * backoff, without end: a person's data tracker must not miss an access. A process that dies
 * mid-send leaves the report to be sent again when the lease ends (at least once; the tracker
 * keeps one entry per messageId).
 */
export async function deliverDataAccessReports(o: DataAccessReportingOptions): Promise<{ delivered: number; failed: number }> {
  const backoff = o.retryDelayMs ?? retryDelayMs;
  const report = { delivered: 0, failed: 0 };
  for (let i = 0; i < (o.batchSize ?? 50) && !o.signal?.aborted; i++) {
    const claimed = await o.db.transaction(async (tx) => {
      const now = o.clock.now();
      const [r] = await tx.select().from(dataAccessReports)
        .where(and(isNull(dataAccessReports.deliveredAt), lte(dataAccessReports.nextAttemptAt, now)))
        .orderBy(asc(dataAccessReports.nextAttemptAt)).limit(1).for('update', { skipLocked: true });
      if (!r) return null;
      const attempts = r.attempts + 1;
      await tx.update(dataAccessReports).set({ attempts, nextAttemptAt: new Date(now.getTime() + CLAIM_LEASE_MS) }).where(eq(dataAccessReports.messageId, r.messageId));
      return { ...r, attempts };
    });
    if (!claimed) break;
    let error: string | null = null;
    try {
      await o.send({ identificationCode: claimed.identificationCode, purpose: claimed.purpose, client: claimed.client, service: claimed.service, messageId: claimed.messageId, at: claimed.at });
    } catch (e) {
      // The error's class and code only: a message may echo the request.
      const code = (e as { code?: unknown } | null)?.code;
      error = e instanceof Error ? `${e.name}${typeof code === 'string' ? ` ${code}` : ''}` : 'Error';
    }
    const now = o.clock.now();
    if (error === null) {
      await o.db.update(dataAccessReports).set({ deliveredAt: now, lastError: null }).where(eq(dataAccessReports.messageId, claimed.messageId));
      report.delivered++;
    } else {
      await o.db.update(dataAccessReports).set({ lastError: error, nextAttemptAt: new Date(now.getTime() + backoff(claimed.attempts)) })
        .where(and(eq(dataAccessReports.messageId, claimed.messageId), isNull(dataAccessReports.deliveredAt)));
      report.failed++;
    }
  }
  return report;
}

/** Reports on an interval, and at once when nudged (after an outcome commits); see deliveryRounds. */
export function startDataAccessReporting(o: DataAccessReportingOptions & { intervalMs?: number; onError(error: unknown): void }): { nudge(): void; stop(): Promise<void> } {
  return deliveryRounds((signal) => deliverDataAccessReports({ ...o, signal }), o);
}
