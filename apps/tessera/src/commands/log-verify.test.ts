// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { exportJWK, generateKeyPair } from 'jose';
import { appendEvent, logEntries, ManualClock, openStorage, signTreeHead, transparencyMigrations } from '@tessera/platform';
import { loadLogSigningKey, publicKeyFile } from '../log-signing-key.ts';

const cli = new URL('../cli.ts', import.meta.url).pathname;
let dataDir: string;

/** `tessera log verify` as an auditor runs it: a separate process with the data folder and the public key. */
const verify = (keyFile = publicKeyFile(dataDir)) =>
  spawnSync(process.execPath, [cli, 'log', 'verify', '--key', keyFile], { env: { ...process.env, TESSERA_DATA_DIR: dataDir, DATABASE_URL: '' }, encoding: 'utf8' });

async function withStorage<T>(work: (db: Awaited<ReturnType<typeof openStorage>>['db']) => Promise<T>): Promise<T> {
  const storage = await openStorage({ kind: 'pglite', dataDir: join(dataDir, 'pglite') });
  try {
    return await work(storage.db);
  } finally {
    await storage.close();
  }
}

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'tessera-log-'));
  const clock = new ManualClock('2026-11-24T10:00:00Z');
  const key = await loadLogSigningKey({ dataDir, kek: Buffer.alloc(32, 7) });
  const storage = await openStorage({ kind: 'pglite', dataDir: join(dataDir, 'pglite') });
  await storage.migrate(transparencyMigrations);
  for (let i = 0; i < 12; i++) {
    await storage.db.transaction((tx) => appendEvent(tx, { context: 'authority', type: 'application.decided', subject: `app-${i}`, actor: 'officer-1', at: clock.now(), data: { i } }));
    if (i % 4 === 3) await signTreeHead(storage.db, key, clock);
  }
  await storage.close();
});
after(() => rmSync(dataDir, { recursive: true, force: true }));

test('an intact log passes verification with only the public key', () => {
  const result = verify();
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /The transparency log is intact: 12 entries/);
  assert.match(result.stdout, /"treeHeads": 3/);
});

test('a private key given to the verifier is refused', async () => {
  const file = join(dataDir, 'private.jwk.json');
  writeFileSync(file, JSON.stringify(await exportJWK((await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true })).privateKey)));
  const result = verify(file);
  assert.equal(result.status, 1);
  assert.match(result.stderr, /holds a private key/);
});

test('an event changed in storage makes the command fail with exit code 1', async () => {
  await withStorage((db) => db.update(logEntries).set({ leaf: sql`replace(${logEntries.leaf}, 'officer-1', 'officer-2')` }).where(eq(logEntries.index, 6)));
  const result = verify();
  assert.equal(result.status, 1);
  assert.match(result.stdout, /FAILED verification/);
  assert.match(result.stdout, /leaf_hash_mismatch/);
});
