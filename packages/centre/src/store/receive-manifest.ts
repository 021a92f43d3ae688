// SPDX-License-Identifier: Apache-2.0
import { randomUUID } from 'node:crypto';
import { eq, inArray, or } from 'drizzle-orm';
import type { ShipmentManifest } from '../domain/authority-link.ts';
import { centreByCode } from '../domain/centre-config.ts';
import { ManifestRejected } from '../domain/centre-errors.ts';
import { appendEvent } from '@tessera/platform';
import type { CentreDeps } from './centre-deps.ts';
import { centreEvent } from './record-centre-event.ts';
import { shipments, stock } from './schema.ts';

/** What a received manifest writes: the shipment, every card in transit, and its log event (shared with `importCards`). */
export function manifestRows(centre: string, manifest: ShipmentManifest, receivedAt: Date) {
  return {
    shipment: { id: manifest.shipmentId, centre, sentAt: new Date(manifest.sentAt), receivedAt, cardCount: manifest.cards.length },
    stock: manifest.cards.map((c) => ({
      id: randomUUID(), centre, shipmentId: manifest.shipmentId, reference: c.reference, documentNumber: c.documentNumber, collectBy: c.collectBy, dataSubject: c.dataSubject ?? null, state: 'in_transit', stateAt: receivedAt,
    })),
    event: centreEvent(receivedAt, { type: 'shipment.announced', subject: manifest.shipmentId, actor: 'authority', data: { centre, cards: manifest.cards.map((c) => c.documentNumber) } }),
  };
}

/**
 * Records a shipment the authority announced for `centre` (the centre its exchange caller
 * stands for): every card in transit. The same manifest received again (a retried or replayed
 * message) changes nothing and answers the same; a manifest for another centre, or naming a card
 * already announced, is refused whole.
 */
export async function receiveManifest(deps: CentreDeps, centre: string, manifest: ShipmentManifest): Promise<{ shipmentId: string; cards: number; replayed: boolean }> {
  const config = centreByCode(deps.centres, centre);
  if (!config || !config.live || manifest.centre !== centre) throw new ManifestRejected('This manifest is not for this centre.');
  return deps.db.transaction(async (tx) => {
    const [existing] = await tx.select().from(shipments).where(eq(shipments.id, manifest.shipmentId));
    if (existing) {
      if (existing.centre !== centre || existing.cardCount !== manifest.cards.length) throw new ManifestRejected('A different shipment with this id was received.');
      return { shipmentId: existing.id, cards: existing.cardCount, replayed: true };
    }
    if (manifest.cards.length > 0) {
      const clash = await tx.select({ id: stock.id }).from(stock).where(or(inArray(stock.reference, manifest.cards.map((c) => c.reference)), inArray(stock.documentNumber, manifest.cards.map((c) => c.documentNumber)))).limit(1);
      if (clash.length > 0) throw new ManifestRejected('A card of this manifest was already announced.');
    }
    const rows = manifestRows(centre, manifest, deps.clock.now());
    await tx.insert(shipments).values(rows.shipment);
    if (rows.stock.length > 0) await tx.insert(stock).values(rows.stock);
    await appendEvent(tx, rows.event);
    return { shipmentId: manifest.shipmentId, cards: manifest.cards.length, replayed: false };
  });
}
