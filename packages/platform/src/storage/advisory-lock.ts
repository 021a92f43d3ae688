// SPDX-License-Identifier: Apache-2.0
import { sql } from 'drizzle-orm';
import type { Storage } from './database.ts';
import { outsideTransaction } from './transaction-scope.ts';

/**
 * Runs a scheduled job in at most one process at a time: the process that takes the job's
 * PostgreSQL advisory lock runs it, the others skip this round. The lock lives in a transaction of
 * its own, held while the job works on other connections, and ends with it even if the process
 * dies. Embedded PGlite serves one process and one connection: there the job simply runs.
 * Returns whether this process ran it.
 */
export async function runExclusive(storage: Storage, job: string, run: () => Promise<unknown>): Promise<boolean> {
  if (storage.kind === 'pglite') {
    await run();
    return true;
  }
  return storage.db.transaction(async (tx) => {
    const result = await tx.execute(sql`select pg_try_advisory_xact_lock(hashtextextended(${`tessera:${job}`}, 0)) as locked`);
    if ((result as { rows: Array<{ locked: boolean }> }).rows[0]?.locked !== true) return false;
    // The lock's transaction holds no rows: the job's own transactions and calls out are its own.
    await outsideTransaction(run);
    return true;
  });
}

/**
 * Runs `work` while holding the advisory lock `name`, waiting for it as long as another process
 * (or another caller in this one) holds it: for work that must be done once however many
 * processes start together, such as creating a key on first use, where the later ones must find
 * what the first made. The lock lives in a transaction of its own, as in {@link runExclusive}, so
 * `work` may call out over the network. Embedded PGlite serves one process: there callers on the
 * same database wait for each other in turn.
 */
export async function whileLocked<T>(storage: Pick<Storage, 'db' | 'kind'>, name: string, work: () => Promise<T>): Promise<T> {
  if (storage.kind === 'pglite') {
    // One queue per database and lock name; the database object is the lock table's owner, as the server is PostgreSQL's.
    const queues = embeddedQueues.get(storage.db) ?? new Map<string, Promise<unknown>>();
    embeddedQueues.set(storage.db, queues);
    const turn = (queues.get(name) ?? Promise.resolve()).then(work, work);
    queues.set(name, turn.catch(() => undefined));
    return turn;
  }
  return storage.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`tessera:${name}`}, 0))`);
    return outsideTransaction(work);
  });
}

const embeddedQueues = new WeakMap<object, Map<string, Promise<unknown>>>();

/** Repeats a job every `ms` in whichever process gets its lock, logging failures; returns a stop function. */
export function scheduleExclusive(storage: Storage, job: string, ms: number, run: () => Promise<unknown>, onError: (job: string, error: unknown) => void): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    runExclusive(storage, job, run).catch((error: unknown) => onError(job, error)).finally(() => (running = false));
  }, ms);
  timer.unref();
  return () => clearInterval(timer);
}
