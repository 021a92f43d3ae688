// SPDX-License-Identifier: Apache-2.0
import { randomUUID } from 'node:crypto';
import { desc, like, sql } from 'drizzle-orm';
import { Name } from '@peculiar/x509';
import { isUniqueViolation, type Database } from '@tessera/platform';
import { issuePinEnvelope } from '../card/pin-envelope.ts';
import type { CardChip } from '../card/card-chip.ts';
import type { SignedCertificate } from '../ca/certificate-der.ts';
import { signCardAuthentication, signCardSigning } from '../ca/certificate-profiles.ts';
import { personNameDer } from '../ca/subject-names.ts';
import { identificationCode } from '../domain/identification-code.ts';
import { normalizeSerialHex } from '../ocsp/certificate-status.ts';
import { CardAlreadyOrdered, IdentificationCodeUnavailable } from '../trust-errors.ts';
import { loadAuthorityPair } from './hierarchy-store.ts';
import { recordCardChange } from './record-card-change.ts';
import { cards, certificates, holders, type CardRow } from './schema.ts';
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
  // One round trip for what the order already has (a card, a holder code) and the next document number.
  const known = await orderState(deps.db, order.orderReference);
  if (known.card) throw new CardAlreadyOrdered(order.orderReference);
  const now = deps.clock.now();
  const notAfter = new Date(now);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + deps.cardValidityYears);
  const collectBy = new Date(now);
  collectBy.setUTCMonth(collectBy.getUTCMonth() + deps.collectionMonths);

  // The chip makes its two key pairs, one after the other as a chip does, while the register is
  // read (holder code, document number, the issuing CAs); each certificate is issued as soon as
  // its key and CA are there, so the CA's signatures overlap the chip's work.
  const chip: CardChip = deps.bureau.blankChip();
  const authenticationKey = chip.generateKeyPair('authentication');
  const signingKey = authenticationKey.then(() => chip.generateKeyPair('signing'));
  const register = Promise.all([
    order.replaces ? order.replaces.holderCode : known.holderCode ?? newHolderCode(deps, order),
    loadAuthorityPair(deps.db, deps.keyStore, ['card-auth', 'card-sign']),
  ]);
  // every branch is awaited below; these keep a failure in one from going unhandled while another is awaited
  for (const pending of [signingKey, register]) pending.catch(() => undefined);
  const [holderCode, [authCa, signCa]] = await register;
  const documentNumber = `N${String(known.documentSerial).padStart(7, '0')}`;
  const subject = { givenNames: order.givenNames.toUpperCase(), surname: order.surname.toUpperCase(), identificationCode: holderCode, country: order.citizenship, identifierCountry: 'EE' };
  const authenticationCertificate = authenticationKey.then((publicKey) => signCardAuthentication(authCa, { subject, publicKey, notBefore: now, notAfter, urls: authCa.urls }));
  authenticationCertificate.catch(() => undefined);
  const signing = await signCardSigning(signCa, { subject, publicKey: await signingKey, notBefore: now, notAfter, urls: signCa.urls });
  const authentication = await authenticationCertificate;
  // Both certificates name the same subject; its string form for the register, read once.
  const subjectText = new Name(personNameDer(subject)).toString();
  chip.writeCertificate('authentication', authentication.der);
  chip.writeCertificate('signing', signing.der);
  chip.writeDocumentNumber(documentNumber);
  const envelope = issuePinEnvelope(documentNumber, deps.randomBytes);
  chip.setPins(envelope.pins);
  chip.lock();

  const id = randomUUID();
  const card = await deps.db.transaction(async (tx) => {
    const [row] = await tx.insert(cards).values({
      id, documentNumber, orderReference: order.orderReference, holderCode, holderName: `${order.givenNames} ${order.surname}`,
      pickupLocation: order.pickupLocation, chipId: chip.chipId, state: 'personalised', pinEnvelope: { ...envelope.sealed },
      validFrom: now.toISOString().slice(0, 10), validUntil: notAfter.toISOString().slice(0, 10), collectBy: collectBy.toISOString().slice(0, 10),
      replaces: order.replaces?.id ?? null, createdAt: now, updatedAt: now,
    }).returning();
    await tx.insert(certificates).values([
      certificateRow(authentication, subjectText, 'card-auth', id, 'authentication', now),
      certificateRow(signing, subjectText, 'card-sign', id, 'signing', now),
    ]);
    await recordCardChange(tx, deps.clock, {
      cardId: id, documentNumber, actor, type: 'personalised', toState: 'personalised',
      detail: { order: order.orderReference, pickupLocation: order.pickupLocation, certificates: [authentication.serialHex, signing.serialHex].map(normalizeSerialHex), ...(order.replaces ? { replaces: order.replaces.documentNumber } : {}) },
    });
    return row!;
  });
  return { card, openingCode: envelope.openingCode };
}

function certificateRow(certificate: SignedCertificate, subject: string, issuer: string, cardId: string, usage: string, now: Date) {
  return {
    serial: normalizeSerialHex(certificate.serialHex), issuer, cardId, usage, subject,
    notBefore: certificate.notBefore, notAfter: certificate.notAfter, der: Buffer.from(certificate.der),
    // In transit to the pickup point: suspended until the holder has it in hand.
    status: 'revoked' as const, reason: 'certificateHold', revokedAt: now, updatedAt: now,
  };
}

/**
 * The card already made for this order (refused), the holder code already given for it (a
 * retried personalisation keeps it) and the next document number (a refused order leaves a gap
 * in the numbers, as any failed personalisation does).
 */
async function orderState(db: Database, orderReference: string): Promise<{ card: boolean; holderCode: string | null; documentSerial: number }> {
  const result = await db.execute(sql`select
    exists (select 1 from ${cards} where ${cards.orderReference} = ${orderReference}) as card,
    (select ${holders.code} from ${holders} where ${holders.firstOrder} = ${orderReference}) as holder_code,
    nextval('trust.document_number_seq') as n`);
  const [row] = (result as unknown as { rows: Array<{ card: boolean; holder_code: string | null; n: string | number }> }).rows;
  return { card: row!.card, holderCode: row!.holder_code, documentSerial: Number(row!.n) };
}

/** The next free identification code serial for the holder's date of birth and sex. */
async function newHolderCode(deps: TrustDeps, order: CardOrder): Promise<string> {
  const prefix = identificationCode(order.dateOfBirth, order.sex, 0).slice(0, 7);
  for (let attempt = 0; attempt < 5; attempt++) {
    const [last] = await deps.db.select({ code: holders.code }).from(holders).where(like(holders.code, `${prefix}%`)).orderBy(desc(holders.code)).limit(1);
    const serial = last ? Number(last.code.slice(7, 10)) + 1 : 1;
    const code = identificationCode(order.dateOfBirth, order.sex, serial);
    try {
      await deps.db.insert(holders).values({ code, firstOrder: order.orderReference, createdAt: deps.clock.now() });
      return code;
    } catch (error) {
      // Someone born the same day took this serial a moment ago: take the next.
      if (!isUniqueViolation(error)) throw error;
    }
  }
  throw new IdentificationCodeUnavailable();
}
