// SPDX-License-Identifier: Apache-2.0
import { cardDocumentStatus, credentialsMigrations, registerIssuerAdmin } from '@tessera/credentials';
import type { Clock, Server, StaffAuth, Storage } from '@tessera/platform';
import { caCertificates, registerStatusSource, type TrustDeps } from '@tessera/trust';

/**
 * The issuer administrator's pages and API on the staff portal (where staff sign in), over the
 * issuer's tables: types and issued credentials. A resumed credential returns to what its card
 * allows, read from the same card register source the issuer follows.
 */
export async function issuerAdminPages(o: { storage: Storage; clock: Clock; trust: TrustDeps; vctBase: string }): Promise<(server: Server, gate: { requirePermission: StaffAuth['requirePermission'] }) => void> {
  // The pages may be asked before the issuer host starts: its tables come first.
  await o.storage.migrate(credentialsMigrations);
  const cardAuth = (await caCertificates(o.storage.db)).find((c) => c.role === 'card-auth');
  if (!cardAuth) throw new Error('The card authentication CA is missing: run the key ceremony first.');
  const documents = cardDocumentStatus(registerStatusSource(o.storage.db, o.clock, o.trust.statusChanges), new Uint8Array(cardAuth.certificate.rawData));
  return (server, gate) => registerIssuerAdmin(server, { db: o.storage.db, clock: o.clock, vctBase: o.vctBase, documents }, gate);
}
