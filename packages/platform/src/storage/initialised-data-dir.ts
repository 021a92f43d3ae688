// SPDX-License-Identifier: Apache-2.0
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';

const CACHE_DIR = new URL('../../../../node_modules/.cache/tessera', import.meta.url).pathname;

/** This process's image, read or made once: every in-memory test database of the process starts from it. */
let image: Promise<Blob> | undefined;

/**
 * A just-initialised PGlite data folder (the state initdb leaves, no schema) as a tar image, for
 * in-memory databases to start from instead of each running PGlite's initdb: seconds of CPU per
 * database, paid by every storage-backed test file. Made once per PGlite version by the first
 * process that needs it and kept in the cache folder beside the embedded-storage templates,
 * written under a temporary name and renamed, so no process reads half of one. PGlite's own
 * `clone()` starts a database from the same kind of image.
 */
export function initialisedDataDir(): Promise<Blob> {
  image ??= readOrMake();
  return image;
}

/** The installed PGlite's version: what an initialised data folder or a template is valid for. */
export function pgliteVersion(): string {
  const pglite = new URL('../package.json', import.meta.resolve('@electric-sql/pglite'));
  return (JSON.parse(readFileSync(pglite, 'utf8')) as { version: string }).version;
}

async function readOrMake(): Promise<Blob> {
  const file = join(CACHE_DIR, `pglite-${pgliteVersion()}-initdb.tar`);
  try {
    return new Blob([readFileSync(file)]);
  } catch {
    // Not made yet (or unreadable): made below.
  }
  const fresh = new PGlite();
  await fresh.waitReady;
  let made: Blob;
  try {
    made = await fresh.dumpDataDir('none');
  } finally {
    await fresh.close();
  }
  const partial = `${file}.${randomBytes(4).toString('hex')}.partial`;
  try {
    mkdirSync(CACHE_DIR, { recursive: true });
    writeFileSync(partial, new Uint8Array(await made.arrayBuffer()));
    renameSync(partial, file);
  } catch {
    // A read-only cache folder: the next process makes its own image again.
    rmSync(partial, { force: true });
  }
  return made;
}
