// SPDX-License-Identifier: Apache-2.0
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PlatformError, platformErrors, SignInFailed, StaffExists } from './platform-errors.ts';
import { TesseraError } from './tessera-error.ts';
import { toProblem } from './problem-details.ts';
import { parse } from '../config/define-config.ts';

test('every kernel error is a PlatformError and a TesseraError with its own stable ERR_ code', () => {
  const codes = new Set<string>();
  for (const [name, made] of Object.entries(platformErrors)) {
    assert.ok(made.prototype instanceof PlatformError && made.prototype instanceof TesseraError, name);
    assert.match(made.code, /^ERR_[A-Z0-9_]+$/, name);
    assert.equal(made.name, name);
    assert.ok(!codes.has(made.code), `${made.code} is used twice`);
    codes.add(made.code);
  }
});

test('staff errors answer with their status and code as before', () => {
  assert.deepEqual([toProblem(new StaffExists()).status, toProblem(new StaffExists()).code], [409, 'ERR_STAFF_EXISTS']);
  assert.deepEqual([toProblem(new SignInFailed()).status, toProblem(new SignInFailed()).code], [401, 'ERR_SIGN_IN_FAILED']);
});

test('a configuration value a parser refuses is a table error', () => {
  assert.throws(() => parse.port('70000'), { code: 'ERR_CONFIG_VALUE_INVALID' });
  assert.throws(() => parse.boolean('maybe'), { code: 'ERR_CONFIG_VALUE_INVALID' });
  assert.throws(() => parse.oneOf('a', 'b')('c'), { code: 'ERR_CONFIG_VALUE_INVALID' });
});
