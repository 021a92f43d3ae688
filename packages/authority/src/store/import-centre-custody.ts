// SPDX-License-Identifier: Apache-2.0
import { and, eq, inArray } from 'drizzle-orm';
import { appendEvents, enqueueMails, NotFound, ValidationFailed, type MailMessage } from '@tessera/platform';
import type { BiometricResult } from '../domain/biometrics/biometric-matcher.ts';
import type { AuthorityDeps } from './authority-deps.ts';
import { CardNotAtCentre, CentreSuspended, NotACentre } from '../domain/authority-errors.ts';
import { dispatchedRows, shipmentSentEvent } from './dispatch-shipments.ts';
import { fileAccessRow } from './get-application.ts';
import { handedOverRows } from './hand-over-at-centre.ts';
import { identityAccess, identityReleased } from './identify-for-handover.ts';
import { biometricAccess, biometricChecked } from './match-at-handover.ts';
import { recordChanges, type ApplicationChange } from './record-change.ts';
import { reportedRows, type CentreCustodyReport } from './record-custody-reports.ts';
import { applicationFiles, applications, cardCustody, partnerCentres, personalDataAccess, pickupLocations, shipments } from './schema.ts';

/** One card's way through a partner centre, each step with its time, as the centre told the authority. */
export interface CustodyImport {
  reference: string;
  shipmentId: string;
  /** The centre's arrival report (with the applicant's booking link) and when the authority recorded it. */
  arrived?: { report: Omit<CentreCustodyReport, 'reference' | 'documentNumber' | 'event' | 'logEntry'> & { logEntry?: string }; recordedAt: Date };
  /** The handover: the identity released, the live sample compared by the authority's matcher, the card activated. */
  handedOver?: { operator: string; identifiedAt: Date; matchedAt: Date; sample: Uint8Array; at: Date };
}

export interface CentreCustodyImport {
  location: string;
  shipments: Array<{ id: string; createdAt: Date; sentAt: Date }>;
  cards: CustodyImport[];
}

/**
 * A partner centre's records that reach the authority many at once — the demo world's first
 * month — written as its own flows leave them: `dispatchShipments` (the manifest sent),
 * `recordCustodyReports` (arrival, with the applicant's e-mail), `identifyForHandover` and
 * `matchAtHandover` (each read of the photo recorded with its purpose, the built-in or certified
 * matcher really comparing the sample), `handOverAtCentre` (the card activated by the card
 * issuer): the same rows, history, log events and e-mails, built by the same functions, in a
 * dozen statements plus one activation per card handed over (by the card issuer, outside this
 * transaction and before it, as `handOverAtCentre` has it). Checked as those flows check: the
 * centre active, each card approved, personalised for that centre and still on hold, each
 * sample a match; one refused item writes nothing. Answers the matcher's result per reference.
 */
