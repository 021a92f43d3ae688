// SPDX-License-Identifier: Apache-2.0
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openStorage, type Storage } from './database.ts';
import { initialisedDataDir } from './initialised-data-dir.ts';

/**
 * Storage for one test file: embedded PGlite in memory, or, when `TESSERA_TEST_DATABASE_URL`
 * names a real server, a fresh database created on it and dropped afterwards. The suite runs
 * storage-backed tests once each way (see scripts/test.ts). PGlite starts from an image of an
 * initialised data folder, made once (initialised-data-dir.ts), instead of running initdb each time.
 */
export async function openTestStorage(): Promise<Storage> {
  // scripts/test.ts runs a file on the PostgreSQL lane only when it finds this function called in
  // the file or its imports; one it did not find is told so, and fails, rather than skipping that lane.
  const missed = process.env.TESSERA_TEST_NOT_ON_SERVER_LANE;
  if (missed) throw new Error(`${missed} opens a test database, but scripts/test.ts did not find openTestStorage in it or its imports, so it would not run it on the PostgreSQL lane`);
  const adminUrl = process.env.TESSERA_TEST_DATABASE_URL;
  if (!adminUrl) return openStorage({ kind: 'pglite', loadDataDir: await initialisedDataDir() });
  const name = `tessera_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const storage = await openStorage({ kind: 'postgres', url: url.toString(), poolSize: 4 });
  return {
    ...storage,
    async close() {
      await storage.close();
      const drop = new pg.Client({ connectionString: adminUrl });
      await drop.connect();
      await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await drop.end();
    },
  };
}
