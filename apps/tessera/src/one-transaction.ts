// SPDX-License-Identifier: Apache-2.0
import type { Database } from '@tessera/platform';

/**
 * A transaction as the flows see it: a flow's own transaction runs in it directly instead of in
 * a savepoint. Only for work where any failure rolls the whole transaction back (nothing inside
 * recovers from a failed step), where the savepoints would only cost two statements each.
 */
export function oneTransaction(tx: Database): Database {
  const flat: Database = new Proxy(tx, {
    get: (target, key, receiver) => (key === 'transaction' ? (run: (inner: Database) => unknown) => run(flat) : Reflect.get(target, key, receiver)),
  });
  return flat;
}
