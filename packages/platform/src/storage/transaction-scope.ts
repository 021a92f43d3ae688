// SPDX-License-Identifier: Apache-2.0
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Database } from './database.ts';

/**
 * Which code runs inside a database transaction: the callback and everything it awaits. One per
 * process on purpose, like a tracing context: a guard that watches network calls (which have no
 * handle on any storage) must be able to ask whether the caller holds a transaction open.
 */
const scope = new AsyncLocalStorage<true>();

/** True while the caller runs inside a transaction's callback. */
export const insideTransaction = (): boolean => scope.getStore() === true;

/**
 * Runs `work` as code outside any transaction, for the one transaction that holds no data: a
 * job's advisory lock, held open while the job works on other connections of its own.
 */
export const outsideTransaction = <T>(work: () => T): T => scope.exit(work);

/**
 * Makes `db.transaction` mark its callback, so that {@link insideTransaction} can tell. A nested
 * transaction (a savepoint) is inside its parent's mark already.
 */
export function markTransactions<D extends Database>(db: D): D {
  const open = db.transaction.bind(db);
  db.transaction = ((callback, config) => open((tx) => scope.run(true, () => callback(tx)), config)) as D['transaction'];
  return db;
}
