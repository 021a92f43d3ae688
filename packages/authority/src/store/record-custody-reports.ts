// SPDX-License-Identifier: Apache-2.0
import { and, eq, inArray } from 'drizzle-orm';
import { appendEvent, enqueueMail, type MailMessage } from '@tessera/platform';
import { applicantMail } from '../domain/application/applicant-mail.ts';
import type { ExpectedEntry } from '../domain/oversight/centre-log-entry.ts';
import type { AuthorityDeps } from './authority-deps.ts';
import { recordLogClaim } from './centre-log-claims.ts';
import { CardNotAtCentre, CustodyOutOfOrder } from '../domain/authority-errors.ts';
import { recordChange, type ApplicationChange } from './record-change.ts';
import { applications, cardCustody, handoverFailures, pickupLocations, type ApplicationRow, type CardCustodyRow } from './schema.ts';

/** One step of a card at a centre, as the centre reports it over the exchange. */
export interface CentreCustodyReport {
  reference: string;
  documentNumber: string;
  /** `handover_stopped`: a handover of the card stopped at the desk; the card stays in stock. */
  event: 'arrived' | 'missing' | 'damaged' | 'returned' | 'destroyed' | 'handover_stopped';
  /** With `handover_stopped`: why (a failed check, a refused receipt…). */
  reason?: string;
  actor: string;
  at: string;
  bookingUrl?: string;
  note?: string;
  /** With `arrived`: where and when the holder can collect it, for the e-mail. */
  pickup?: { address: string; hours: string };
  /** The centre's own log entry recording this action, exactly as its log hashes it; the authority later asks for its inclusion proof. */
  logEntry: string;
}

/** What the centre's log entry for a report must say (see `reportedEntryLeaf`). */
export function expectedReportEntry(report: CentreCustodyReport, location: string): ExpectedEntry {
  if (report.event === 'handover_stopped') {
    return { type: 'handover.stopped', actor: report.actor, at: report.at, data: { centre: location, reference: report.reference, ...(report.reason ? { reason: report.reason } : {}) } };
  }
  return { type: `card.${report.event}`, actor: report.actor, subject: report.documentNumber, at: report.at, data: { centre: location, reference: report.reference } };
}

/** The event each step must follow in a card's chain of custody. */
const AFTER: Record<Exclude<CentreCustodyReport['event'], 'handover_stopped'>, string> = { arrived: 'dispatched', missing: 'dispatched', damaged: 'dispatched', returned: 'arrived', destroyed: 'arrived' };
/** Events after which a card has left the centre's hands. */
const FINAL = ['missing', 'damaged', 'handed_over', 'returned', 'destroyed'];

/**
 * What recording one report writes, the authority's clock reading `at`: the custody link, the
 * application's history and, on arrival, the applicant's e-mail with the booking link (shared
 * with `importCentreCustody`).
 */
export function reportedRows(
  report: CentreCustodyReport, location: string, dispatched: Pick<CardCustodyRow, 'shipmentId' | 'detail'>, app: ApplicationRow | undefined, place: { name: string } | undefined, at: Date,
): { custody: typeof cardCustody.$inferInsert; change: ApplicationChange | null; mail: MailMessage | null } {
  const actor = `${location}:${report.actor}`;
  return {
    custody: { reference: report.reference, documentNumber: report.documentNumber, location, event: report.event, actor, at: new Date(report.at), shipmentId: dispatched.shipmentId, detail: report.note ? { note: report.note } : {} },
    change: app ? { applicationId: app.id, actor, type: `card_${report.event}`, detail: { documentNumber: report.documentNumber, location }, at } : null,
    mail: app && report.event === 'arrived' && report.bookingUrl?.startsWith('http') ? {
      to: app.email,
      ...applicantMail('card_ready', app.locale, {
        name: app.givenNames, reference: app.reference, location: place?.name ?? location, address: report.pickup?.address ?? '', hours: report.pickup?.hours ?? '',
        link: report.bookingUrl, collectBy: String(dispatched.detail.collectBy ?? ''),
      }),
      locale: app.locale,
      idempotencyKey: `application:${app.id}:card_ready`,
    } : null,
  };
}

