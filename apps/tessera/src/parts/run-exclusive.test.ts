// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestStorage, type Storage } from '@tessera/platform';
import { runExclusive } from './run-exclusive.ts';

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
