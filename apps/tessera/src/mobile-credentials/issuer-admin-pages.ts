// SPDX-License-Identifier: Apache-2.0
import { randomBytes } from 'node:crypto';
import { cardDocumentStatus, credentialsMigrations, registerIssuerAdmin, registerIssuingDesk } from '@tessera/credentials';
import type { Clock, Server, StaffAuth, Storage } from '@tessera/platform';
import { caCertificates, registerStatusSource, type TrustDeps } from '@tessera/trust';
import { registryDirectory } from './registry-directory.ts';

/**
 * `tessera start` only (one process, one database): the issuer administrator's pages and API and
 * the issuing desk on the staff portal, where the federation's staff sign in, over the issuer's
 * tables. `tessera serve credentials` serves them itself, with staff of its own. A resumed credential returns to what its card
 * allows, read from the same card register source the issuer follows.
 */
export async function issuerAdminPages(o: { storage: Storage; clock: Clock; trust: TrustDeps; issuerUrl: string }): Promise<(server: Server, gate: { requirePermission: StaffAuth['requirePermission'] }) => void> {
  // The pages may be asked before the issuer host starts: its tables come first.
  await o.storage.migrate(credentialsMigrations);
  const cardAuth = (await caCertificates(o.storage.db)).find((c) => c.role === 'card-auth');
  if (!cardAuth) throw new Error('The card authentication CA is missing: run the key ceremony first.');
  const documents = cardDocumentStatus(registerStatusSource(o.storage.db, o.clock, o.trust.statusChanges), new Uint8Array(cardAuth.certificate.rawData));
  return (server, gate) => {
    registerIssuerAdmin(server, { db: o.storage.db, clock: o.clock, vctBase: `${o.issuerUrl}/types`, exchange: registryDirectory(o.storage.db), documents }, gate);
    registerIssuingDesk(server, { db: o.storage.db, clock: o.clock, issuerUrl: o.issuerUrl, offerMinutes: 24 * 60, randomBytes: (n) => new Uint8Array(randomBytes(n)) }, gate);
  };
}
