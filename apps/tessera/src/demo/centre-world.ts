// SPDX-License-Identifier: Apache-2.0
import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { importCentreCustody, importCentreLogClaims, type AuthorityDeps, type CustodyImport } from '@tessera/authority';
import { centreByCode, importCards, openingHoursText, slotsOn, upcomingSlots, type CardImport, type CentreDeps, type ReportedEntry, type ShipmentManifest } from '@tessera/centre';
import { recordDataAccesses } from '@tessera/exchange';
import { appendEvent, type Database } from '@tessera/platform';
import { centreClientId, clientId, INSTANCE, MEMBERS } from '../exchange/members.ts';

const MINUTE = 60_000;
const DAY = 86_400_000;

/** Where one approved applicant's card got to in the pilot's first month. */
export type CardFate = 'handed_over' | 'booked' | 'in_stock' | 'in_transit' | 'at_bureau';

/** A card of the demo world on its way to a centre, with what the centre flows need of it. */
export interface DemoCard {
  reference: string;
  documentNumber: string;
  collectBy: string;
  holderCode: string;
  location: string;
  /** Surname and given names, as the applicant signs the receipt. */
  name: string;
  /** The enrolled photo: the live sample at the desk (the built-in matcher scores the same image 1). */
  photo: Uint8Array;
  fate: CardFate;
  /** The day its shipment left the card bureau. */
  shippedOn: Date;
}

/**
 * The centres' part of the month: for each card, the shipment manifest, the operator's check-in,
 * the applicant's booking of an offered slot with room left, and the guided handover inside it
 * (identity fetched, sample matched, receipt signed, card activated), each at its own time on
 * the days of the month; written on the authority's side (`importCentreCustody`, in the world's
 * transaction) and on the centre's (`importCards`, in the centre's own storage).
 */
export interface CentreWorldPlan {
  authority: Array<Parameters<typeof importCentreCustody>[1]>;
  centre: Array<{ code: string; import: Parameters<typeof importCards>[2] }>;
}

