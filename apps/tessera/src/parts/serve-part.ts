// SPDX-License-Identifier: Apache-2.0
import { resolve } from 'node:path';
import { sql } from 'drizzle-orm';
import { openStorage, systemClock, type Storage } from '@tessera/platform';
import { readConfig } from '../config.ts';
import { SHARED_MIGRATIONS } from '../migrations.ts';
import { PARTS } from './parts.ts';
import { readServeConfig } from './serve-config.ts';
import type { RunningPart } from './part.ts';

/**
 * `tessera serve <part> [args]`: one part in this process, against PostgreSQL (embedded PGlite
 * cannot be shared between processes), configured from the environment. Prints one line
 * `ready <part> {urls}` when it listens.
 */
export async function servePart(name: string | undefined, args: string[], env: Record<string, string | undefined>, out: NodeJS.WritableStream): Promise<RunningPart & { storage: Storage }> {
  const part = name !== undefined && Object.hasOwn(PARTS, name) ? PARTS[name]! : undefined;
  if (!part) throw new Error(`Unknown part ${JSON.stringify(name ?? '')}; parts: ${Object.keys(PARTS).join(', ')}`);
  const loaded = readConfig(env, part.settings);
  const config = { ...loaded.values, dataDir: resolve(loaded.values.dataDir) };
  if (!config.databaseUrl && !part.ownStorage) throw new Error('tessera serve runs each part against a shared PostgreSQL server: set DATABASE_URL.');
  for (const w of loaded.warnings) out.write(`warning: ${w}\n`);
  const serve = readServeConfig(env).values;
  const storage = part.ownStorage ? await part.ownStorage(config, serve) : await openStorage({ kind: 'postgres', url: config.databaseUrl });
  try {
    // Parts starting together migrate one after another; the later ones find nothing to do.
    if (!part.ownStorage) {
      await storage.db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended('tessera:migrations', 0))`);
        for (const m of SHARED_MIGRATIONS) await storage.migrate(m);
      });
    }
    const onJobError = (job: string, error: unknown) => out.write(`${new Date().toISOString()} job ${job} failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`);
    const running = await part.start({ config, serve, storage, clock: systemClock, args, onJobError });
    out.write(`ready ${name} ${JSON.stringify(running.urls)}\n`);
    return {
      ...running,
      storage,
      async close() {
        await running.close();
        await storage.close();
      },
    };
  } catch (error) {
    await storage.close();
    throw error;
  }
}
