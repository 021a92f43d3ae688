// SPDX-License-Identifier: Apache-2.0
import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { KeyLabelTaken, KeyRecordInvalid } from '../trust-errors.ts';
import { assertKeyLabel, type KeyStoreBackend, type WrappedKey } from './key-store.ts';

/** Wrapped keys in memory; for tests and the demo world. Records are copied so callers cannot alter them. */
export class MemoryKeyStoreBackend implements KeyStoreBackend {
  readonly #records = new Map<string, string>();

  async get(label: string): Promise<WrappedKey | null> {
    const json = this.#records.get(label);
    return json === undefined ? null : (JSON.parse(json) as WrappedKey);
  }

  async put(label: string, key: WrappedKey): Promise<void> {
    if (this.#records.has(label)) throw new KeyLabelTaken(label);
    this.#records.set(label, JSON.stringify(key));
  }
}

/**
 * One JSON file per label in a directory (0700), each file 0600. Writes go to a temporary file
 * that is then hard-linked into place: `link` fails if the name exists, so a key is never
 * overwritten and a reader never sees a half-written file.
 */
export class FileKeyStoreBackend implements KeyStoreBackend {
  readonly directory: string;

  constructor(directory: string) {
    this.directory = directory;
  }

  async get(label: string): Promise<WrappedKey | null> {
    assertKeyLabel(label);
    let text: string;
    try {
      text = await readFile(this.#path(label), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    try {
      return JSON.parse(text) as WrappedKey;
    } catch {
      throw new KeyRecordInvalid(label, 'not JSON');
    }
  }

  async put(label: string, key: WrappedKey): Promise<void> {
    assertKeyLabel(label);
    await mkdir(this.directory, { recursive: true, mode: 0o700 });
    const temporary = join(this.directory, `.${label}.${randomBytes(6).toString('hex')}.tmp`);
    await writeFile(temporary, `${JSON.stringify(key, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    try {
      await link(temporary, this.#path(label));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new KeyLabelTaken(label);
      throw error;
    } finally {
      await unlink(temporary);
    }
  }

  #path(label: string): string {
    return join(this.directory, `${label}.json`);
  }
}
