// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Storage } from './database.ts';
import { openTestStorage } from './test-storage.ts';
import { runExclusive, whileLocked } from './advisory-lock.ts';

let storage: Storage | undefined;
before(async () => {
  storage = await openTestStorage();
});
after(async () => storage?.close());

test('a job started twice at once runs once; once it has ended it can run again', async () => {
  let runs = 0;
  let release!: () => void;
  let started!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const running = new Promise<void>((resolve) => (started = resolve));
  const first = runExclusive(storage!, 'refunds', async () => {
    runs++;
    started();
    await held;
  });
  await running;
  if (storage!.kind === 'postgres') {
    // Another process (here another connection) finds the job taken and skips it.
    assert.equal(await runExclusive(storage!, 'refunds', async () => runs++), false);
    assert.equal(await runExclusive(storage!, 'other-job', async () => undefined), true, 'another job is not blocked');
  }
  release();
  assert.equal(await first, true);
  assert.equal(runs, 1);
  assert.equal(await runExclusive(storage!, 'refunds', async () => runs++), true);
  assert.equal(runs, 2);
});

test('work under a held lock waits for the holder to finish, even when the holder fails; work under another lock does not wait', async () => {
  const order: string[] = [];
  let release!: () => void;
  let started!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const running = new Promise<void>((resolve) => (started = resolve));
  const first = whileLocked(storage!, 'issuer-key', async () => {
    order.push('first starts');
    started();
    await held;
    order.push('first ends');
    throw new Error('first failed');
  });
  await running;
  const second = whileLocked(storage!, 'issuer-key', async () => order.push('second runs'));
  assert.equal(await whileLocked(storage!, 'another-key', async () => 'not blocked'), 'not blocked');
  release();
  await assert.rejects(first, /first failed/);
  await second;
  assert.deepEqual(order, ['first starts', 'first ends', 'second runs']);
});
