// SPDX-License-Identifier: Apache-2.0
import { randomUUID } from 'node:crypto';
import { inArray, max, sql } from 'drizzle-orm';
import { isUniqueViolation, runFixedStatement, type Database } from '@tessera/platform';
import { issuePinEnvelope } from '../card/pin-envelope.ts';
import type { CardChip } from '../card/card-chip.ts';
import type { SignedCertificate } from '../ca/certificate-der.ts';
import { signCardAuthentication, signCardSigning } from '../ca/certificate-profiles.ts';
import { personNameText } from '../ca/subject-names.ts';
import { identificationCode } from '../domain/identification-code.ts';
import { normalizeSerialHex } from '../ocsp/certificate-status.ts';
import { CardAlreadyOrdered, IdentificationCodeUnavailable } from '../trust-errors.ts';
import { loadAuthorityPair, type StoredAuthority } from './hierarchy-store.ts';
import { logCardChanges, type CardChange } from './record-card-change.ts';
import { cards, holders, type CardRow } from './schema.ts';
import type { TrustDeps } from './trust-deps.ts';

/** What the authority sends when it has decided to issue a card. */
export interface CardOrder {
  /** The decision's reference (the application reference); one card per order. */
  orderReference: string;
  givenNames: string;
  surname: string;
  dateOfBirth: string;
  sex: 'F' | 'M';
  /** ISO 3166-1 alpha-2; the certificates' subject C. */
  citizenship: string;
  pickupLocation: string;
  /** The card this one renews: the holder keeps their identification code. */
  replaces?: CardRow;
}

export interface PersonalisedCard {
  card: CardRow;
  /** Opens the sealed PIN envelope; handed to the holder only, never stored. */
  openingCode: string;
}

/**
 * Personalises a card at the bureau: both key pairs generated on the chip, the authentication
 * and signing certificates issued for them **on hold** (OCSP and CRL say certificateHold until
 * the handover), the document number and PINs written, the chip locked, the PIN envelope sealed.
 * The slow part (keys, signatures) runs before the transaction; the register rows, history and
 * transparency-log event commit together.
 */
export async function personaliseCard(deps: TrustDeps, order: CardOrder, actor: string): Promise<PersonalisedCard> {
  const [card] = await personaliseCards(deps, [order], actor);
  return card!;
}

/** Cards whose keys and certificates are made at once; more would only queue on the crypto threads. */
const CARDS_IN_FLIGHT = 8;

/**
 * Personalises a batch of cards, as a bureau's production run does: the register is read once
 * for all of them (cards already made, holder codes, document numbers, the issuing CAs), their
 * keys and certificates are made a few cards at a time, and every row, history entry and
 * transparency-log event commits in one transaction: all of the batch or, on any failure, none
 * of it. An order already made, or twice in the batch, refuses the whole batch. Answers in the
 * orders' order.
 */
