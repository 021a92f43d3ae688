// SPDX-License-Identifier: Apache-2.0
import type { Clock, Database } from '@tessera/platform';
import type { ServiceCertification } from '@tessera/trust';
import type { StatusCheck } from '../domain/status/credential-status-check.ts';
import type { IssuerTrust } from '../domain/trust/issuer-trust.ts';

/** What the verifier needs, built once in the composition root. */
export interface VerifierDeps {
  db: Database;
  clock: Clock;
  /** Public base URL of the verifier's OpenID4VP endpoints (request_uri, response_uri). */
  baseUrl: string;
  /**
   * The relying parties' request-signing keys (its key store) and their certificates from the
   * trust services' services CA, in this process or over the wire.
   */
  pki: ServiceCertification;
  issuerTrust: IssuerTrust;
  status: StatusCheck;
  /** How long a presentation request can be answered. */
  requestSeconds: number;
  /** Accepted age of a key binding JWT, and clock skew ahead of ours. */
  iatWindow: { pastSeconds: number; futureSeconds: number };
  randomBytes(n: number): Uint8Array;
  /** Every credential type's vct is `<vctBase>/<id>` (the issuer's), for the templates' queries. */
  vctBase: string;
  /**
   * Records, in the same transaction as the outcome, that a relying party received a person's
   * data (the person's data tracker); called for each verified answer that names the person.
   */
  dataTracker?(db: Database, entry: { identificationCode: string; purpose: string; client: string; service: string; messageId: string }): Promise<void>;
}
