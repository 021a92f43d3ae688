// SPDX-License-Identifier: Apache-2.0
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationFailed } from '../errors/tessera-error.ts';
import { loadConfig, parse } from './define-config.ts';

const spec = {
  kek: { env: 'KEK', description: 'a key', parse: parse.secret, insecureDefault: 'k'.repeat(32) },
  smtp: { env: 'SMTP', description: 'a mail server', parse: parse.url, insecureDefault: '' },
  port: { env: 'PORT', description: 'a port', parse: parse.port, default: 1 },
};
const missing = (env: Record<string, string>, needs?: Array<keyof typeof spec>) => {
  try {
    loadConfig(spec, env, needs);
    return [];
  } catch (error) {
    assert.ok(error instanceof ValidationFailed);
    return error.issues.map((i) => [i.code, i.path]);
  }
};

test('production asks only for the insecure-default settings the caller needs, and leaves the others unset', () => {
  assert.deepEqual(missing({ NODE_ENV: 'production' }), [['missing_config', 'KEK'], ['missing_config', 'SMTP']]);
  assert.deepEqual(missing({ NODE_ENV: 'production' }, ['kek']), [['missing_config', 'KEK']]);
  const { values, warnings } = loadConfig(spec, { NODE_ENV: 'production', KEK: 'x'.repeat(32) }, ['kek']);
  assert.deepEqual(values, { kek: 'x'.repeat(32), port: 1 });
  assert.deepEqual(warnings, []);
  // In development the unneeded one is not defaulted either, so a part reading a setting it did not declare fails in tests, not in production.
  const development = loadConfig(spec, {}, ['kek']);
  assert.deepEqual(development.values, { kek: 'k'.repeat(32), port: 1 });
  assert.deepEqual(development.warnings, ['KEK is not set; using an insecure development default']);
  // A needed setting given a bad value is still refused, and so is an unneeded one that is set.
  assert.deepEqual(missing({ NODE_ENV: 'production', KEK: 'short', SMTP: 'not a url' }, ['kek']), [['invalid_config', 'KEK'], ['invalid_config', 'SMTP']]);
});
