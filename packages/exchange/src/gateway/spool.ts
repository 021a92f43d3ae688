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

const EMPTY_HASH = createHash('sha512').digest('base64');

/**
 * Reads a body while hashing it, so a gateway can sign a message's hash before sending it. Bodies
 * up to `inMemory` bytes stay in memory (almost every message: a file round trip per hop would
 * cost more than the rest of the gateway's work); larger ones go to a temporary file as they
 * arrive, so bodies of any size stream through without being held. Bodies over `limit` bytes stop
 * with RequestTooLarge (a Client.* fault, 400).
 */
export async function spoolBody(source: Readable, o: { limit: number; keepUpTo: number; inMemory: number }): Promise<SpooledBody> {
  const hash = createHash('sha512');
  let size = 0;
  let chunks: Buffer[] = [];
  let file: { dir: string; path: string; handle: FileHandle } | undefined;
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
      chunks.push(chunk);
      if (size > o.inMemory) {
        const dir = await mkdtemp(join(tmpdir(), 'tessera-spool-'));
        file = { dir, path: join(dir, 'body'), handle: await open(join(dir, 'body'), 'w') };
        for (const held of chunks) await file.handle.write(held);
        chunks = [];
      }
    }
    if (file) await file.handle.close();
  } catch (error) {
    await discardFile();
    throw error;
  }
  const digestBytes = size > 0 ? hash.digest() : undefined;
  const bytes = file ? undefined : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
  const spooled = file;
  return {
    size,
    digest: digestBytes ? new Uint8Array(digestBytes.buffer, digestBytes.byteOffset, digestBytes.byteLength) : undefined,
    hash: digestBytes ? digestBytes.toString('base64') : EMPTY_HASH,
    kept: bytes && size <= o.keepUpTo ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : undefined,
    open: () => (spooled ? createReadStream(spooled.path) : Readable.from(bytes && bytes.length > 0 ? [bytes] : [])),
    discard: () => (spooled ? rm(spooled.dir, { recursive: true, force: true }) : Promise.resolve()),
  };
}
