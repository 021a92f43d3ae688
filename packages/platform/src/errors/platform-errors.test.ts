// SPDX-License-Identifier: Apache-2.0
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SignInFailed, StaffExists } from './platform-errors.ts';
import { toProblem } from './problem-details.ts';
import { parse } from '../config/define-config.ts';

test('staff errors answer with their status and code as before', () => {
  assert.deepEqual([toProblem(new StaffExists()).status, toProblem(new StaffExists()).code], [409, 'ERR_STAFF_EXISTS']);
  assert.deepEqual([toProblem(new SignInFailed()).status, toProblem(new SignInFailed()).code], [401, 'ERR_SIGN_IN_FAILED']);
});

test('a configuration value a parser refuses is a table error', () => {
  assert.throws(() => parse.port('70000'), { code: 'ERR_CONFIG_VALUE_INVALID' });
  assert.throws(() => parse.boolean('maybe'), { code: 'ERR_CONFIG_VALUE_INVALID' });
  assert.throws(() => parse.oneOf('a', 'b')('c'), { code: 'ERR_CONFIG_VALUE_INVALID' });
});
