// SPDX-License-Identifier: Apache-2.0
import { and, asc, count, desc, eq, inArray, type SQL } from 'drizzle-orm';
import { expectRow, type Clock, type Database } from '@tessera/platform';
import type { CardState } from '../domain/card-status.ts';
import { CardNotFound } from '../trust-errors.ts';
import { cardAccess, cardEvents, cards, certificates, type CardRow } from './schema.ts';

/** The cards made for these orders (application references), by reference. */
export async function cardsByOrder(db: Database, references: readonly string[]): Promise<Map<string, CardRow>> {
  if (references.length === 0) return new Map();
  const rows = await db.select().from(cards).where(inArray(cards.orderReference, [...references]));
  return new Map(rows.map((r) => [r.orderReference, r]));
}

export async function findCardByOrder(db: Database, reference: string): Promise<CardRow> {
  const [row] = await db.select().from(cards).where(eq(cards.orderReference, reference));
  if (!row) throw new CardNotFound();
  return row;
}

export interface CardFilters {
  state?: CardState;
  pickupLocation?: string;
  documentNumber?: string;
}

/** The card register for officers: newest first, without holders' names (they are opened per card). */
export async function listCards(db: Database, filters: CardFilters, paging: { offset: number; size: number }) {
  const where: SQL[] = [];
  if (filters.state) where.push(eq(cards.state, filters.state));
  if (filters.pickupLocation) where.push(eq(cards.pickupLocation, filters.pickupLocation));
  if (filters.documentNumber) where.push(eq(cards.documentNumber, filters.documentNumber.trim().toUpperCase()));
  const condition = where.length ? and(...where) : undefined;
  const [items, totals] = await Promise.all([
    db.select({ id: cards.id, documentNumber: cards.documentNumber, orderReference: cards.orderReference, state: cards.state, pickupLocation: cards.pickupLocation, validUntil: cards.validUntil, collectBy: cards.collectBy, createdAt: cards.createdAt })
      .from(cards).where(condition).orderBy(desc(cards.createdAt), asc(cards.id)).limit(paging.size).offset(paging.offset),
    db.select({ n: count() }).from(cards).where(condition),
  ]);
  return { items, total: expectRow(totals).n };
}

/** One card with its certificates and history; opening it is recorded as an access to the holder's data. */
export async function getCard(db: Database, clock: Clock, id: string, access: { staffId: string; purpose: string }) {
  const [card] = await db.select().from(cards).where(eq(cards.id, id));
  if (!card) throw new CardNotFound();
  await db.insert(cardAccess).values({ cardId: id, staffId: access.staffId, purpose: access.purpose, at: clock.now() });
  const [certs, history] = await Promise.all([
    db.select({ serial: certificates.serial, usage: certificates.usage, issuer: certificates.issuer, status: certificates.status, reason: certificates.reason, revokedAt: certificates.revokedAt, notBefore: certificates.notBefore, notAfter: certificates.notAfter })
      .from(certificates).where(eq(certificates.cardId, id)).orderBy(asc(certificates.usage)),
    db.select().from(cardEvents).where(eq(cardEvents.cardId, id)).orderBy(asc(cardEvents.id)),
  ]);
  return { card, certificates: certs, history };
}

/** One certificate of a card, DER; reading it (it names the holder) is recorded like opening the card. */
export async function cardCertificate(db: Database, clock: Clock, cardId: string, usage: string, access: { staffId: string; purpose: string }): Promise<Uint8Array> {
  const [row] = await db.select({ der: certificates.der }).from(certificates).where(and(eq(certificates.cardId, cardId), eq(certificates.usage, usage)));
  if (!row) throw new CardNotFound();
  await db.insert(cardAccess).values({ cardId, staffId: access.staffId, purpose: access.purpose, at: clock.now() });
  return new Uint8Array(row.der);
}
