// SPDX-License-Identifier: Apache-2.0
import type { Clock, Database } from '@tessera/platform';

export interface TypeRegistryDeps {
  db: Database;
  clock: Clock;
  /** Every type's vct is `<vctBase>/<id>`. */
  vctBase: string;
}
