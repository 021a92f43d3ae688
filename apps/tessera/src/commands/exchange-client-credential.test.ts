// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { authenticateClient, messageLogMigrations } from '@tessera/exchange';
import { openStorage, systemClock, transparencyMigrations } from '@tessera/platform';
import { clientSecretFile, hostedClientCredentials, sharedGatewayName } from '../exchange/hosted-agencies.ts';
import { INSTANCE } from '../exchange/members.ts';
import { AGENCIES_HOST, HOSTED_SUBSYSTEMS } from '../mobile-credentials/credentials-exchange.ts';

const cli = new URL('../cli.ts', import.meta.url).pathname;
let dataDir: string;
const subsystem = HOSTED_SUBSYSTEMS[0]!;
const key = `${subsystem.memberClass}/${subsystem.memberCode}/${subsystem.subsystemCode}`;
const secretsDir = () => join(dataDir, 'exchange-client-credentials');
const run = (...args: string[]) => spawnSync(process.execPath, [cli, 'exchange', ...args], { env: { ...process.env, TESSERA_DATA_DIR: dataDir, DATABASE_URL: '' }, encoding: 'utf8' });
/** Whether the shared gateway takes `secret` as the subsystem's, read from its own storage. */
async function accepted(secret: string): Promise<boolean> {
  const storage = await openStorage({ kind: 'pglite', dataDir: join(dataDir, 'pglite') });
  try {
    return await authenticateClient(storage.db, sharedGatewayName(), { instance: INSTANCE, ...subsystem }, secret);
  } finally {
    await storage.close();
  }
}

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'tessera-client-credential-'));
  const storage = await openStorage({ kind: 'pglite', dataDir: join(dataDir, 'pglite') });
  for (const m of [transparencyMigrations, messageLogMigrations]) await storage.migrate(m);
  await hostedClientCredentials({ db: storage.db, clock: systemClock }, AGENCIES_HOST, secretsDir());
  await storage.close();
});
after(() => rmSync(dataDir, { recursive: true, force: true }));

test('rotating a hosted subsystem’s credential refuses the old secret and writes the new one to its file only', async () => {
  const old = readFileSync(clientSecretFile(secretsDir(), subsystem), 'utf8');
  assert.equal(await accepted(old), true);
  const result = run('rotate-client-credential', key);
  assert.equal(result.status, 0, result.stdout + result.stderr);
  const rotated = readFileSync(clientSecretFile(secretsDir(), subsystem), 'utf8');
  assert.doesNotMatch(result.stdout + result.stderr, new RegExp(rotated), 'the secret is never printed');
  assert.equal(await accepted(old), false);
  assert.equal(await accepted(rotated), true);
});

test('revoking a hosted subsystem’s credential refuses its secret at once and removes its file', async () => {
  const secret = readFileSync(clientSecretFile(secretsDir(), subsystem), 'utf8');
  const result = run('revoke-client-credential', key);
  assert.equal(result.status, 0, result.stdout + result.stderr);
  assert.equal(await accepted(secret), false);
  assert.equal(existsSync(clientSecretFile(secretsDir(), subsystem)), false);
  assert.equal(run('revoke-client-credential', key).status, 1, 'a second revocation finds nothing to end');
  assert.equal(run('revoke-client-credential', 'not-a-subsystem').status, 2);
});
