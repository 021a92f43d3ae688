// SPDX-License-Identifier: Apache-2.0
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * Fresh databases on the test's PostgreSQL server (TESSERA_TEST_DATABASE_URL), one per
 * organisation: `<prefix>_<random>` and `<that>_<suffix>` for each suffix. Returns their
 * addresses by suffix ('' for the first) and a function that drops them all.
 */
export async function freshDatabases(prefix: string, suffixes: readonly string[]): Promise<{ urls: Record<string, string>; drop(): Promise<void> }> {
  const admin = process.env.TESSERA_TEST_DATABASE_URL;
  if (!admin) throw new Error('This test needs a PostgreSQL server: run it with `npm test` (TESSERA_TEST_DATABASE_URL).');
  const base = `${prefix}_${randomBytes(6).toString('hex')}`;
  const names = Object.fromEntries(['', ...suffixes].map((s) => [s, s ? `${base}_${s}` : base]));
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    for (const name of Object.values(names)) await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const urls = Object.fromEntries(Object.entries(names).map(([s, name]) => {
    const url = new URL(admin);
    url.pathname = `/${name}`;
    return [s, url.toString()];
  }));
  return {
    urls,
    async drop() {
      const dropping = new pg.Client({ connectionString: admin });
      await dropping.connect();
      try {
        for (const name of Object.values(names)) await dropping.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await dropping.end();
      }
    },
  };
}
