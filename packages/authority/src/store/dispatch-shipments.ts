// SPDX-License-Identifier: Apache-2.0
import { randomUUID } from 'node:crypto';
import { and, asc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import { appendEvent } from '@tessera/platform';
import type { AuthorityDeps } from './authority-deps.ts';
import type { CardSummary } from '../cards/card-desk.ts';
import { recordChange, type ApplicationChange } from './record-change.ts';
import { applications, cardCustody, partnerCentres, shipments } from './schema.ts';

/** What a shipment manifest says: ids, document numbers and deadlines, no personal data. */
export interface ShipmentManifest {
  shipmentId: string;
  centre: string;
  sentAt: string;
  cards: Array<{ reference: string; documentNumber: string; collectBy: string; dataSubject: string }>;
}

/** What a card joining a shipment writes at `at`: the first link of its chain of custody and its history (shared with `importCentreCustody`). */
export function dispatchedRows(application: { id: string; reference: string }, card: CardSummary, location: string, shipmentId: string, at: Date) {
  return {
    custody: { reference: application.reference, documentNumber: card.documentNumber, location, event: 'dispatched', actor: 'card-bureau', at, shipmentId, detail: { collectBy: card.collectBy, dataSubject: `EE${card.holderCode}` } },
    change: { applicationId: application.id, actor: 'system', type: 'card_dispatched', detail: { shipment: shipmentId, documentNumber: card.documentNumber, location }, at } satisfies ApplicationChange,
  };
}

/** The log event of a manifest the centre acknowledged (shared with `importCentreCustody`). */
export function shipmentSentEvent(shipmentId: string, location: string, documentNumbers: string[], at: Date) {
  return { context: 'authority', type: 'shipment.sent', subject: shipmentId, actor: 'system', at, data: { location, cards: documentNumbers } };
}

/**
 * Cards leave the card bureau: every personalised card for an active partner centre that is not
 * yet in a shipment joins one (one per centre per run), its chain of custody starting with
 * `dispatched`; after commit each pending manifest is sent to its centre over the exchange, and
 * a manifest the centre did not acknowledge is sent again on the next run (the centre treats
 * the same shipment id as one).
 */
export async function dispatchShipments(deps: AuthorityDeps): Promise<{ created: number; sent: number }> {
  if (!deps.cards || !deps.centreExchange) return { created: 0, sent: 0 };
  const candidates = await deps.db.select({ id: applications.id, reference: applications.reference, location: applications.pickupLocation })
    .from(applications)
    .innerJoin(partnerCentres, and(eq(partnerCentres.location, applications.pickupLocation), eq(partnerCentres.state, 'active')))
    .leftJoin(cardCustody, and(eq(cardCustody.reference, applications.reference), eq(cardCustody.event, 'dispatched')))
    .where(and(eq(applications.status, 'approved'), isNotNull(applications.cardDocumentNumber), isNull(cardCustody.id)))
    .orderBy(asc(applications.cardOrderedAt)).limit(500);
  const cards = await deps.cards.cardsFor(candidates.map((c) => c.reference));
  let created = 0;
  for (const location of new Set(candidates.map((c) => c.location))) {
    const ready = candidates.filter((c) => c.location === location && cards.get(c.reference)?.state === 'personalised' && cards.get(c.reference)?.pickupLocation === location);
    if (ready.length === 0) continue;
    await deps.db.transaction(async (tx) => {
      const now = deps.clock.now();
      const id = `SHP-${now.toISOString().slice(0, 10).replaceAll('-', '')}-${randomUUID().slice(0, 8)}`;
      await tx.insert(shipments).values({ id, location, state: 'pending', createdAt: now });
      for (const c of ready) {
        const rows = dispatchedRows(c, cards.get(c.reference)!, location, id, now);
        await tx.insert(cardCustody).values(rows.custody);
        await recordChange(tx, deps.clock, rows.change);
      }
    });
    created++;
  }
  return { created, sent: await sendPendingManifests(deps) };
}

async function sendPendingManifests(deps: AuthorityDeps): Promise<number> {
  const pending = await deps.db.select({ id: shipments.id, location: shipments.location, createdAt: shipments.createdAt, client: partnerCentres.exchangeClient })
    .from(shipments).innerJoin(partnerCentres, and(eq(partnerCentres.location, shipments.location), eq(partnerCentres.state, 'active')))
    .where(eq(shipments.state, 'pending')).orderBy(asc(shipments.createdAt)).limit(20);
  let sent = 0;
  for (const s of pending) {
    const rows = await deps.db.select().from(cardCustody).where(and(eq(cardCustody.shipmentId, s.id), eq(cardCustody.event, 'dispatched')));
    const manifest: ShipmentManifest = {
      shipmentId: s.id, centre: s.location, sentAt: s.createdAt.toISOString(),
      cards: rows.map((r) => ({ reference: r.reference, documentNumber: r.documentNumber, collectBy: String(r.detail.collectBy), dataSubject: String(r.detail.dataSubject) })),
    };
    try {
      await deps.centreExchange!.sendManifest(s.client, manifest);
    } catch {
      await deps.db.update(shipments).set({ attempts: sql`${shipments.attempts} + 1` }).where(eq(shipments.id, s.id));
      continue;
    }
    await deps.db.transaction(async (tx) => {
      const now = deps.clock.now();
      await tx.update(shipments).set({ state: 'sent', sentAt: now }).where(and(eq(shipments.id, s.id), eq(shipments.state, 'pending')));
      await appendEvent(tx, shipmentSentEvent(s.id, s.location, manifest.cards.map((c) => c.documentNumber), now));
    });
    sent++;
  }
  return sent;
}
