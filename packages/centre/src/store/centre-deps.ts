// SPDX-License-Identifier: Apache-2.0
import type { Clock, Database } from '@tessera/platform';
import type { AuthorityLink } from '../domain/authority-link.ts';
import type { CentreConfig } from '../domain/centre-config.ts';

/** Everything the centre's operations need, built once in the composition root. */
export interface CentreDeps {
  /** The centre's own database (its schema, staff accounts, sessions and transparency log). */
  db: Database;
  clock: Clock;
  centres: readonly CentreConfig[];
  authority: AuthorityLink;
  /** Where applicants reach the centre's public pages, for booking links: https://centre.example/. */
  publicUrl: string;
  /** 32 random bytes as base64url; injected so tests can tell tokens apart deterministically. */
  randomToken: () => string;
}
