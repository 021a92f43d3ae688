// SPDX-License-Identifier: Apache-2.0
import 'reflect-metadata';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { localServiceCertification } from '@tessera/trust';
import { openTrustFixture, type TrustFixture } from '@tessera/trust/testing';
import { credentialsMigrations } from '../migrations.ts';
import { issuerKeys } from '../schema.ts';
import { issuerIdentity } from './issuer-identity.ts';

const organisation = { commonName: 'Tessera Credential Issuer', organization: 'Tessera Test', country: 'EE' };
let trust: TrustFixture;

before(async () => {
  trust = await openTrustFixture();
  await trust.storage.migrate(credentialsMigrations);
});
after(() => trust.close());

test('issuer processes starting together on an empty database certify one key of each kind, and all sign with it', async () => {
  // Each process has its own certification client; they share the database and its key store.
  const starts = await Promise.all([1, 2, 3].map(() => issuerIdentity(trust.storage, localServiceCertification(trust.deps, 'credentials'), trust.clock, organisation)));
  const keys = await trust.storage.db.select().from(issuerKeys);
  assert.equal(keys.length, 2, `one credential-issuer key and one mdoc document signer, found ${keys.map((k) => k.keyLabel).join(', ')}`);
  assert.deepEqual(new Set(starts.map((s) => s.certificate.serialNumber)).size, 1);
  assert.deepEqual(new Set(starts.map((s) => s.mdoc.certificate.serialNumber)).size, 1);

  // A later start finds the same keys rather than making new ones.
  const later = await issuerIdentity(trust.storage, localServiceCertification(trust.deps, 'credentials'), trust.clock, organisation);
  assert.equal(later.certificate.serialNumber, starts[0]!.certificate.serialNumber);
  assert.equal((await trust.storage.db.select().from(issuerKeys)).length, 2);
});
