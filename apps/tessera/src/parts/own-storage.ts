// SPDX-License-Identifier: Apache-2.0
import { sql } from 'drizzle-orm';
import { openStorage, type ContextMigrations, type Storage } from '@tessera/platform';

/**
 * The PostgreSQL database of a part that is an organisation of its own, migrated: processes of
 * the part starting together migrate one after another under the part's advisory lock, the later
 * ones finding nothing to do.
 */
export async function openOwnStorage(url: string, part: string, migrations: readonly ContextMigrations[]): Promise<Storage> {
  const storage = await openStorage({ kind: 'postgres', url });
  try {
    await storage.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`tessera:${part}-migrations`}, 0))`);
      for (const m of migrations) await storage.migrate(m);
    });
  } catch (error) {
    await storage.close();
    throw error;
  }
  return storage;
}
