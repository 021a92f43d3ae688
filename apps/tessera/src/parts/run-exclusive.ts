// SPDX-License-Identifier: Apache-2.0
import { sql } from 'drizzle-orm';
import { outsideTransaction, type Storage } from '@tessera/platform';

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
