// SPDX-License-Identifier: Apache-2.0
import { inArray, or } from 'drizzle-orm';
import { appendEvents, ValidationFailed, type LogEvent } from '@tessera/platform';
import { isAppointmentOpen } from '../domain/appointment-window.ts';
import type { ShipmentManifest } from '../domain/authority-link.ts';
import { centreByCode } from '../domain/centre-config.ts';
import { ManifestRejected } from '../domain/centre-errors.ts';
import { isOfferedSlot } from '../domain/pickup-slots.ts';
import { bookingRows } from './book-slot.ts';
import type { CentreDeps } from './centre-deps.ts';
import { arrival } from './confirm-arrival.ts';
import { handoverRows } from './handover-rows.ts';
import { manifestRows } from './receive-manifest.ts';
import { custodyRows } from './record-custody.ts';
import { appointments, custodyReports, handovers, shipments, staffCentres, stock } from './schema.ts';

/** One card of an imported shipment, and how far it got at the centre, each step with its time. */
export interface CardImport {
  documentNumber: string;
  /** Checked in by `operator` (a staff account of this centre); `bookingToken` is the link the applicant was e-mailed. */
  arrived?: { at: Date; operator: string; bookingToken: string };
  /** The applicant booked the slot starting `startsAt` (one the centre offers). */
  booked?: { at: Date; startsAt: Date };
  /** The guided handover inside that appointment: identity fetched, checks passed with the matcher's answer, receipt signed, card activated. */
  handedOver?: {
    operator: string; startedAt: Date; identifiedAt: Date; checkedAt: Date;
    biometric: { score: number; decision: 'match' | 'no_match'; matcher: string };
    receiptSignedBy: string; confirmedAt: Date; finishedAt: Date;
  };
}

/**
 * An action the live flow tells the authority of with its log entry (a check-in's custody
 * report, a handover's confirmation): the entry's text, which the authority keeps as a claim
 * this log must prove it holds (`importCentreLogClaims` on its side).
 */
export interface ReportedEntry {
  reference: string;
  action: 'arrived' | 'handed_over';
  logEntry: string;
}

export interface CentreImport {
  shipments: Array<{ manifest: ShipmentManifest; receivedAt: Date }>;
  cards: CardImport[];
}

/**
 * Shipments and their cards that arrive at the centre many at once — the demo world's first
 * month, a centre's records moved from another system — written as the centre's own flows leave
 * them (`receiveManifest`, `confirmArrival`, `bookSlot`, the guided handover up to
 * `finishHandover`, each custody report delivered): the same rows and log events, built by the
 * same functions, each step at its own time, in a dozen statements for the whole batch. The
 * authority's side is its own business (it is told over the exchange, or imports its records
 * itself). Everything the flows refuse is refused here, and one bad item writes nothing.
 */