export async function personaliseCards(deps: TrustDeps, orders: readonly CardOrder[], actor: string): Promise<PersonalisedCard[]> {
  if (orders.length === 0) return [];
  const references = orders.map((o) => o.orderReference);
  const twice = references.find((reference, i) => references.indexOf(reference) !== i);
  if (twice !== undefined) throw new CardAlreadyOrdered(twice);
  // One round trip for what the orders already have (a card, a holder code) and their document numbers.
  const known = await ordersState(deps.db, references);
  const ordered = known.find((k) => k.card);
  if (ordered) throw new CardAlreadyOrdered(ordered.reference);
  const now = deps.clock.now();
  const notAfter = new Date(now);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + deps.cardValidityYears);
  const collectBy = new Date(now);
  collectBy.setUTCMonth(collectBy.getUTCMonth() + deps.collectionMonths);

  // The register is read (holder codes, the issuing CAs) while the first chips make their keys.
  const register: Promise<Register> = Promise.all([holderCodes(deps, orders, known), loadAuthorityPair(deps.db, deps.keyStore, ['card-auth', 'card-sign'])])
    .then(([codes, [authCa, signCa]]) => ({ codes, authCa, signCa }));
  register.catch(() => undefined);
  const made: MadeCard[] = [];
  let next = 0;
  const line = async () => {
    for (let i = next++; i < orders.length; i = next++) {
      made[i] = await makeCard(deps, register, orders[i]!, i, `N${String(known[i]!.documentSerial).padStart(7, '0')}`, { now, notAfter });
    }
  };
  await Promise.all(Array.from({ length: Math.min(CARDS_IN_FLIGHT, orders.length) }, line));

  const rows: CardRow[] = made.map((m, i) => {
    const order = orders[i]!;
    return {
      id: m.id, documentNumber: m.documentNumber, orderReference: order.orderReference, holderCode: m.holderCode, holderName: `${order.givenNames} ${order.surname}`,
      pickupLocation: order.pickupLocation, chipId: m.chipId, state: 'personalised', revocationReason: null, pinEnvelope: { ...m.envelope.sealed },
      validFrom: now.toISOString().slice(0, 10), validUntil: notAfter.toISOString().slice(0, 10), collectBy: collectBy.toISOString().slice(0, 10),
      replaces: order.replaces?.id ?? null, createdAt: now, updatedAt: now,
    };
  });
  const changes: CardChange[] = made.map((m, i) => {
    const order = orders[i]!;
    return {
      cardId: m.id, documentNumber: m.documentNumber, actor, type: 'personalised', toState: 'personalised',
      detail: { order: order.orderReference, pickupLocation: order.pickupLocation, certificates: [m.authentication.serialHex, m.signing.serialHex].map(normalizeSerialHex), ...(order.replaces ? { replaces: order.replaces.documentNumber } : {}) },
    };
  });
  const at = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    // The cards, their certificates and their history as three JSON values in one statement: on
    // PGlite one literal each, whatever the batch's size, instead of a parameter per column of
    // every row; then the log events.
    await runFixedStatement(tx, INSERT_CARDS, [
      JSON.stringify(rows.map((row) => ({
        id: row.id, document_number: row.documentNumber, order_reference: row.orderReference, holder_code: row.holderCode, holder_name: row.holderName,
        pickup_location: row.pickupLocation, chip_id: row.chipId, pin_envelope: row.pinEnvelope, valid_from: row.validFrom, valid_until: row.validUntil,
        collect_by: row.collectBy, replaces: row.replaces,
      }))),
      JSON.stringify(made.flatMap((m) => [
        certificateRow(m.authentication, m.subjectText, 'card-auth', m.id, 'authentication'),
        certificateRow(m.signing, m.subjectText, 'card-sign', m.id, 'signing'),
      ])),
      now.toISOString(),
      JSON.stringify(changes.map((change) => ({ card_id: change.cardId, actor: change.actor, detail: change.detail }))),
      at.toISOString(),
    ]);
    await logCardChanges(tx, changes, at);
  });
  return made.map((m, i) => ({ card: rows[i]!, openingCode: m.envelope.openingCode }));
}

/**
 * A batch's cards (state personalised, made at $3), their certificates (on hold: in transit to
 * the pickup point, suspended until the holder has them in hand) and each card's history entry
 * "personalised" (at $5). One statement, so the foreign keys to the cards are checked once all
 * are in.
 */
const INSERT_CARDS = {
  name: 'tessera_trust_insert_cards',
  text: `with inserted as (
      insert into trust.cards (id, document_number, order_reference, holder_code, holder_name, pickup_location, chip_id, state, pin_envelope, valid_from, valid_until, collect_by, replaces, created_at, updated_at)
      select id, document_number, order_reference, holder_code, holder_name, pickup_location, chip_id, 'personalised', pin_envelope, valid_from, valid_until, collect_by, replaces, $3::timestamptz, $3::timestamptz
      from json_to_recordset($1::json) as r(id uuid, document_number text, order_reference text, holder_code text, holder_name text, pickup_location text, chip_id text, pin_envelope jsonb, valid_from date, valid_until date, collect_by date, replaces uuid)
      returning 1
    ), history as (
      insert into trust.card_events (card_id, at, actor, type, to_state, detail)
      select card_id, $5::timestamptz, actor, 'personalised', 'personalised', detail
      from rows from (json_to_recordset($4::json) as (card_id uuid, actor text, detail jsonb)) with ordinality as r(card_id, actor, detail, n) order by n
      returning 1
    )
    insert into trust.certificates (serial, issuer, card_id, usage, subject, not_before, not_after, der, status, reason, revoked_at, updated_at)
    select serial, issuer, card_id, usage, subject, not_before, not_after, decode(der, 'base64'), 'revoked', 'certificateHold', $3::timestamptz, $3::timestamptz
    from json_to_recordset($2::json) as r(serial text, issuer text, card_id uuid, usage text, subject text, not_before timestamptz, not_after timestamptz, der text)`,
};

interface Register {
  /** Each order's holder code, in the orders' order. */
  codes: string[];
  authCa: StoredAuthority;
  signCa: StoredAuthority;
}

interface MadeCard {
  id: string;
  chipId: string;
  documentNumber: string;
  holderCode: string;
  /** Both certificates name the same subject; its string form for the register. */
  subjectText: string;
  authentication: SignedCertificate;
  signing: SignedCertificate;
  envelope: ReturnType<typeof issuePinEnvelope>;
}

/**
 * One card's chip work: the chip makes its two key pairs, one after the other as a chip does;
 * each certificate is issued as soon as its key and the register are there, so the CA's
 * signatures overlap the chip's work; then the chip is written and locked.
 */
