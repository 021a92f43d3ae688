// SPDX-License-Identifier: Apache-2.0
import { createReadStream } from 'node:fs';
import { mkdtemp, open, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import { RequestTooLarge } from '../exchange-errors.ts';

export interface SpooledBody {
  size: number;
  /** SHA-512 of the bytes; undefined for an empty body (the protocol treats it as none). */
  digest: Uint8Array | undefined;
  /** Base64 SHA-512 as the message log records it (of the empty string for no body). */
  hash: string;
  /** The bytes, when small enough to keep for the message log. */
  kept: Uint8Array | undefined;
  open(): Readable;
  discard(): Promise<void>;
}

/**
 * The bytes a gateway's bodies may hold in memory at once, shared by every body it is reading.
 * A body goes to a temporary file only when holding it would pass this, so a gateway passes large
 * bodies at memory speed while its memory stays bounded however many arrive together.
 */
export class BodyMemory {
  #free: number;

  constructor(bytes: number) {
    this.#free = bytes;
  }

  /** Takes `bytes` of the budget if that many are free. */
  take(bytes: number): boolean {
    if (bytes > this.#free) return false;
    this.#free -= bytes;
    return true;
  }

  give(bytes: number): void {
    this.#free += bytes;
  }
}

const EMPTY_HASH = createHash('sha512').digest('base64');

export interface SpoolLimits {
  /** Largest body; a larger one stops with RequestTooLarge. */
  limit: number;
  /** Bodies up to this size are also handed over whole, for the message log. */
  keepUpTo: number;
  /** Largest body held in memory, while `memory` has room for it. */
  inMemory: number;
  memory: BodyMemory;
}

/**
 * Reads a body while hashing it, so a gateway can sign a message's hash before sending it. Bodies
 * up to `inMemory` bytes stay in memory while the gateway's `memory` has room (a file round trip
 * per hop costs more than the rest of a gateway's work on a body); others go to a temporary file
 * as they arrive, so bodies of any size stream through without being held. The memory is given
 * back at `discard`. Bodies over `limit` bytes stop with RequestTooLarge (a Client.* fault, 400).
 */
export async function spoolBody(source: Readable, o: SpoolLimits): Promise<SpooledBody> {
  const hash = createHash('sha512');
  let size = 0;
  let held = 0;
  let chunks: Buffer[] = [];
  let file: { dir: string; path: string; handle: FileHandle } | undefined;
  const release = () => {
    o.memory.give(held);
    held = 0;
  };
  const discardFile = async () => {
    if (!file) return;
    await file.handle.close().catch(() => undefined);
    await rm(file.dir, { recursive: true, force: true });
  };
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > o.limit) throw new RequestTooLarge(`The body is larger than ${o.limit} bytes.`);
      hash.update(chunk);
      if (file) {
        await file.handle.write(chunk);
        continue;
      }
      if (size <= o.inMemory && o.memory.take(chunk.length)) {
        held += chunk.length;
        chunks.push(chunk);
        continue;
      }
      const dir = await mkdtemp(join(tmpdir(), 'tessera-spool-'));
      file = { dir, path: join(dir, 'body'), handle: await open(join(dir, 'body'), 'w') };
      for (const earlier of chunks) await file.handle.write(earlier);
      await file.handle.write(chunk);
      chunks = [];
      release();
    }
    if (file) await file.handle.close();
  } catch (error) {
    release();
    await discardFile();
    throw error;
  }
  const digestBytes = size > 0 ? hash.digest() : undefined;
  const spooled = file;
  // one buffer only where the log needs the body whole; passing it on streams the chunks as they came
  const whole = !spooled && size <= o.keepUpTo ? (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)) : undefined;
  const parts = whole ? [whole] : chunks;
  return {
    size,
    digest: digestBytes ? new Uint8Array(digestBytes.buffer, digestBytes.byteOffset, digestBytes.byteLength) : undefined,
    hash: digestBytes ? digestBytes.toString('base64') : EMPTY_HASH,
    kept: whole ? new Uint8Array(whole.buffer, whole.byteOffset, whole.byteLength) : undefined,
    open: () => (spooled ? createReadStream(spooled.path) : Readable.from(parts.filter((part) => part.length > 0))),
    discard: async () => {
      release();
      if (spooled) await rm(spooled.dir, { recursive: true, force: true });
    },
  };
}
