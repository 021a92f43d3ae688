// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompactSign, compactVerify, exportJWK, generateKeyPair } from 'jose';
import { loadLogSigningKey, publicKeyFile, sealedKeyFile } from './log-signing-key.ts';

let root: string;
const kek = randomBytes(32);
const fresh = () => mkdtempSync(join(root, 'd-'));
const sign = async (key: CryptoKey) => new CompactSign(new TextEncoder().encode('head')).setProtectedHeader({ alg: 'EdDSA' }).sign(key);

before(() => { root = mkdtempSync(join(tmpdir(), 'tessera-logkey-')); });
after(() => rmSync(root, { recursive: true, force: true }));

test('the log signing key at rest is sealed: no private key material in any file of the keys folder', async () => {
  const dataDir = fresh();
  const key = await loadLogSigningKey({ dataDir, kek });
  const sealed = JSON.parse(readFileSync(sealedKeyFile(dataDir), 'utf8')) as Record<string, unknown>;
  assert.equal('d' in sealed, false);
  assert.equal('d' in (JSON.parse(readFileSync(publicKeyFile(dataDir), 'utf8')) as Record<string, unknown>), false);
  assert.equal(key.privateKey.extractable, false, 'the unsealed key cannot be exported either');
});

test('another key-encryption key cannot open the sealed log key', async () => {
  const dataDir = fresh();
  await loadLogSigningKey({ dataDir, kek });
  await assert.rejects(loadLogSigningKey({ dataDir, kek: randomBytes(32) }), { code: 'ERR_LOG_KEY_UNSEALABLE' });
});

test('a public key swapped into the sealed record is refused', async () => {
  const dataDir = fresh();
  await loadLogSigningKey({ dataDir, kek });
  const other = await loadLogSigningKey({ dataDir: fresh(), kek });
  const record = JSON.parse(readFileSync(sealedKeyFile(dataDir), 'utf8')) as Record<string, unknown>;
  record.publicKey = Buffer.from(await crypto.subtle.exportKey('spki', other.publicKey)).toString('base64');
  writeFileSync(sealedKeyFile(dataDir), JSON.stringify(record));
  await assert.rejects(loadLogSigningKey({ dataDir, kek }), { code: 'ERR_LOG_KEY_UNSEALABLE' });
});

test('reopening keeps the log identity: heads signed before a restart verify with the key after it', async () => {
  const dataDir = fresh();
  const first = await loadLogSigningKey({ dataDir, kek });
  const signature = await sign(first.privateKey);
  const again = await loadLogSigningKey({ dataDir, kek });
  assert.equal(again.kid, first.kid);
  await compactVerify(signature, again.publicKey);
});

test('a plain key file left by an earlier version is sealed and removed, keeping its identity', async () => {
  const dataDir = fresh();
  const pair = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  mkdirSync(join(dataDir, 'keys'));
  const plainFile = join(dataDir, 'keys', 'transparency-log.jwk.json');
  writeFileSync(plainFile, JSON.stringify({ ...(await exportJWK(pair.privateKey)), kid: 'log-old', alg: 'EdDSA' }));
  const key = await loadLogSigningKey({ dataDir, kek });
  assert.equal(existsSync(plainFile), false);
  assert.equal(key.kid, 'log-old');
  await compactVerify(await sign(pair.privateKey), key.publicKey);
});

test('processes starting at once on empty storage agree on one log key, and no temporary file is left', async () => {
  const dataDir = fresh();
  const keys = await Promise.all(Array.from({ length: 4 }, () => loadLogSigningKey({ dataDir, kek })));
  const publicKeys = new Set(keys.map((k) => JSON.stringify(k.publicJwk)));
  assert.equal(publicKeys.size, 1, 'every process signs with the same key');
  const signed = await sign(keys[0]!.privateKey);
  for (const k of keys) await compactVerify(signed, k.publicKey);
  assert.deepEqual(readdirSync(join(dataDir, 'keys')).filter((f) => f.endsWith('.tmp')), []);
});
