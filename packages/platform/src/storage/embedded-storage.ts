// SPDX-License-Identifier: Apache-2.0
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openStorage, type ContextMigrations, type Storage } from './database.ts';

export interface EmbeddedStorageOptions {
  /** PGlite's data folder. */
  dataDir: string;
  /** Every context's migrations, in order. */
  migrations: readonly ContextMigrations[];
  /** Where templates are kept (a cache folder), or null for none. */
  templateDir: string | null;
}

/**
 * Embedded storage (PGlite) with every context's schema applied. On empty storage PGlite's
 * first-time setup (initdb) and the migrations take seconds, and what they produce is the same
 * for every empty store of the same PGlite and the same migrations. So the first start on empty
 * storage keeps that state as a template — a tarball of the data folder before any row is
 * written, named after a hash of the PGlite version and every migration file — and later starts
 * on empty storage unpack it instead (PGlite's own `clone()` works the same way). A stored
 * database is opened as it is; a template that cannot be read is ignored.
 */
export async function openEmbeddedStorage(o: EmbeddedStorageOptions): Promise<Storage & { fromTemplate: boolean }> {
  const fresh = !existsSync(join(o.dataDir, 'PG_VERSION'));
  const file = o.templateDir && fresh ? join(o.templateDir, `pglite-${await templateKey(o.migrations)}.tar.gz`) : null;
  const template = file ? await readFile(file).catch(() => null) : null;
  const storage = await openStorage({ kind: 'pglite', dataDir: o.dataDir, ...(template ? { template: new Blob([template]) } : {}) });
  try {
    for (const m of o.migrations) await storage.migrate(m);
    if (file && !template) await keepTemplate(storage, file);
  } catch (error) {
    await storage.close();
    throw error;
  }
  return { ...storage, fromTemplate: template !== null };
}

/** Written under a temporary name and renamed: a start killed meanwhile leaves no half template. */
async function keepTemplate(storage: Storage, file: string): Promise<void> {
  const dump = Buffer.from(await (await storage.dumpDataDir!()).arrayBuffer());
  const dir = join(file, '..');
  await mkdir(dir, { recursive: true });
  const partial = `${file}.${randomBytes(4).toString('hex')}.partial`;
  try {
    await writeFile(partial, dump);
    await rename(partial, file);
  } catch {
    // Without a template the next empty start only takes longer.
    await rm(partial, { force: true });
  }
}

async function templateKey(migrations: readonly ContextMigrations[]): Promise<string> {
  const hash = createHash('sha256');
  const pglite = new URL('../package.json', import.meta.resolve('@electric-sql/pglite'));
  hash.update(JSON.parse(await readFile(pglite, 'utf8')).version as string);
  for (const m of migrations) {
    hash.update(`\0${m.context}`);
    for (const name of (await readdir(m.folder, { recursive: true })).sort()) {
      const path = join(m.folder, name);
      if (!name.endsWith('.sql') && !name.endsWith('.json')) continue;
      hash.update(`\0${name}\0`).update(await readFile(path));
    }
  }
  return hash.digest('hex').slice(0, 20);
}
