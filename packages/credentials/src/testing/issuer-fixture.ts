// SPDX-License-Identifier: Apache-2.0
import 'reflect-metadata';
import { X509Certificate } from '@peculiar/x509';
import { changeCardState, localServiceCertification, openPinEnvelope, personaliseCard, registerStatusSource, type CardRow, type Pins, type SealedPinEnvelope } from '@tessera/trust';
import { openTrustFixture, type TrustFixture } from '@tessera/trust/testing';
import { buildCatalogue } from '../domain/catalogue/build-catalogue.ts';
import { recordClaims, type PersonRecord } from '../domain/issuer/record-claims.ts';
import type { CredentialType } from '../domain/types/credential-type.ts';
import type { ExchangeDirectory } from '../domain/types/exchange-directory.ts';
import { credentialsMigrations } from '../store/migrations.ts';
import type { IssuerDeps } from '../store/issuer/issuer-deps.ts';
import { issuerIdentity, type IssuerIdentity } from '../store/issuer/issuer-identity.ts';
import { cardDocumentStatus } from '../store/status/card-document-status.ts';
import { followDocumentStatus } from '../store/status/follow-document-status.ts';
import { statusListPublisher } from '../store/status/status-list-publisher.ts';
import { activeTypes } from '../store/types/find-types.ts';
import { installCatalogue } from '../store/types/install-catalogue.ts';
import { catalogueDirectory } from './catalogue-directory.ts';

export const ISSUER_URL = 'https://issuer.tessera.test';
export const VCT_BASE = `${ISSUER_URL}/types`;

export interface Holder {
  card: CardRow;
  /** The serial of the card's authentication certificate: the credential's source document. */
  documentRef: string;
  person: PersonRecord;
  /** The PINs from the card's envelope, as the holder knows them. */
  pins: Pins;
}

export interface IssuerFixture {
  trust: TrustFixture;
  deps: IssuerDeps;
  identity: IssuerIdentity;
  types: Map<string, CredentialType>;
  /** The exchange registry the fixture's catalogue was checked against: the catalogue's agencies and services. */
  exchange: ExchangeDirectory;
  /** A personalised and activated card for a new holder, as the trust services make it. */
  newHolder(name?: { givenNames: string; surname: string }): Promise<Holder>;
  /** Changes the card and waits until the derived credentials have followed. */
  changeCard(holder: Holder, change: Parameters<typeof changeCardState>[2]): Promise<number>;
  close(): Promise<void>;
}

/** The trust services and the issuer's dependencies over one test database, the catalogue installed. */
export async function openIssuerFixture(): Promise<IssuerFixture> {
  const trust = await openTrustFixture();
  try {
    await trust.storage.migrate(credentialsMigrations);
    const { db } = trust.storage;
    const clock = trust.clock;
    const catalogue = buildCatalogue({ vctBase: VCT_BASE, logoBase: `${ISSUER_URL}/logos` });
    const exchange = catalogueDirectory(catalogue);
    await installCatalogue({ db, clock, vctBase: VCT_BASE, exchange }, catalogue, 'system');
    const identity = await issuerIdentity(trust.storage, localServiceCertification(trust.deps, 'credentials'), clock, { commonName: 'Tessera Credential Issuer', organization: 'Tessera Test', country: 'EE' });
    const documents = cardDocumentStatus(registerStatusSource(db, clock, trust.deps.statusChanges), trust.hierarchy.issuing['card-auth'].der);
    const people = new Map<string, PersonRecord>();
    const deps: IssuerDeps = {
      db, clock, issuerUrl: ISSUER_URL, vctBase: VCT_BASE, identity: async () => identity, documents,
      statusLists: statusListPublisher({ db, clock, baseUrl: ISSUER_URL, signer: async () => ({ x5c: identity.x5c, sign: (d) => identity.signer.sign(d) }) }),
      claims: { claims: async (type, holder) => recordClaims(type, people.get(holder)!, clock.now()) },
    };
    // A resync (the status feed or LISTEN connection opened) applies every card too, before or after the change: its
    // count is added, and the wait ends with the application the change itself caused.
    const waiting = new Map<string, { total: number; resolve(changed: number): void }>();
    const unfollow = followDocumentStatus({
      db, clock, documents, onError: (e) => { throw e; },
      onApplied: (ref, changed, cause) => {
        const waiter = waiting.get(ref);
        if (!waiter) return;
        waiter.total += changed;
        if (cause === 'change') waiter.resolve(waiter.total);
      },
    });
    const types = new Map((await activeTypes(db)).map((t) => [t.id, t]));
    let orders = 0;
    return {
      trust, deps, identity, types, exchange,
      async newHolder(name = { givenNames: 'Mari', surname: 'Maasikas' }) {
        const { card, openingCode } = await personaliseCard(trust.deps, { orderReference: `CR-${++orders}-${Date.now()}`, ...name, dateOfBirth: '1990-05-17', sex: 'F', citizenship: 'EE', pickupLocation: 'SEOUL' }, 'officer-1');
        const active = await changeCardState(trust.deps, card.id, { action: 'activate' }, 'officer-1');
        const certificate = new X509Certificate(new Uint8Array(trust.deps.bureau.card(card.chipId)!.readCertificate('authentication')));
        const person: PersonRecord = { identificationCode: card.holderCode, givenName: name.givenNames, familyName: name.surname, birthDate: '1990-05-17' };
        people.set(card.holderCode, person);
        const pins = openPinEnvelope(card.pinEnvelope as unknown as SealedPinEnvelope, openingCode);
        return { card: active, documentRef: certificate.serialNumber.toLowerCase().replace(/^0+/, ''), person, pins };
      },
      async changeCard(holder, change) {
        const applied = new Promise<number>((resolve) => waiting.set(holder.documentRef, { total: 0, resolve }));
        await changeCardState(trust.deps, holder.card.id, change, 'officer-1');
        const changed = await applied;
        waiting.delete(holder.documentRef);
        return changed;
      },
      async close() {
        await unfollow();
        await trust.close();
      },
    };
  } catch (error) {
    await trust.close();
    throw error;
  }
}
