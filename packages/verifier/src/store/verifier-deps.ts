// SPDX-License-Identifier: Apache-2.0
import type { Clock, Database } from '@tessera/platform';
import type { TrustDeps } from '@tessera/trust';
import type { StatusCheck } from '../domain/status/credential-status-check.ts';
import type { IssuerTrust } from '../domain/trust/issuer-trust.ts';

/** What the verifier needs, built once in the composition root. */
export interface VerifierDeps {
  db: Database;
  clock: Clock;
  /** Public base URL of the verifier's OpenID4VP endpoints (request_uri, response_uri). */
  baseUrl: string;
  /** The trust services: relying parties' request-signing keys and certificates come from them. */
  trust: TrustDeps;
  issuerTrust: IssuerTrust;
  status: StatusCheck;
  /** How long a presentation request can be answered. */
  requestSeconds: number;
  /** Accepted age of a key binding JWT, and clock skew ahead of ours. */
  iatWindow: { pastSeconds: number; futureSeconds: number };
  randomBytes(n: number): Uint8Array;
}
