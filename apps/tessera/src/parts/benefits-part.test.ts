// SPDX-License-Identifier: Apache-2.0
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { ValidationFailed } from '@tessera/platform';
import { servePart } from './serve-part.ts';

/** The issues `tessera serve benefits` refuses to start with, as [code, setting]. */
const issuesOf = async (env: Record<string, string>) => {
  try {
    await servePart('benefits', [], { NODE_ENV: 'test', TESSERA_LOG_LEVEL: 'silent', ...env }, new PassThrough());
  } catch (error) {
    assert.ok(error instanceof ValidationFailed, String(error));
    return error.issues.map((i) => [i.code, i.path]);
  }
  assert.fail('serve benefits started');
};

const COMPLETE = {
  DATABASE_URL: 'postgres://tessera@db.internal:5432/authority',
  TESSERA_BENEFITS_DATABASE_URL: 'postgres://benefits@db.internal:5432/benefits',
  TESSERA_BENEFITS_GATEWAY_URL: 'http://gateway.benefits.internal:8080/',
};

test('serve benefits refuses to start without its settings, naming every one missing, before it opens any database', async () => {
  assert.deepEqual(await issuesOf({}), [['missing_config', 'TESSERA_BENEFITS_DATABASE_URL'], ['missing_config', 'TESSERA_BENEFITS_GATEWAY_URL']]);
  for (const name of ['TESSERA_BENEFITS_DATABASE_URL', 'TESSERA_BENEFITS_GATEWAY_URL'] as const) {
    const { [name]: _left, ...rest } = COMPLETE;
    assert.deepEqual(await issuesOf(rest), [['missing_config', name]], `${name} alone missing is named alone`);
  }
});

test('serve benefits refuses the authority’s database as its own, whatever the account or options in the address', async () => {
  assert.deepEqual(await issuesOf({ ...COMPLETE, TESSERA_BENEFITS_DATABASE_URL: 'postgres://other-user:pw@db.internal/authority?sslmode=require' }), [['not_own_database', 'TESSERA_BENEFITS_DATABASE_URL']]);
});

test('serve benefits in production refuses the development defaults, naming each', async () => {
  await assert.rejects(servePart('benefits', [], { ...COMPLETE, NODE_ENV: 'production', TESSERA_LOG_LEVEL: 'silent' }, new PassThrough()), (error: unknown) => {
    assert.ok(error instanceof ValidationFailed);
    const missing = error.issues.filter((i) => i.code === 'missing_config').map((i) => i.path);
    for (const name of ['TESSERA_KEY_ENCRYPTION_KEY', 'TESSERA_COOKIE_SECRET', 'TESSERA_SECRET_KEY', 'TESSERA_SMTP_URL']) assert.ok(missing.includes(name), `${name} named`);
    return true;
  });
});

test('serve agencies, the demo agencies’ stand-ins, never runs in production', async () => {
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    const { agenciesPart } = await import('./agencies-part.ts');
    await assert.rejects(agenciesPart.start({} as never), /never in production/);
  } finally {
    process.env.NODE_ENV = previous;
  }
});