export function planCentreWorld(o: { cards: readonly DemoCard[]; centres: CentreDeps; operators: Record<string, string[]>; now: Date; random: () => number }): CentreWorldPlan {
  const plan: CentreWorldPlan = { authority: [], centre: [] };
  for (const code of [...new Set(o.cards.map((c) => c.location))]) {
    const centre = centreByCode(o.centres.centres, code)!;
    const operators = o.operators[code]!;
    const taken = new Map<number, number>();
    const free = (startsAt: Date) => (taken.get(startsAt.getTime()) ?? 0) < centre.slotCapacity;
    const take = (startsAt: Date) => taken.set(startsAt.getTime(), (taken.get(startsAt.getTime()) ?? 0) + 1);
    // A slot on one of the days after `after`, before `before`, chosen at random among those with room.
    const slotBetween = (after: Date, before: Date): Date => {
      const days = Math.max(1, Math.floor((before.getTime() - after.getTime()) / DAY));
      for (let attempt = 0; attempt < 40; attempt++) {
        const day = new Date(after.getTime() + (1 + Math.floor(o.random() * days)) * DAY).toISOString().slice(0, 10);
        const slots = slotsOn(centre, day).filter((s) => s.startsAt > after && s.endsAt.getTime() + 40 * MINUTE < before.getTime() && free(s.startsAt));
        if (slots.length > 0) return slots[Math.floor(o.random() * slots.length)]!.startsAt;
      }
      throw new Error(`no free slot at ${code} between ${after.toISOString()} and ${before.toISOString()}`);
    };
    const upcoming = upcomingSlots(centre, o.now, 14);
    const shipments = new Map<string, { id: string; createdAt: Date; sentAt: Date; cards: DemoCard[] }>();
    const authorityCards: CustodyImport[] = [];
    const centreCards: CardImport[] = [];
    for (const card of o.cards.filter((c) => c.location === code && c.fate !== 'at_bureau')) {
      const shippedAt = new Date(card.shippedOn.getTime() + 2 * 3_600_000);
      const id = `SHP-${shippedAt.toISOString().slice(0, 10).replaceAll('-', '')}-${code.slice(0, 3).toUpperCase()}${String(shipments.size + 1).padStart(5, '0')}`;
      const key = `${shippedAt.getTime()}`;
      if (!shipments.has(key)) shipments.set(key, { id, createdAt: shippedAt, sentAt: new Date(shippedAt.getTime() + 5_000), cards: [] });
      const shipment = shipments.get(key)!;
      shipment.cards.push(card);
      const authorityCard: CustodyImport = { reference: card.reference, shipmentId: shipment.id };
      const centreCard: CardImport = { documentNumber: card.documentNumber };
      authorityCards.push(authorityCard);
      centreCards.push(centreCard);
      if (card.fate === 'in_transit') continue;
      // Checked in the next morning, the applicant's e-mail sent by the authority moments later.
      const arrivedAt = new Date(shippedAt.getTime() + DAY - 2 * 3_600_000 + Math.floor(o.random() * 90) * MINUTE);
      const operator = operators[Math.floor(o.random() * operators.length)]!;
      const token = randomBytes(32).toString('base64url');
      centreCard.arrived = { at: arrivedAt, operator, bookingToken: token };
      const pickup = { address: `${centre.address}, ${centre.city}`, hours: openingHoursText(centre, 'en') };
      authorityCard.arrived = {
        report: { actor: operator, at: arrivedAt.toISOString(), bookingUrl: new URL(`/book/${token}`, o.centres.publicUrl).toString(), pickup },
        recordedAt: new Date(arrivedAt.getTime() + 3_000),
      };
      if (card.fate === 'in_stock') continue;
      const bookedAt = new Date(arrivedAt.getTime() + (2 + Math.floor(o.random() * 20)) * 3_600_000);
      let startsAt: Date;
      if (card.fate === 'booked') {
        const open = upcoming.filter((s) => free(s.startsAt));
        startsAt = open[Math.floor(o.random() * Math.min(open.length, 40))]!.startsAt;
      } else {
        startsAt = slotBetween(bookedAt, new Date(Math.min(bookedAt.getTime() + 9 * DAY, o.now.getTime() - 2 * 3_600_000)));
      }
      take(startsAt);
      centreCard.booked = { at: new Date(Math.min(bookedAt.getTime(), startsAt.getTime() - 3_600_000)), startsAt };
      if (card.fate === 'booked') continue;
      const step = (minutes: number) => new Date(startsAt.getTime() + minutes * MINUTE + Math.floor(o.random() * 30_000));
      const desk = operators[Math.floor(o.random() * operators.length)]!;
      const [startedAt, identifiedAt, matchedAt, checkedAt, confirmedAt, finishedAt] = [1, 2, 5, 6, 9, 10].map(step) as [Date, Date, Date, Date, Date, Date];
      authorityCard.handedOver = { operator: desk, identifiedAt, matchedAt, sample: card.photo, at: finishedAt };
      centreCard.handedOver = {
        operator: desk, startedAt, identifiedAt: new Date(identifiedAt.getTime() + 500), checkedAt, receiptSignedBy: card.name, confirmedAt, finishedAt: new Date(finishedAt.getTime() + 500),
        // Filled in with the authority's matcher's answer once it has compared the sample.
        biometric: { score: 0, decision: 'no_match', matcher: '' },
      };
    }
    const all = [...shipments.values()];
    plan.authority.push({ location: code, shipments: all.map((s) => ({ id: s.id, createdAt: s.createdAt, sentAt: s.sentAt })), cards: authorityCards });
    plan.centre.push({
      code,
      import: {
        shipments: all.map((s) => ({
          receivedAt: new Date(s.sentAt.getTime() + 1_000),
          manifest: {
            shipmentId: s.id, centre: code, sentAt: s.createdAt.toISOString(),
            cards: s.cards.map((c) => ({ reference: c.reference, documentNumber: c.documentNumber, collectBy: c.collectBy, dataSubject: `EE${c.holderCode}` })),
          } satisfies ShipmentManifest,
        })),
        cards: centreCards,
      },
    });
  }
  return plan;
}

/** The purpose the centre declares when it reads an applicant's identity for a handover (as `exchangeAuthorityLink` sends it). */
const HANDOVER_PURPOSE = 'identity check at the handover of an identity document';
const gatewayOf = (member: 'authority' | 'centre') => `${INSTANCE}/${MEMBERS[member].memberClass}/${MEMBERS[member].memberCode}/gw1`;