export async function importCards(deps: CentreDeps, centreCode: string, o: CentreImport): Promise<{ shipments: number; cards: number; handedOver: number; reported: ReportedEntry[] }> {
  const centre = centreByCode(deps.centres, centreCode);
  if (!centre || !centre.live) throw new ManifestRejected('This manifest is not for this centre.');
  const problems: Array<{ code: string; path: string; message: string }> = [];
  const problem = (path: string, message: string) => problems.push({ code: 'invalid', path, message });
  return deps.db.transaction(async (tx) => {
    const manifests = o.shipments.map((s) => s.manifest);
    const announced = manifests.flatMap((m) => m.cards);
    for (const m of manifests) if (m.centre !== centre.code) throw new ManifestRejected('This manifest is not for this centre.');
    if (new Set(announced.map((c) => c.documentNumber)).size !== announced.length) throw new ManifestRejected('A card of this manifest was already announced.');
    const clash = announced.length === 0 ? [] : await tx.select({ id: stock.id }).from(stock)
      .where(or(inArray(stock.reference, announced.map((c) => c.reference)), inArray(stock.documentNumber, announced.map((c) => c.documentNumber)), inArray(stock.shipmentId, manifests.map((m) => m.shipmentId)))).limit(1);
    if (clash.length > 0) throw new ManifestRejected('A card of this manifest was already announced.');
    const operators = new Set([...o.cards.flatMap((c) => [c.arrived?.operator, c.handedOver?.operator])].filter((id): id is string => id !== undefined));
    const bound = operators.size === 0 ? [] : await tx.select().from(staffCentres).where(inArray(staffCentres.staffId, [...operators]));
    const ofCentre = new Set(bound.filter((b) => b.centre === centre.code).map((b) => b.staffId));
    const booked = await tx.select({ startsAt: appointments.startsAt, state: appointments.state, centre: appointments.centre }).from(appointments);
    const taken = new Map<number, number>();
    for (const a of booked) if (a.centre === centre.code && a.state !== 'cancelled') taken.set(a.startsAt.getTime(), (taken.get(a.startsAt.getTime()) ?? 0) + 1);

    const shipmentRows = [];
    const stockRows = new Map<string, ReturnType<typeof manifestRows>['stock'][number] & Record<string, unknown>>();
    const events: LogEvent[] = [];
    const receivedAt = new Map<string, Date>();
    for (const s of o.shipments) {
      const rows = manifestRows(centre.code, s.manifest, s.receivedAt);
      shipmentRows.push(rows.shipment);
      for (const row of rows.stock) {
        stockRows.set(row.documentNumber, row);
        receivedAt.set(row.documentNumber, s.receivedAt);
      }
      events.push(rows.event);
    }
    const reports = [];
    const reported: ReportedEntry[] = [];
    const appointmentRows = [];
    const handoverRowsOut = [];
    for (const [i, card] of o.cards.entries()) {
      const path = `cards/${i}`;
      const row = stockRows.get(card.documentNumber);
      if (!row) {
        problem(`${path}/documentNumber`, 'No shipment of this import announces this card.');
        continue;
      }
      if (!card.arrived) {
        if (card.booked || card.handedOver) problem(path, 'A card is booked or handed over only after it arrived.');
        continue;
      }
      const a = card.arrived;
      if (!ofCentre.has(a.operator)) problem(`${path}/arrived/operator`, 'The operator does not work at this centre.');
      if (a.at < receivedAt.get(card.documentNumber)!) problem(`${path}/arrived/at`, 'A card arrives after its manifest.');
      const custody = custodyRows(row, centre.code, arrival(deps, a.operator, a.bookingToken, a.at), a.at);
      Object.assign(row, custody.stock);
      // Delivered to the authority: marked sent, the booking link dropped, as `deliverCustodyReports` leaves it.
      const detail: Record<string, unknown> = { ...custody.report.detail };
      delete detail.bookingUrl;
      reports.push({ ...custody.report, detail, sentAt: a.at });
      reported.push({ reference: row.reference, action: 'arrived', logEntry: String(custody.report.detail.logEntry) });
      events.push(custody.event);
      if (!card.booked) {
        if (card.handedOver) problem(path, 'A card is handed over only inside a booked appointment.');
        continue;
      }
      const b = card.booked;
      const slot = b.startsAt.getTime();
      if (!isOfferedSlot(centre, b.startsAt) || b.startsAt <= b.at || b.at < a.at) problem(`${path}/booked/startsAt`, 'This slot is not offered.');
      taken.set(slot, (taken.get(slot) ?? 0) + 1);
      if (taken.get(slot)! > centre.slotCapacity) problem(`${path}/booked/startsAt`, 'This slot is full.');
      const booking = bookingRows(centre, row, b.startsAt, b.at);
      events.push(booking.event);
      const h = card.handedOver;
      if (!h) {
        appointmentRows.push(booking.appointment);
        continue;
      }
      if (!ofCentre.has(h.operator)) problem(`${path}/handedOver/operator`, 'The operator does not work at this centre.');
      const steps = [h.startedAt, h.identifiedAt, h.checkedAt, h.confirmedAt, h.finishedAt];
      if (steps.some((at, k) => k > 0 && at < steps[k - 1]!) || !steps.every((at) => isAppointmentOpen(booking.appointment, at))) problem(`${path}/handedOver`, 'Each step of a handover follows the last, inside its open appointment.');
      if (h.biometric.decision !== 'match') problem(`${path}/handedOver/biometric`, 'A handover whose biometric check failed stops there.');
      const started = handoverRows.started(centre.code, booking.appointment, row, h.operator, h.startedAt);
      const identified = handoverRows.identified(started.handover.id, centre.code, h.operator, h.identifiedAt);
      const checked = handoverRows.checked(started.handover.id, h.operator, identified.checks, { passportMatches: true, faceMatches: true, biometric: h.biometric }, h.checkedAt);
      const confirmed = handoverRows.confirmed(started.handover.id, centre.code, row, h.operator, h.receiptSignedBy, h.confirmedAt);
      const finished = handoverRows.finished(started.handover.id, row, h.operator, h.finishedAt);
      Object.assign(row, finished.stock);
      appointmentRows.push({ ...booking.appointment, ...finished.appointment });
      handoverRowsOut.push({ ...started.handover, checks: { ...checked.checks, ...confirmed.checks }, ...finished.handover });
      events.push(started.event, identified.event, checked.event, confirmed.event, finished.event);
      reported.push({ reference: row.reference, action: 'handed_over', logEntry: confirmed.checks.confirmedEntry });
    }
    if (problems.length > 0) throw new ValidationFailed(problems);

    await tx.insert(shipments).values(shipmentRows);
    for (const chunk of chunks([...stockRows.values()], 500)) await tx.insert(stock).values(chunk);
    for (const chunk of chunks(reports, 500)) await tx.insert(custodyReports).values(chunk);
    for (const chunk of chunks(appointmentRows, 500)) await tx.insert(appointments).values(chunk);
    for (const chunk of chunks(handoverRowsOut, 500)) await tx.insert(handovers).values(chunk);
    // The log in the order things happened, as the flows would have appended them one by one.
    await appendEvents(tx, events.map((e, k) => ({ e, k })).sort((x, y) => x.e.at.getTime() - y.e.at.getTime() || x.k - y.k).map((x) => x.e));
    return { shipments: shipmentRows.length, cards: stockRows.size, handedOver: handoverRowsOut.length, reported };
  });
}

function chunks<T>(rows: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < rows.length; start += size) out.push(rows.slice(start, start + size));
  return out;
}
