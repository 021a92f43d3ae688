// SPDX-License-Identifier: Apache-2.0
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { ValidationFailed } from '@tessera/platform';
import { configSpec, readConfig } from '../config.ts';
import { PARTS } from './parts.ts';
import { servePart } from './serve-part.ts';

const missingIn = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof ValidationFailed, String(error));
    return error.issues.map((i) => i.path).sort();
  }
  return [];
};
const AUTHORITY_ONLY = ['TESSERA_SMTP_URL', 'TESSERA_PAYMENT_URL', 'TESSERA_SANCTIONS_LIST', 'TESSERA_BIOMETRIC_MATCHER_URL'];
/** What a part needs of that list as its own: the payment provider runs payments; the benefits service mails its notifications through its own SMTP server. */
const OWN_USE: Record<string, readonly string[]> = { payments: AUTHORITY_ONLY, benefits: ['TESSERA_SMTP_URL'] };

test('in production each part is asked for its own settings only: another organisation’s part never for the authority’s mail, payment provider, sanctions list or matcher', () => {
  for (const [name, part] of Object.entries(PARTS)) {
    const missing = missingIn(() => readConfig({ NODE_ENV: 'production' }, part.settings));
    if (!part.settings) continue; // the authority's own portal (and a part not yet split) reads every one
    assert.deepEqual(missing, part.settings.map((key) => configSpec[key].env).sort(), name);
    for (const env of AUTHORITY_ONLY.filter((e) => !OWN_USE[name]?.includes(e))) assert.ok(!missing.includes(env), `${name} asks for ${env}`);
  }
});

test('serve credentials in production names its own three missing secrets, and nothing of the authority’s', async () => {
  const own = {
    NODE_ENV: 'production', TESSERA_LOG_LEVEL: 'silent', DATABASE_URL: 'postgres://tessera@db.internal:5432/authority',
    TESSERA_CREDENTIALS_DATABASE_URL: 'postgres://credentials@db.internal:5432/credentials', TESSERA_TRUST_URL: 'https://trust.tessera.example/',
    TESSERA_TRUST_ROOT_SHA256: 'AB:'.repeat(31) + 'AB', TESSERA_CREDENTIALS_ENROLMENT_TOKEN: 'enrolment-token-of-the-credentials-part-0001',
    TESSERA_CREDENTIALS_GATEWAY_URL: 'http://gateway.credentials.internal:8080/',
  };
  await assert.rejects(servePart('credentials', [], own, new PassThrough()), (error: unknown) => {
    assert.ok(error instanceof ValidationFailed, String(error));
    assert.deepEqual(error.issues.map((i) => [i.code, i.path]), [['missing_config', 'TESSERA_KEY_ENCRYPTION_KEY'], ['missing_config', 'TESSERA_COOKIE_SECRET'], ['missing_config', 'TESSERA_SECRET_KEY']]);
    return true;
  });
  // With them, its configuration is complete (it starts on PostgreSQL so: credentials-part.postgres.test.ts).
  assert.deepEqual(missingIn(() => readConfig({ ...own, TESSERA_KEY_ENCRYPTION_KEY: 'ab'.repeat(32), TESSERA_COOKIE_SECRET: 'c'.repeat(40), TESSERA_SECRET_KEY: 'cd'.repeat(32) }, PARTS.credentials!.settings)), []);
});
