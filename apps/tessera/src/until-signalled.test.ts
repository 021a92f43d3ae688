// SPDX-License-Identifier: Apache-2.0
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { StartAborted, untilSignalled } from './until-signalled.ts';

const signals = () => new EventEmitter() as EventEmitter & { on(s: 'SIGINT' | 'SIGTERM', l: (s: NodeJS.Signals) => void): unknown };

test('a signal that arrives while the command starts aborts the start and ends with code 0', async () => {
  const source = signals();
  let seen: unknown;
  const code = untilSignalled(async (signal) => {
    source.emit('SIGTERM', 'SIGTERM');
    await new Promise((resolve) => setImmediate(resolve));
    seen = signal.reason;
    signal.throwIfAborted();
    return { close: () => assert.fail('nothing was started, nothing to close') };
  }, { signals: source, second: () => assert.fail('one signal only') });
  assert.equal(await code, 0);
  assert.ok(seen instanceof StartAborted);
});

test('a signal right after the start closes what runs, once, and ends with code 0', async () => {
  const source = signals();
  let closed = 0;
  const code = untilSignalled(async () => ({ close: async () => void closed++ }), { signals: source, second: () => assert.fail('one signal only') });
  await new Promise((resolve) => setImmediate(resolve));
  source.emit('SIGINT', 'SIGINT');
  assert.equal(await code, 0);
  assert.equal(closed, 1);
});

test('a second signal while stopping is handed to `second`; a failed start that was not stopped rejects', async () => {
  const source = signals();
  const seconds: string[] = [];
  let finishClose!: () => void;
  const code = untilSignalled(async () => ({ close: () => new Promise<void>((resolve) => (finishClose = resolve)) }), { signals: source, second: (s) => void seconds.push(s) });
  await new Promise((resolve) => setImmediate(resolve));
  source.emit('SIGTERM', 'SIGTERM');
  await new Promise((resolve) => setImmediate(resolve));
  source.emit('SIGINT', 'SIGINT');
  assert.deepEqual(seconds, ['SIGINT']);
  finishClose();
  assert.equal(await code, 0);
  await assert.rejects(untilSignalled(() => Promise.reject(new Error('port taken')), { signals: signals(), second: () => undefined }), /port taken/);
});
