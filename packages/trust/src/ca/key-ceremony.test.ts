// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CaHierarchyExists } from '../trust-errors.ts';
import { ISSUING_CA_ROLES } from './certificate-profiles.ts';
import { hierarchyKeyLabels, runKeyCeremony, type CaHierarchy } from './key-ceremony.ts';
import { WrappedKeyStore } from './key-store.ts';
import { MemoryKeyStoreBackend } from './key-store-backends.ts';
import { clock, memoryHierarchy, NOW, openssl, TempDir } from './test-support.ts';

let hierarchy: CaHierarchy;
let keyStore: WrappedKeyStore;
let dir: TempDir;

before(async () => {
  ({ keyStore, hierarchy } = await memoryHierarchy('Tessera 2026'));
  dir = new TempDir();
});
after(() => dir.remove());

const atTime = ['-attime', String(Math.floor(NOW.getTime() / 1000) + 60)];

test('the root is a self-signed P-384 CA with ecdsa-with-SHA384 for 20 years', () => {
  const root = dir.write('root.pem', hierarchy.root.pem);
  assert.match(openssl(['verify', '-x509_strict', ...atTime, '-CAfile', root, root]), /OK/);
  const shown = openssl(['x509', '-noout', '-text', '-in', root]);
  assert.match(shown, /Signature Algorithm: ecdsa-with-SHA384/);
  assert.match(shown, /NIST CURVE: P-384/);
  assert.match(shown, /Subject: C = EE, O = Tessera 2026, CN = Tessera 2026 Root CA/);
  assert.match(shown, /Basic Constraints: critical\n\s+CA:TRUE\n/);
  assert.match(shown, /Key Usage: critical\n\s+Certificate Sign, CRL Sign\n/);
  assert.match(shown, /Subject Key Identifier/);
  assert.equal(hierarchy.root.notAfter.getUTCFullYear() - hierarchy.root.notBefore.getUTCFullYear(), 20);
});

test('the four issuing CAs verify under the root and may only issue end entities', () => {
  const root = dir.write('root.pem', hierarchy.root.pem);
  for (const role of ISSUING_CA_ROLES) {
    const ca = hierarchy.issuing[role];
    const file = dir.write(`${role}.pem`, ca.pem);
    assert.match(openssl(['verify', '-x509_strict', ...atTime, '-CAfile', root, file]), /OK/, role);
    const shown = openssl(['x509', '-noout', '-text', '-in', file]);
    assert.match(shown, /Basic Constraints: critical\n\s+CA:TRUE, pathlen:0\n/, role);
    assert.match(shown, /Key Usage: critical\n\s+Certificate Sign, CRL Sign\n/, role);
    assert.match(shown, /Authority Key Identifier/, role);
    assert.match(shown, /URI:http:\/\/pki\.tessera\.test\/crl\/tessera-2026-root\.crl/, role);
    assert.equal(ca.keyLabel, `tessera-2026-${role}`);
    assert.equal(ca.urls.crl, `http://pki.tessera.test/crl/tessera-2026-${role}.crl`);
  }
  assert.deepEqual(ISSUING_CA_ROLES.map((role) => hierarchy.issuing[role].subject.split('CN=')[1]), [
    'Tessera 2026 Card Authentication CA', 'Tessera 2026 Card Signing CA', 'Tessera 2026 Gateway CA', 'Tessera 2026 Services CA',
  ]);
});

test('the PEM bundle holds the root and the four issuing CAs, and the first root CRL verifies', () => {
  assert.equal(hierarchy.pemBundle.match(/-----BEGIN CERTIFICATE-----/g)?.length, 5);
  assert.ok(hierarchy.pemBundle.startsWith(hierarchy.root.pem));
  const bundle = dir.write('bundle.pem', hierarchy.pemBundle);
  const out = openssl(['crl', '-verify', '-noout', '-text', '-CAfile', bundle, '-in', dir.write('root.crl.pem', hierarchy.rootCrl.pem)]);
  assert.match(out, /Issuer: C = EE, O = Tessera 2026, CN = Tessera 2026 Root CA/);
  assert.match(out, /CRL Number: \n\s+1\n/);
  assert.match(out, /No Revoked Certificates/);
});

test('the keys of the hierarchy stay in the key store and sign for their certificates', async () => {
  for (const label of Object.values(hierarchyKeyLabels('tessera-2026'))) assert.equal(await keyStore.has(label), true, label);
  const data = new TextEncoder().encode('check');
  const signature = await keyStore.sign(hierarchy.issuing['card-sign'].keyLabel, data);
  const pem = openssl(['x509', '-noout', '-pubkey', '-in', dir.write('cs.pem', hierarchy.issuing['card-sign'].pem)]);
  const spki = Buffer.from(pem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
  const publicKey = await crypto.subtle.importKey('spki', spki, { name: 'ECDSA', namedCurve: 'P-384' }, false, ['verify']);
  assert.equal(await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-384' }, publicKey, new Uint8Array(signature), data), true);
});

test('a second ceremony on the same key store is refused before it creates anything', async () => {
  await assert.rejects(runKeyCeremony({ keyStore, clock, baseUrl: 'http://pki.tessera.test', name: 'Tessera 2026' }),
    (error: unknown) => error instanceof CaHierarchyExists && error.code === 'ERR_CA_HIERARCHY_EXISTS');
  // A separate root store that already holds the root is enough to refuse, and nothing new is generated.
  const issuingStore = await WrappedKeyStore.open({ kek: crypto.getRandomValues(new Uint8Array(32)), backend: new MemoryKeyStoreBackend() });
  await assert.rejects(runKeyCeremony({ keyStore: issuingStore, rootKeyStore: keyStore, clock, baseUrl: 'http://pki.tessera.test', name: 'Tessera 2026' }), CaHierarchyExists);
  assert.equal(await issuingStore.has('tessera-2026-card-auth'), false);
});

test('with a separate root key store the root key is kept apart from the issuing keys', async () => {
  const backend = () => new MemoryKeyStoreBackend();
  const online = await WrappedKeyStore.open({ kek: crypto.getRandomValues(new Uint8Array(32)), backend: backend() });
  const offline = await WrappedKeyStore.open({ kek: crypto.getRandomValues(new Uint8Array(32)), backend: backend() });
  const split = await runKeyCeremony({ keyStore: online, rootKeyStore: offline, clock, baseUrl: 'http://pki.tessera.test', name: 'Split' });
  assert.equal(await online.has(split.root.keyLabel), false);
  assert.equal(await offline.has(split.root.keyLabel), true);
  assert.equal(await offline.has(split.issuing.gateway.keyLabel), false);
});
