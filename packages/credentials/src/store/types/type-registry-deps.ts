// SPDX-License-Identifier: Apache-2.0
import type { Clock, Database } from '@tessera/platform';
import type { ExchangeDirectory } from '../../domain/types/exchange-directory.ts';

export interface TypeRegistryDeps {
  db: Database;
  clock: Clock;
  /** Every type's vct is `<vctBase>/<id>`. */
  vctBase: string;
  /** The exchange registry's members and services: a type is published only if its claims can be asked for. */
  exchange: ExchangeDirectory;
}
