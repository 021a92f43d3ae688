// SPDX-License-Identifier: Apache-2.0
import { createHash, randomBytes } from 'node:crypto';
import { cpSync, existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { openStorage, type ContextMigrations, type Storage } from './database.ts';
import { pgliteVersion } from './initialised-data-dir.ts';

export interface EmbeddedStorageOptions {
  /** PGlite's data folder. */
  dataDir: string;
  /** Every context's migrations, in order. */
  migrations: readonly ContextMigrations[];
  /** Where templates are kept (a cache folder), or null for none. */
  templateDir: string | null;
}

/**
 * Embedded storage (PGlite) with every context's schema applied.
 *
 * Empty storage is made whole or not at all: PGlite's first-time setup (initdb) and the
 * migrations run in a folder of their own, which is renamed to `dataDir` only when they are
 * done, so a start killed half-way leaves no half-made database for the next start to open.
 *
 * They take seconds, and what they produce is the same for every empty store of the same PGlite
 * and the same migrations. So the folder is also kept as a template — closed, before any row is
 * written, named after a hash of the PGlite version and every migration file — and later starts
 * on empty storage copy it instead (as PGlite's own `clone()` does from a dump). A stored database
 * is opened as it is.
 *
 * initdb alone (some 3–5 s) gives the same empty cluster whatever the migrations, so it is kept
 * as a template of its own (named after the PGlite version): a start that sets up two stores
 * (the federation's and the centre's, each an organisation's own database) runs initdb once.
 */
export async function openEmbeddedStorage(o: EmbeddedStorageOptions): Promise<Storage & { fromTemplate: boolean }> {
  let fromTemplate = false;
  if (!existsSync(join(o.dataDir, 'PG_VERSION'))) {
    const template = o.templateDir ? join(o.templateDir, `pglite-${await templateKey(o.migrations)}`) : null;
    const made = `${o.dataDir}.${randomBytes(4).toString('hex')}.new`;
    try {
      fromTemplate = template !== null && existsSync(join(template, 'PG_VERSION'));
      await mkdir(dirname(made), { recursive: true });
      if (fromTemplate) copyFolder(template!, made);
      else {
        await emptyCluster(made, o.templateDir);
        const fresh = await openStorage({ kind: 'pglite', dataDir: made });
        try {
          for (const m of o.migrations) await fresh.migrate(m);
        } finally {
          await fresh.close();
        }
        if (template) await keepTemplate(made, template);
      }
      // What is there is no database (no PG_VERSION): at most an empty folder or a killed setup's leftovers.
      await rm(o.dataDir, { recursive: true, force: true });
      await rename(made, o.dataDir);
    } finally {
      await rm(made, { recursive: true, force: true });
    }
  }
  const storage = await openStorage({ kind: 'pglite', dataDir: o.dataDir });
  try {
    for (const m of o.migrations) await storage.migrate(m);
  } catch (error) {
    await storage.close();
    throw error;
  }
  return { ...storage, fromTemplate };
}

/**
 * PGlite's initdb into `made`: copied from the template of an empty cluster when there is one;
 * otherwise run, and kept as that template (closed first, so what is copied is complete).
 */
async function emptyCluster(made: string, templateDir: string | null): Promise<void> {
  const template = templateDir ? join(templateDir, `pglite-initdb-${pgliteVersion()}`) : null;
  if (template && existsSync(join(template, 'PG_VERSION'))) return copyFolder(template, made);
  if (!template) return;
  const fresh = await openStorage({ kind: 'pglite', dataDir: made });
  await fresh.close();
  await keepTemplate(made, template);
}

/** Copied under a temporary name and renamed: a start killed meanwhile leaves no half template. */
async function keepTemplate(made: string, template: string): Promise<void> {
  const partial = `${template}.${randomBytes(4).toString('hex')}.partial`;
  try {
    await mkdir(dirname(template), { recursive: true });
    copyFolder(made, partial);
    await rename(partial, template);
  } catch {
    // Another start kept the same template first, or the cache folder is not writable: the next
    // empty start only takes longer.
  } finally {
    await rm(partial, { recursive: true, force: true });
  }
}

/**
 * A data folder (some thousand small files) copied by Node's native `cpSync`: some 50 ms, where
 * the promise `cp`, which walks the tree in JavaScript, took 300–400 ms of CPU per copy.
 */
function copyFolder(from: string, to: string): void {
  cpSync(from, to, { recursive: true });
}

async function templateKey(migrations: readonly ContextMigrations[]): Promise<string> {
  const hash = createHash('sha256');
  hash.update(pgliteVersion());
  for (const m of migrations) {
    hash.update(`\0${m.context}`);
    for (const name of (await readdir(m.folder, { recursive: true })).sort()) {
      if (!name.endsWith('.sql') && !name.endsWith('.json')) continue;
      hash.update(`\0${name}\0`).update(await readFile(join(m.folder, name)));
    }
  }
  return hash.digest('hex').slice(0, 20);
}
