// SPDX-License-Identifier: Apache-2.0
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serializeError } from './logger-options.ts';

test('a failed query is logged without its parameters, which may hold personal data', () => {
  const cause = Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505', detail: 'Key (username)=(mari.tamm) exists' });
  const error = Object.assign(new Error('Failed query: select * from staff where username = $1\nparams: mari.tamm'), { params: ['mari.tamm'], cause });
  const logged = JSON.stringify(serializeError(error));
  assert.doesNotMatch(logged, /mari\.tamm/);
  assert.match(logged, /Failed query: select \* from staff/);
  assert.match(logged, /23505/);
});
