// SPDX-License-Identifier: Apache-2.0
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer, text } from 'node:stream/consumers';
import { RequestTooLarge } from '../exchange-errors.ts';
import { BodyMemory, spoolBody, type SpoolLimits } from './spool.ts';

const MiB = 1024 * 1024;
const limits = (memory: BodyMemory, o: Partial<SpoolLimits> = {}): SpoolLimits => ({ limit: 64 * MiB, keepUpTo: MiB, inMemory: 16 * MiB, memory, ...o });
/** A body arriving in chunks of 64 KiB, as a socket delivers it. */
const arriving = (bytes: Buffer) => Readable.from(Array.from({ length: Math.ceil(bytes.length / 65536) }, (_, i) => bytes.subarray(i * 65536, (i + 1) * 65536)));
const read = (body: { open(): Readable }) => buffer(body.open());

test('a body within the memory budget is held in memory until discarded, then the budget is free again', async () => {
  const memory = new BodyMemory(4 * MiB);
  const bytes = randomBytes(3 * MiB);
  const body = await spoolBody(arriving(bytes), limits(memory));
  assert.equal(memory.take(2 * MiB), false, 'the body holds 3 of the 4 MiB');
  assert.deepEqual(await read(body), bytes);
  assert.equal(body.hash, createHash('sha512').update(bytes).digest('base64'));
  assert.equal(body.kept, undefined, 'over keepUpTo: not handed over for the log');
  await body.discard();
  assert.equal(memory.take(4 * MiB), true);
});

test('a body that would pass the budget is spooled to a file, whole and unchanged, and holds no memory', async () => {
  const memory = new BodyMemory(4 * MiB);
  const first = await spoolBody(arriving(randomBytes(3 * MiB)), limits(memory));
  const bytes = randomBytes(2 * MiB + 17);
  const second = await spoolBody(arriving(bytes), limits(memory));
  await first.discard();
  assert.equal(memory.take(4 * MiB), true, 'the spooled body gave back what it held before it went to a file');
  memory.give(4 * MiB);
  assert.deepEqual(await read(second), bytes);
  assert.equal(second.size, bytes.length);
  await second.discard();
});

test('a body over the in-memory size goes to a file even with memory free', async () => {
  const memory = new BodyMemory(64 * MiB);
  const bytes = randomBytes(MiB + 1);
  const body = await spoolBody(arriving(bytes), limits(memory, { inMemory: MiB }));
  assert.equal(memory.take(64 * MiB), true);
  assert.deepEqual(await read(body), bytes);
  await body.discard();
});

test('a small body is kept whole for the log, and an empty one is kept as no bytes', async () => {
  const memory = new BodyMemory(MiB);
  const small = await spoolBody(arriving(Buffer.from('{"a":1}')), limits(memory));
  assert.equal(Buffer.from(small.kept!).toString(), '{"a":1}');
  assert.equal(await text(small.open()), '{"a":1}');
  const empty = await spoolBody(Readable.from([]), limits(memory));
  assert.equal(empty.kept?.byteLength, 0);
  assert.equal(empty.digest, undefined);
  assert.equal(await text(empty.open()), '');
  await Promise.all([small.discard(), empty.discard()]);
});

test('a body over the limit is refused with RequestTooLarge and gives back every byte it held', async () => {
  const memory = new BodyMemory(4 * MiB);
  await assert.rejects(spoolBody(arriving(randomBytes(2 * MiB)), limits(memory, { limit: MiB })), RequestTooLarge);
  assert.equal(memory.take(4 * MiB), true);
});
