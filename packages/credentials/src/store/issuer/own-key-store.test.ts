// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { ManualClock, openTestStorage, type Storage } from '@tessera/platform';
import { credentialsMigrations } from '../migrations.ts';
import { credentialsKeyBackend, openCredentialsKeyStore } from './own-key-store.ts';

const data = new TextEncoder().encode('to be signed');
const clock = new ManualClock('2026-12-01T09:00:00Z');
let storage: Storage;

before(async () => {
  storage = await openTestStorage();
  await storage.migrate(credentialsMigrations);
});
after(() => storage.close());

test('a key sealed in the credentials schema signs again after the store is reopened with the same KEK, and its label is never overwritten', async () => {
  const kek = randomBytes(32);
  const { publicKey } = await (await openCredentialsKeyStore(storage.db, clock, kek)).generate('issuer-1', 'P-256');
  const reopened = await openCredentialsKeyStore(storage.db, clock, kek);
  const signature = await reopened.sign('issuer-1', data);
  assert.equal(await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, publicKey, new Uint8Array(signature), data), true);

  const backend = credentialsKeyBackend(storage.db, clock);
  const stored = await backend.get('issuer-1');
  assert.equal(stored?.label, 'issuer-1');
  assert.equal(await backend.get('nobody'), null);
  await assert.rejects(backend.put('issuer-1', { ...stored!, wrapped: 'AAAA' }), { code: 'ERR_KEYSTORE_LABEL_TAKEN' });
  assert.deepEqual(await backend.get('issuer-1'), stored);
});
