// SPDX-License-Identifier: Apache-2.0
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loggerOptions, serializeError } from './logger-options.ts';

test('a failed query is logged without its parameters, which may hold personal data', () => {
  const cause = Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505', detail: 'Key (username)=(mari.tamm) exists' });
  const error = Object.assign(new Error('Failed query: select * from staff where username = $1\nparams: mari.tamm'), { params: ['mari.tamm'], cause });
  const logged = JSON.stringify(serializeError(error));
  assert.doesNotMatch(logged, /mari\.tamm/);
  assert.match(logged, /Failed query: select \* from staff/);
  assert.match(logged, /23505/);
});

test('a private status link in a request path is not logged: the token segment is redacted, other ids are kept', () => {
  const token = 'Zk3qA9-_private0123456789abcdefghijklmnopqr';
  assert.equal(token.length, 43);
  const req = loggerOptions('info') as { serializers: { req(r: { id: string; method: string; url: string }): { path: string } } };
  const logged = req.serializers.req({ id: 'r1', method: 'GET', url: `/applications/status/${token}/payment?lang=ko` });
  assert.doesNotMatch(JSON.stringify(logged), new RegExp(token));
  assert.equal(logged.path, '/applications/status/[redacted]/payment');
  const uuid = '4f0c1c2e-8c1b-4a57-9a55-0c2b5a1e9d10';
  assert.equal(req.serializers.req({ id: 'r2', method: 'GET', url: `/officer/applications/${uuid}` }).path, `/officer/applications/${uuid}`);
});