/**
 * The exchange's data-tracker entries of the identity reads of handovers made in bulk, as the two
 * gateways record each read of the flow (the centre's as client, the authority's as provider),
 * each at the time of the read: the person's data tracker shows a bulk handover like any other.
 */
export async function recordHandoverReads(db: Database, location: string, reads: ReadonlyArray<{ dataSubject: string; at: Date }>): Promise<void> {
  const client = centreClientId(location);
  const service = `${clientId('authority')}/identities`;
  await recordDataAccesses(db, reads.flatMap((read) => {
    const messageId = randomUUID();
    return (([['client', 'centre'], ['provider', 'authority']]) as const).map(([side, member]) => (
      { gateway: gatewayOf(member), side, messageId, client, service, subject: read.dataSubject, purpose: HANDOVER_PURPOSE, at: read.at }
    ));
  }));
}

/** The authority's side of the month, inside the world's transaction; the matcher's answers go into the centre's side. */
export async function writeAuthoritySide(deps: AuthorityDeps, plan: CentreWorldPlan): Promise<void> {
  for (const [i, part] of plan.authority.entries()) {
    const results = await importCentreCustody(deps, part);
    const centre = plan.centre[i]!;
    const subjects = new Map(centre.import.shipments.flatMap((s) => s.manifest.cards.map((c) => [c.reference, c.dataSubject] as const)));
    await recordHandoverReads(deps.db, part.location, part.cards.filter((c) => c.handedOver).map((c) => ({ dataSubject: subjects.get(c.reference)!, at: c.handedOver!.identifiedAt })));
    const references = new Map(centre.import.shipments.flatMap((s) => s.manifest.cards.map((c) => [c.documentNumber, c.reference] as const)));
    for (const card of centre.import.cards) {
      if (card.handedOver) card.handedOver.biometric = results.get(references.get(card.documentNumber)!)!;
    }
  }
}

/**
 * The centre's side of the month, in the centre's own storage and transaction, committed just
 * before the world's own. Should a start be killed between the two commits, the centre holds
 * cards of a world that never was: the next load clears them (recorded in the centre's log)
 * before it writes the new one, so both sides again hold the same world.
 */
export async function writeCentreSide(centre: CentreDeps, plan: CentreWorldPlan): Promise<Map<string, ReportedEntry[]>> {
  return centre.db.transaction(async (tx) => {
    const left = (await tx.execute(sql`select count(*)::int as n from centre.stock`)) as unknown as { rows: Array<{ n: number }> };
    if (left.rows[0]!.n > 0) await discardLeftovers(tx, centre, left.rows[0]!.n);
    const reported = new Map<string, ReportedEntry[]>();
    for (const part of plan.centre) reported.set(part.code, (await importCards({ ...centre, db: tx }, part.code, part.import)).reported);
    return reported;
  });
}

/**
 * The authority's claims of the centre's actions of the month, back in the world's transaction
 * once the centre's side is committed: each check-in and handover with the entry the centre's
 * log holds for it, received when the live call would have brought it, as the flows keep them;
 * the centre's next heads prove them. (Only the claims: no exchange message is made up for them.)
 */
export async function writeLogClaims(deps: AuthorityDeps, plan: CentreWorldPlan, reported: ReadonlyMap<string, readonly ReportedEntry[]>): Promise<void> {
  for (const part of plan.authority) {
    const cards = new Map(part.cards.map((c) => [c.reference, c]));
    await importCentreLogClaims(deps, part.location, (reported.get(part.location) ?? []).map((r) => {
      const card = cards.get(r.reference)!;
      return { ...r, receivedAt: r.action === 'arrived' ? card.arrived!.recordedAt : card.handedOver!.at };
    }));
  }
}

async function discardLeftovers(tx: Database, centre: CentreDeps, cards: number): Promise<void> {
  for (const table of ['handovers', 'appointments', 'custody_reports', 'stock', 'shipments']) await tx.execute(sql.raw(`delete from centre.${table}`));
  await appendEvent(tx, { context: 'centre', type: 'demo.discarded', subject: 'demo-world', actor: 'system', at: centre.clock.now(), data: { cards, why: 'the authority never committed the demo world these cards belonged to' } });
}
