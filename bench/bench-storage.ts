// SPDX-License-Identifier: Apache-2.0
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openStorage, type Storage } from '@tessera/platform';

/** Which storage a bench runs on, as the results print it. */
export type BenchStorageKind = 'pglite' | 'postgresql';

export const benchStorageKind = (): BenchStorageKind => (process.env.DATABASE_URL ? 'postgresql' : 'pglite');

/**
 * Storage for one benchmark: when `DATABASE_URL` is set, a fresh database on that server
 * (created, then dropped at close, so a bench never touches real data); otherwise in-memory PGlite.
 */
export async function openBenchStorage(options: { poolSize?: number } = {}): Promise<Storage & { benchKind: BenchStorageKind }> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) return { ...(await openStorage({ kind: 'pglite' })), benchKind: 'pglite' };
  const name = `tessera_bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const storage = await openStorage({ kind: 'postgres', url: url.toString(), poolSize: options.poolSize ?? 12 });
  return {
    ...storage,
    benchKind: 'postgresql',
    async close() {
      await storage.close();
      const drop = new pg.Client({ connectionString: serverUrl });
      await drop.connect();
      await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await drop.end();
    },
  };
}
