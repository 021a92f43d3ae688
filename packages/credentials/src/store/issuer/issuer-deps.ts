// SPDX-License-Identifier: Apache-2.0
import type { Clock, Database } from '@tessera/platform';
import type { ClaimSource } from '../../domain/issuer/claim-source.ts';
import type { DocumentStatusSource } from '../../domain/status/document-status-source.ts';
import type { StatusListPublisher } from '../status/status-list-publisher.ts';
import type { IssuanceWriter } from './issuance-writer.ts';
import type { IssuerIdentity } from './issuer-identity.ts';

/** What issuing needs, built once in the composition root. */
export interface IssuerDeps {
  db: Database;
  clock: Clock;
  /** The credential issuer identifier (OpenID4VCI 1.0 §12.2.1), also `iss` of every credential. */
  issuerUrl: string;
  /** Every type's vct is `<vctBase>/<id>`. */
  vctBase: string;
  identity(): Promise<IssuerIdentity>;
  statusLists: StatusListPublisher;
  documents: DocumentStatusSource;
  claims: ClaimSource;
  /** Size of a new status list (entries); tests use small lists to see them fill up. */
  statusListSize?: number;
  /** Groups concurrent issuances into one transaction (issuanceWriter, built over the same db); without it each is its own. */
  writer?: IssuanceWriter;
}
