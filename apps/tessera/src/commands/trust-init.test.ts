// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { openStorage } from '@tessera/platform';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const cli = new URL('../cli.ts', import.meta.url).pathname;
let dataDir: string;
const run = (args: string[], env: Record<string, string> = {}, dir = dataDir) => spawnSync(process.execPath, [cli, ...args], { env: { ...process.env, TESSERA_DATA_DIR: dir, DATABASE_URL: '', ...env }, encoding: 'utf8' });

before(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'tessera-ceremony-'));
});
after(() => rmSync(dataDir, { recursive: true, force: true }));

test('the key ceremony creates a hierarchy that openssl accepts, and runs only once', () => {
  const first = run(['trust', 'init']);
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stdout, /Root SHA-256 fingerprint: ([0-9A-F]{2}:){31}[0-9A-F]{2}/);
  const pki = join(dataDir, 'pki');
  for (const role of ['card-auth', 'card-sign', 'gateway', 'services']) {
    const verified = spawnSync('openssl', ['verify', '-x509_strict', '-CAfile', join(pki, 'root.pem'), join(pki, `${role}.pem`)], { encoding: 'utf8' });
    assert.match(verified.stdout, /: OK/, verified.stderr);
  }
  const again = run(['trust', 'init']);
  assert.equal(again.status, 1);
  assert.match(again.stdout, /already exists/);
});

test('with an offline root the root key is sealed into its own folder under its own key, and the running system has only the issuing CAs', async () => {
  const online = mkdtempSync(join(tmpdir(), 'tessera-ceremony-online-'));
  const media = mkdtempSync(join(tmpdir(), 'tessera-root-media-'));
  try {
    assert.equal(run(['trust', 'init', '--offline-root', media], {}, online).status, 2, 'refused without a root key-encryption key');
    const sameKey = run(['trust', 'init', '--offline-root', media], { TESSERA_ROOT_KEY_ENCRYPTION_KEY: '0'.repeat(62) + '2a' }, online);
    assert.equal(sameKey.status, 2, 'refused when the root key would open with the online key');
    assert.match(sameKey.stdout, /must differ/);

    const done = run(['trust', 'init', '--offline-root', media], { TESSERA_ROOT_KEY_ENCRYPTION_KEY: 'ab'.repeat(32) }, online);
    assert.equal(done.status, 0, done.stderr);
    assert.match(done.stdout, /Root key \(offline\)/);
    const sealed = readdirSync(media);
    assert.equal(sealed.length, 1, 'the root key alone is on the media');
    assert.doesNotMatch(readFileSync(join(media, sealed[0]!), 'utf8'), /PRIVATE KEY|"d":/, 'sealed, not a plain private key');

    const storage = await openStorage({ kind: 'pglite', dataDir: join(online, 'pglite') });
    try {
      const labels = (await storage.db.execute(sql`select label from trust.wrapped_keys order by label`) as unknown as { rows: { label: string }[] }).rows.map((r) => r.label);
      assert.equal(labels.length, 4, `the four issuing CAs: ${labels.join(', ')}`);
      assert.ok(!labels.some((l) => l.includes('root')), 'no root key in the online store');
    } finally {
      await storage.close();
    }
    for (const role of ['card-auth', 'card-sign', 'gateway', 'services']) {
      const verified = spawnSync('openssl', ['verify', '-x509_strict', '-CAfile', join(online, 'pki', 'root.pem'), join(online, 'pki', `${role}.pem`)], { encoding: 'utf8' });
      assert.match(verified.stdout, /: OK/, verified.stderr);
    }
  } finally {
    rmSync(online, { recursive: true, force: true });
    rmSync(media, { recursive: true, force: true });
  }
});
