// SPDX-License-Identifier: Apache-2.0
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { ValidationFailed } from '@tessera/platform';
import { servePart } from './serve-part.ts';

const issuesOf = async (env: Record<string, string>) => {
  try {
    await servePart('credentials', [], { NODE_ENV: 'test', TESSERA_LOG_LEVEL: 'silent', ...env }, new PassThrough());
  } catch (error) {
    assert.ok(error instanceof ValidationFailed, String(error));
    return error.issues.map((i) => [i.code, i.path]);
  }
  assert.fail('serve credentials started');
};

const COMPLETE = {
  DATABASE_URL: 'postgres://tessera@db.internal:5432/authority',
  TESSERA_CREDENTIALS_DATABASE_URL: 'postgres://credentials@db.internal:5432/credentials',
  TESSERA_TRUST_URL: 'https://trust.tessera.example/',
  TESSERA_TRUST_ROOT_SHA256: 'AB:'.repeat(31) + 'AB',
  TESSERA_CREDENTIALS_ENROLMENT_TOKEN: 'enrolment-token-of-the-credentials-part-0001',
  TESSERA_CREDENTIALS_GATEWAY_URL: 'http://gateway.credentials.internal:8080/',
};

test('serve credentials refuses to start without its settings, naming every one missing, before it opens any database', async () => {
  assert.deepEqual(await issuesOf({}), [
    ['missing_config', 'TESSERA_CREDENTIALS_DATABASE_URL'],
    ['missing_config', 'TESSERA_TRUST_URL'],
    ['missing_config', 'TESSERA_TRUST_ROOT_SHA256'],
    ['missing_config', 'TESSERA_CREDENTIALS_ENROLMENT_TOKEN'],
    ['missing_config', 'TESSERA_CREDENTIALS_GATEWAY_URL'],
  ]);
  // Each one alone missing is named alone.
  for (const name of Object.keys(COMPLETE).filter((k) => k !== 'DATABASE_URL')) {
    const { [name as keyof typeof COMPLETE]: _left, ...rest } = COMPLETE;
    assert.deepEqual(await issuesOf(rest), [['missing_config', name]]);
  }
});

test('serve credentials refuses the authority’s database as its own, whatever the account or options in the address', async () => {
  assert.deepEqual(await issuesOf({ ...COMPLETE, TESSERA_CREDENTIALS_DATABASE_URL: 'postgres://other-user:pw@db.internal/authority?sslmode=require' }), [['not_own_database', 'TESSERA_CREDENTIALS_DATABASE_URL']]);
});

test('serve credentials refuses a root fingerprint that is not a SHA-256 and an enrolment token too short to be a secret', async () => {
  await assert.rejects(servePart('credentials', [], { ...COMPLETE, TESSERA_TRUST_ROOT_SHA256: 'abc', TESSERA_CREDENTIALS_ENROLMENT_TOKEN: 'short' }, new PassThrough()), (error: unknown) => {
    assert.ok(error instanceof ValidationFailed);
    assert.deepEqual(error.issues.map((i) => [i.code, i.path]), [['invalid_config', 'TESSERA_TRUST_ROOT_SHA256'], ['invalid_config', 'TESSERA_CREDENTIALS_ENROLMENT_TOKEN']]);
    return true;
  });
});

test('serve trust reads its enrolment clients as name:sha256 and refuses anything else', async () => {
  const { readServeConfig } = await import('./serve-config.ts');
  assert.deepEqual(readServeConfig({}).values.trustEnrolmentClients, [], 'unset: nobody may enrol');
  assert.deepEqual(readServeConfig({ TESSERA_TRUST_ENROLMENT_CLIENTS: `credentials:${'0F'.repeat(32)}` }).values.trustEnrolmentClients, [{ name: 'credentials', tokenSha256: '0f'.repeat(32) }]);
  assert.throws(() => readServeConfig({ TESSERA_TRUST_ENROLMENT_CLIENTS: 'credentials' }), ValidationFailed);
  assert.throws(() => readServeConfig({ TESSERA_TRUST_ENROLMENT_CLIENTS: 'credentials:not-a-hash' }), ValidationFailed);
});
