// SPDX-License-Identifier: Apache-2.0
import type { Clock, Database } from '@tessera/platform';

/** What the registry's operations need, built once in the composition root. */
export interface RegistryDeps {
  db: Database;
  clock: Clock;
}
