// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const cli = new URL('../cli.ts', import.meta.url).pathname;
let dataDir: string;
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { env: { ...process.env, TESSERA_DATA_DIR: dataDir, DATABASE_URL: '' }, encoding: 'utf8' });

before(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'tessera-ceremony-'));
});
after(() => rmSync(dataDir, { recursive: true, force: true }));

test('the key ceremony creates a hierarchy that openssl accepts, and runs only once', () => {
  const first = run('trust', 'init');
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stdout, /Root SHA-256 fingerprint: ([0-9A-F]{2}:){31}[0-9A-F]{2}/);
  const pki = join(dataDir, 'pki');
  for (const role of ['card-auth', 'card-sign', 'gateway', 'services']) {
    const verified = spawnSync('openssl', ['verify', '-x509_strict', '-CAfile', join(pki, 'root.pem'), join(pki, `${role}.pem`)], { encoding: 'utf8' });
    assert.match(verified.stdout, /: OK/, verified.stderr);
  }
  const again = run('trust', 'init');
  assert.equal(again.status, 1);
  assert.match(again.stdout, /already exists/);
});
