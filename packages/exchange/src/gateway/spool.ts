// SPDX-License-Identifier: Apache-2.0
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { createHash } from 'node:crypto';
import { RequestTooLarge } from '../protocol/gateway-errors.ts';

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
 * Writes a body to a temporary file while hashing it, so a gateway can sign a message's hash
 * before sending it and still stream bodies of any size without holding them in memory.
 * Bodies over `limit` bytes stop with RequestTooLarge (a Client.* fault, 400).
 */
export async function spoolBody(source: Readable, o: { limit: number; keepUpTo: number }): Promise<SpooledBody> {
  const dir = await mkdtemp(join(tmpdir(), 'tessera-spool-'));
  const file = join(dir, 'body');
  const hash = createHash('sha512');
  let size = 0;
  const small: Buffer[] = [];
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > o.limit) return done(new RequestTooLarge(`The body is larger than ${o.limit} bytes.`));
      hash.update(chunk);
      if (size <= o.keepUpTo) small.push(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(source, meter, createWriteStream(file));
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const digest = size > 0 ? new Uint8Array(hash.digest()) : undefined;
  return {
    size,
    digest,
    hash: Buffer.from(digest ?? createHash('sha512').digest()).toString('base64'),
    kept: size <= o.keepUpTo ? new Uint8Array(Buffer.concat(small)) : undefined,
    open: () => createReadStream(file),
    discard: () => rm(dir, { recursive: true, force: true }),
  };
}
