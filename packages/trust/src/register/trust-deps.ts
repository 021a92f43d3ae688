// SPDX-License-Identifier: Apache-2.0
import type { Clock, Database } from '@tessera/platform';
import type { KeyStore } from '../ca/key-store.ts';
import type { CardBureau } from './card-bureau.ts';
import type { StatusChanges } from './status-changes.ts';

/** What the trust services' operations need, built once in the composition root. */
export interface TrustDeps {
  db: Database;
  clock: Clock;
  keyStore: KeyStore;
  bureau: CardBureau;
  statusChanges: StatusChanges;
  randomBytes: (n: number) => Uint8Array;
  /** Card and certificate validity in years (the Estonian digi-ID: 5). */
  cardValidityYears: number;
  /** Months a personalised card waits at the pickup point before it is revoked as unclaimed (6). */
  collectionMonths: number;
}
