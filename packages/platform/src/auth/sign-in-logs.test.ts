// SPDX-License-Identifier: Apache-2.0
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

test('logs at trace level never contain a typed password, even when a request fails', async () => {
  const password = 'Unmistakable-Secret-Passphrase-42';
  const scenario = new URL('./fixtures/sign-in-scenario.ts', import.meta.url).pathname;
  const { stdout, stderr } = await run(process.execPath, [...process.execArgv, scenario, password], { maxBuffer: 64 * 1024 * 1024 });
  const output = stdout + stderr;
  const lines = stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { msg?: string; level: number });
  assert.ok(lines.some((l) => l.msg === 'staff signed in'), 'the scenario ran and was logged');
  assert.ok(lines.some((l) => l.msg === 'staff sign-in refused'));
  assert.ok(lines.some((l) => l.level >= 50), 'the failing request was logged as an error');
  assert.ok(!output.includes(password), 'a password appeared in the logs');
  assert.doesNotMatch(output, /\$scrypt\$/);
  assert.doesNotMatch(output, /tessera_session=/);
});