export async function importCentreCustody(deps: AuthorityDeps, o: CentreCustodyImport): Promise<Map<string, BiometricResult & { matcher: string }>> {
  if (!deps.cards) throw new NotFound('Cards are not issued by this installation.');
  const cardDesk = deps.cards;
  const db = deps.db;
  const [centre] = await db.select().from(partnerCentres).where(eq(partnerCentres.location, o.location));
  if (!centre) throw new NotACentre('The caller is not a collection centre.');
  if (centre.state !== 'active') throw new CentreSuspended('This centre is suspended by the authority.');
  const [place] = await db.select().from(pickupLocations).where(eq(pickupLocations.code, o.location));
  const references = o.cards.map((c) => c.reference);
  const apps = new Map((references.length === 0 ? [] : await db.select().from(applications).where(and(inArray(applications.reference, references), eq(applications.status, 'approved')))).map((a) => [a.reference, a]));
  const cards = await cardDesk.cardsFor(references);
  const already = references.length === 0 ? [] : await db.select({ reference: cardCustody.reference }).from(cardCustody).where(inArray(cardCustody.reference, references)).limit(1);
  if (already.length > 0) throw new CardNotAtCentre('A card of this import already has a chain of custody.');
  const shipmentsById = new Map(o.shipments.map((s) => [s.id, s]));
  const problems: Array<{ code: string; path: string; message: string }> = [];
  for (const [i, c] of o.cards.entries()) {
    const card = cards.get(c.reference);
    if (!apps.has(c.reference) || !card || card.pickupLocation !== o.location || card.state !== 'personalised') problems.push({ code: 'invalid', path: `cards/${i}/reference`, message: 'No card on hold for this centre has this reference.' });
    if (!shipmentsById.has(c.shipmentId)) problems.push({ code: 'invalid', path: `cards/${i}/shipmentId`, message: 'No shipment of this import has this id.' });
    if (c.handedOver && !c.arrived) problems.push({ code: 'invalid', path: `cards/${i}/handedOver`, message: 'A card is handed over only after it arrived.' });
  }
  if (problems.length > 0) throw new ValidationFailed(problems);

  const photos = new Map<string, Uint8Array>();
  const handedOver = o.cards.filter((c) => c.handedOver).map((c) => apps.get(c.reference)!.id);
  if (handedOver.length > 0) {
    if (!deps.biometrics) throw new CardNotAtCentre('No biometric matcher is configured.');
    for (const f of await db.select({ id: applicationFiles.applicationId, bytes: applicationFiles.bytes }).from(applicationFiles).where(and(inArray(applicationFiles.applicationId, handedOver), eq(applicationFiles.kind, 'photo')))) {
      photos.set(f.id, new Uint8Array(f.bytes));
    }
  }
  const custody: Array<typeof cardCustody.$inferInsert> = [];
  const changes: ApplicationChange[] = [];
  const accesses: Array<ReturnType<typeof fileAccessRow>> = [];
  const mails = new Map<number, MailMessage[]>();
  const results = new Map<string, BiometricResult & { matcher: string }>();
  const inShipment = new Map<string, string[]>();
  for (const [i, c] of o.cards.entries()) {
    const app = apps.get(c.reference)!;
    const card = cards.get(c.reference)!;
    const shipment = shipmentsById.get(c.shipmentId)!;
    const dispatched = dispatchedRows(app, card, o.location, shipment.id, shipment.createdAt);
    custody.push(dispatched.custody);
    changes.push(dispatched.change);
    inShipment.set(shipment.id, [...(inShipment.get(shipment.id) ?? []), card.documentNumber]);
    if (!c.arrived) continue;
    const reported = reportedRows({ ...c.arrived.report, logEntry: c.arrived.report.logEntry ?? '', reference: c.reference, documentNumber: card.documentNumber, event: 'arrived' }, o.location, dispatched.custody, app, place, c.arrived.recordedAt);
    custody.push(reported.custody);
    if (reported.change) changes.push(reported.change);
    if (reported.mail) mails.set(c.arrived.recordedAt.getTime(), [...(mails.get(c.arrived.recordedAt.getTime()) ?? []), reported.mail]);
    const h = c.handedOver;
    if (!h) continue;
    accesses.push(fileAccessRow(app.id, 'photo', identityAccess(o.location, h.operator), h.identifiedAt));
    changes.push(identityReleased(app.id, o.location, h.operator, h.identifiedAt));
    const result = await deps.biometrics!.compare(photos.get(app.id)!, h.sample);
    if (result.decision !== 'match') throw new ValidationFailed([{ code: 'invalid', path: `cards/${i}/handedOver/sample`, message: 'The sample does not match the enrolled photo: the handover stops there.' }]);
    results.set(c.reference, { ...result, matcher: deps.biometrics!.name });
    accesses.push(fileAccessRow(app.id, 'photo', biometricAccess(o.location, h.operator), h.matchedAt));
    changes.push(biometricChecked(app.id, o.location, h.operator, deps.biometrics!.name, result, h.matchedAt));
    const rows = handedOverRows(c.reference, card, o.location, h.operator, shipment.id, h.at);
    custody.push(rows.custody);
    changes.push(rows.change(app.id));
  }
  // The card issuer activates each card handed over, as `handOverAtCentre` has it do: outside the
  // authority's transaction (it is another organisation's register), before the records of it.
  for (const c of o.cards) if (c.handedOver) await cardDesk.handOver(c.reference, `${o.location}:${c.handedOver.operator}`);
  await deps.db.transaction(async (tx) => {
    if (o.shipments.length > 0) await tx.insert(shipments).values(o.shipments.map((s) => ({ id: s.id, location: o.location, state: 'sent' as const, createdAt: s.createdAt, sentAt: s.sentAt })));
    for (let start = 0; start < custody.length; start += 1000) await tx.insert(cardCustody).values(custody.slice(start, start + 1000));
    if (accesses.length > 0) await tx.insert(personalDataAccess).values(accesses);
    await recordChanges(tx, deps.clock, [...changes].sort((a, b) => (a.at?.getTime() ?? 0) - (b.at?.getTime() ?? 0)));
    await appendEvents(tx, o.shipments.map((s) => shipmentSentEvent(s.id, o.location, inShipment.get(s.id) ?? [], s.sentAt)));
    for (const [at, batch] of mails) await enqueueMails(tx, batch, new Date(at));
  });
  return results;
}
