// SPDX-License-Identifier: Apache-2.0
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KeyEncryptionKeyInvalid, KeyEncryptionKeyWrong, KeyLabelInvalid, KeyLabelTaken, KeyNotFound } from '../trust-errors.ts';
import { WrappedKeyStore, type WrappedKey } from './key-store.ts';
import { FileKeyStoreBackend, MemoryKeyStoreBackend } from './key-store-backends.ts';

const kek = () => crypto.getRandomValues(new Uint8Array(32));
const data = new TextEncoder().encode('to be signed');
const verify = (key: CryptoKey, hash: string, signature: Uint8Array) =>
  crypto.subtle.verify({ name: 'ECDSA', hash }, key, new Uint8Array(signature), data);

test('a key generated in the store signs, and the signature verifies with its public key', async () => {
  const store = await WrappedKeyStore.open({ kek: kek(), backend: new MemoryKeyStoreBackend() });
  const { publicKey } = await store.generate('ca-1', 'P-384');
  assert.equal((publicKey.algorithm as EcKeyAlgorithm).namedCurve, 'P-384');
  assert.equal(await verify(publicKey, 'SHA-384', await store.sign('ca-1', data)), true);
  const p256 = await store.generate('ca-2', 'P-256');
  const signer = await store.signer('ca-2');
  assert.equal(signer.algorithm.hash, 'SHA-256');
  assert.equal(await verify(p256.publicKey, 'SHA-256', await signer.sign(data)), true);
  assert.equal(await verify(publicKey, 'SHA-384', await store.sign('ca-2', data)), false);
});

test('no private key comes out of the store API: only public keys, and they export no private form', async () => {
  const backend = new MemoryKeyStoreBackend();
  const store = await WrappedKeyStore.open({ kek: kek(), backend });
  const generated = await store.generate('ca-1', 'P-384');
  const signer = await store.signer('ca-1');
  const handedOut = [generated.publicKey, await store.publicKey('ca-1'), signer.publicKey];
  for (const key of handedOut) {
    assert.equal(key.type, 'public');
    await assert.rejects(crypto.subtle.exportKey('pkcs8', key));
    await assert.rejects(crypto.subtle.exportKey('jwk', key).then((jwk) => { if (!jwk.d) throw new Error('no private part'); }));
  }
  const reachable = Object.values(signer).filter((value) => value instanceof CryptoKey);
  assert.deepEqual(reachable.map((key) => (key as CryptoKey).type), ['public']);
  assert.deepEqual(Object.keys(store), []);
  // At rest the key is sealed: the stored bytes are not a PKCS#8 key.
  const record = await backend.get('ca-1');
  assert.ok(record);
  await assert.rejects(crypto.subtle.importKey('pkcs8', new Uint8Array(Buffer.from(record.wrapped, 'base64')), { name: 'ECDSA', namedCurve: 'P-384' }, true, ['sign']));
});

test('a wrong key-encryption key cannot open the stored keys', async () => {
  const backend = new MemoryKeyStoreBackend();
  const right = await WrappedKeyStore.open({ kek: kek(), backend });
  await right.generate('ca-1', 'P-384');
  const wrong = await WrappedKeyStore.open({ kek: kek(), backend });
  await assert.rejects(wrong.sign('ca-1', data), (error: unknown) => error instanceof KeyEncryptionKeyWrong && error.code === 'ERR_KEYSTORE_KEK_WRONG');
  await assert.rejects(wrong.signer('ca-1'), { code: 'ERR_KEYSTORE_KEK_WRONG' });
  await assert.rejects(wrong.publicKey('ca-1'), { code: 'ERR_KEYSTORE_KEK_WRONG' });
});

test('a sealed key moved to another label or given another public key is refused', async () => {
  const backend = new MemoryKeyStoreBackend();
  const key = kek();
  const store = await WrappedKeyStore.open({ kek: key, backend });
  await store.generate('ca-1', 'P-384');
  await store.generate('ca-2', 'P-384');
  const one = await backend.get('ca-1') as WrappedKey;
  const two = await backend.get('ca-2') as WrappedKey;
  const tampered = new MemoryKeyStoreBackend();
  await tampered.put('ca-3', { ...one, label: 'ca-3' });
  await tampered.put('ca-1', { ...one, publicKey: two.publicKey });
  const reopened = await WrappedKeyStore.open({ kek: key, backend: tampered });
  await assert.rejects(reopened.sign('ca-3', data), { code: 'ERR_KEYSTORE_KEK_WRONG' });
  await assert.rejects(reopened.sign('ca-1', data), { code: 'ERR_KEYSTORE_KEK_WRONG' });
});

test('a label names one key for life and unknown or unsafe labels are refused', async () => {
  const store = await WrappedKeyStore.open({ kek: kek(), backend: new MemoryKeyStoreBackend() });
  await store.generate('ca-1', 'P-384');
  await assert.rejects(store.generate('ca-1', 'P-384'), KeyLabelTaken);
  await assert.rejects(store.sign('nope', data), KeyNotFound);
  assert.equal(await store.has('nope'), false);
  assert.equal(await store.has('ca-1'), true);
  await assert.rejects(store.generate('../etc/passwd', 'P-384'), KeyLabelInvalid);
  await assert.rejects(WrappedKeyStore.open({ kek: new Uint8Array(16), backend: new MemoryKeyStoreBackend() }), KeyEncryptionKeyInvalid);
});

test('the file backend keeps one 0600 JSON file per label that a fresh store with the same KEK can use', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-keys-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const keysDir = join(dir, 'keys');
  const key = kek();
  const first = await WrappedKeyStore.open({ kek: key, backend: new FileKeyStoreBackend(keysDir) });
  const { publicKey } = await first.generate('root-1', 'P-384');
  assert.deepEqual(readdirSync(keysDir), ['root-1.json']);
  assert.equal(statSync(join(keysDir, 'root-1.json')).mode & 0o777, 0o600);
  assert.equal(statSync(keysDir).mode & 0o777, 0o700);
  const json = JSON.parse(readFileSync(join(keysDir, 'root-1.json'), 'utf8')) as WrappedKey;
  assert.deepEqual(Object.keys(json).sort(), ['algorithm', 'createdAt', 'iv', 'label', 'publicKey', 'version', 'wrapped']);

  const second = await WrappedKeyStore.open({ kek: key, backend: new FileKeyStoreBackend(keysDir) });
  assert.equal(await verify(publicKey, 'SHA-384', await second.sign('root-1', data)), true);
  await assert.rejects(second.generate('root-1', 'P-384'), KeyLabelTaken);
  const stranger = await WrappedKeyStore.open({ kek: kek(), backend: new FileKeyStoreBackend(keysDir) });
  await assert.rejects(stranger.sign('root-1', data), KeyEncryptionKeyWrong);
  assert.deepEqual(readdirSync(keysDir), ['root-1.json']);
});