async function makeCard(
  deps: TrustDeps, register: Promise<Register>, order: CardOrder, index: number, documentNumber: string, validity: { now: Date; notAfter: Date },
): Promise<MadeCard> {
  const chip: CardChip = deps.bureau.blankChip();
  const authenticationKey = chip.generateKeyPairInfo('authentication');
  const signingKey = authenticationKey.then(() => chip.generateKeyPairInfo('signing'));
  // every branch is awaited below; this keeps a failure in one from going unhandled while another is awaited
  signingKey.catch(() => undefined);
  const { codes, authCa, signCa } = await register;
  const holderCode = codes[index]!;
  const { now: notBefore, notAfter } = validity;
  const subject = { givenNames: order.givenNames.toUpperCase(), surname: order.surname.toUpperCase(), identificationCode: holderCode, country: order.citizenship, identifierCountry: 'EE' };
  const authenticationCertificate = authenticationKey.then((publicKey) => signCardAuthentication(authCa, { subject, publicKey, notBefore, notAfter, urls: authCa.urls }));
  authenticationCertificate.catch(() => undefined);
  const signing = await signCardSigning(signCa, { subject, publicKey: await signingKey, notBefore, notAfter, urls: signCa.urls });
  const authentication = await authenticationCertificate;
  chip.writeCertificate('authentication', authentication.der);
  chip.writeCertificate('signing', signing.der);
  chip.writeDocumentNumber(documentNumber);
  const envelope = issuePinEnvelope(documentNumber, deps.randomBytes);
  chip.setPins(envelope.pins);
  chip.lock();
  return { id: randomUUID(), chipId: chip.chipId, documentNumber, holderCode, subjectText: personNameText(subject), authentication, signing, envelope };
}

function certificateRow(certificate: SignedCertificate, subject: string, issuer: string, cardId: string, usage: string) {
  return {
    serial: normalizeSerialHex(certificate.serialHex), issuer, card_id: cardId, usage, subject,
    not_before: certificate.notBefore.toISOString(), not_after: certificate.notAfter.toISOString(), der: Buffer.from(certificate.der).toString('base64'),
  };
}

/**
 * For each order, in order: whether a card was already made for it (refused), the holder code
 * already given for it (a retried personalisation keeps it) and its document number (a refused
 * order leaves a gap in the numbers, as any failed personalisation does).
 */
async function ordersState(db: Database, references: string[]): Promise<Array<{ reference: string; card: boolean; holderCode: string | null; documentSerial: number }>> {
  const result = await db.execute(sql`select r.reference,
    exists (select 1 from ${cards} where ${cards.orderReference} = r.reference) as card,
    (select ${holders.code} from ${holders} where ${holders.firstOrder} = r.reference) as holder_code,
    nextval('trust.document_number_seq') as n
    from unnest(${sql.param(references)}::text[]) with ordinality as r(reference, i) order by r.i`);
  return (result as unknown as { rows: Array<{ reference: string; card: boolean; holder_code: string | null; n: string | number }> }).rows
    .map((row) => ({ reference: row.reference, card: row.card, holderCode: row.holder_code, documentSerial: Number(row.n) }));
}

/**
 * Each order's holder code: the renewed card's, the one already given for this order, or the
 * next free identification code serial for the holder's date of birth and sex. The new ones
 * are taken in one statement, outside the batch's transaction, so a retried batch keeps them.
 */
async function holderCodes(deps: TrustDeps, orders: readonly CardOrder[], known: ReadonlyArray<{ holderCode: string | null }>): Promise<string[]> {
  const codes = orders.map((order, i) => order.replaces?.holderCode ?? known[i]!.holderCode);
  const needing = orders.flatMap((order, i) => (codes[i] === null ? [{ order, i, prefix: identificationCode(order.dateOfBirth, order.sex, 0).slice(0, 7) }] : []));
  if (needing.length === 0) return codes as string[];
  const prefixes = [...new Set(needing.map((n) => n.prefix))];
  for (let attempt = 0; attempt < 5; attempt++) {
    const last = await deps.db.select({ prefix: sql<string>`left(${holders.code}, 7)`, code: max(holders.code) }).from(holders)
      .where(inArray(sql`left(${holders.code}, 7)`, prefixes)).groupBy(sql`left(${holders.code}, 7)`);
    const serials = new Map(last.map((l) => [l.prefix, Number(l.code!.slice(7, 10))]));
    const taken = needing.map(({ order, prefix }) => {
      const serial = (serials.get(prefix) ?? 0) + 1;
      serials.set(prefix, serial);
      return { code: identificationCode(order.dateOfBirth, order.sex, serial), firstOrder: order.orderReference, createdAt: deps.clock.now() };
    });
    try {
      await deps.db.insert(holders).values(taken);
      needing.forEach(({ i }, n) => { codes[i] = taken[n]!.code; });
      return codes as string[];
    } catch (error) {
      // Someone born the same day took one of these serials a moment ago: take the next ones.
      if (!isUniqueViolation(error)) throw error;
    }
  }
  throw new IdentificationCodeUnavailable();
}