/**
 * Adds the centre's reports to each card's chain of custody, all or none: every card must have
 * been dispatched to this centre and the step must follow the chain; a stopped handover is kept
 * with its reason. A report already recorded
 * (a retried or replayed message) is skipped. When a card arrives, the applicant is e-mailed the
 * centre's booking link, in the transaction that records the arrival. Each report carries the
 * centre's log entry for it: one that does not record the reported action refuses the whole
 * batch; the others are kept as claims the centre's next tree heads must prove.
 */
export async function recordCustodyReports(deps: AuthorityDeps, location: string, reports: readonly CentreCustodyReport[]): Promise<{ recorded: number }> {
  return deps.db.transaction(async (tx) => {
    const references = [...new Set(reports.map((r) => r.reference))];
    if (references.length === 0) return { recorded: 0 };
    const chain = await tx.select().from(cardCustody).where(inArray(cardCustody.reference, references));
    const apps = await tx.select().from(applications).where(inArray(applications.reference, references));
    const [place] = await tx.select().from(pickupLocations).where(eq(pickupLocations.code, location));
    let recorded = 0;
    for (const report of reports) {
      await recordLogClaim(tx, deps.clock, { location, action: report.event, reference: report.reference, entry: report.logEntry, expected: expectedReportEntry(report, location) });
      const events = chain.filter((c) => c.reference === report.reference);
      const dispatched = events.find((e) => e.event === 'dispatched');
      if (!dispatched || dispatched.location !== location || dispatched.documentNumber !== report.documentNumber) throw new CardNotAtCentre('A reported card was not sent to this centre.');
      if (report.event === 'handover_stopped') {
        if (!events.some((e) => e.event === 'arrived') || events.some((e) => FINAL.includes(e.event))) throw new CustodyOutOfOrder('A handover can only stop for a card in stock.');
        const [failure] = await tx.insert(handoverFailures).values({
          location, reference: report.reference, documentNumber: report.documentNumber, reason: report.reason ?? 'unspecified', actor: `${location}:${report.actor}`, at: new Date(report.at),
        }).onConflictDoNothing().returning();
        const app = apps.find((a) => a.reference === report.reference);
        if (failure && app) {
          recorded++;
          await recordChange(tx, deps.clock, { applicationId: app.id, actor: failure.actor, type: 'handover_stopped', detail: { documentNumber: report.documentNumber, location, reason: failure.reason } });
        } else if (failure) {
          recorded++;
          await appendEvent(tx, { context: 'authority', type: 'centre.handover_stopped', subject: report.reference, actor: failure.actor, at: deps.clock.now(), data: { location, reason: failure.reason } });
        }
        continue;
      }
      if (events.some((e) => e.event === report.event)) continue;
      const after = AFTER[report.event];
      if (!events.some((e) => e.event === after) || events.some((e) => FINAL.includes(e.event))) throw new CustodyOutOfOrder(`A card cannot be ${report.event} now.`);
      const app = apps.find((a) => a.reference === report.reference);
      const rows = reportedRows(report, location, dispatched, app, place, deps.clock.now());
      const [row] = await tx.insert(cardCustody).values(rows.custody).onConflictDoNothing().returning();
      if (!row) continue;
      chain.push(row);
      recorded++;
      if (rows.change) await recordChange(tx, deps.clock, rows.change);
      if (rows.mail) await enqueueMail(tx, rows.mail, deps.clock.now());
    }
    return { recorded };
  });
}

/** A card's chain of custody, oldest first, as the authority's officers see it. */
export async function custodyOf(deps: Pick<AuthorityDeps, 'db'>, reference: string) {
  return deps.db.select().from(cardCustody).where(and(eq(cardCustody.reference, reference))).orderBy(cardCustody.at, cardCustody.id);
}
