// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CompactSign } from 'jose';
import { canonicalJson, type ManualClock, type Storage } from '@tessera/platform';
import { grantAccess } from './access-rights.ts';
import { createConfigurationClient, type ConfigurationStore } from './configuration-client.ts';
import { findService, gatewaysOf, isTrustedCa } from './configuration-lookup.ts';
import { registerGateway } from './gateways.ts';
import { buildGlobalConfiguration, latestGlobalConfiguration, publishGlobalConfiguration, signGlobalConfiguration, type ConfigurationSigningKey } from './global-configuration.ts';
import { addMember, addSubsystem } from './members.ts';
import type { RegistryDeps } from './registry-deps.ts';
import { addService } from './services.ts';
import { certificate, openRegistry, registryEvents, signingKeys } from './test-fixtures.ts';
import { addTrustedCa, addTsa } from './trust-anchors.ts';

const MINUTE = 60_000;
const INSTANCE = 'TESSERA';
const URL_ = 'https://registry.example/exchange/global-configuration';
let storage: Storage;
let deps: RegistryDeps & { clock: ManualClock };
let keys: CryptoKeyPair;
let key: ConfigurationSigningKey;
let gatewayCert: Uint8Array;
let caCert: Uint8Array;

before(async () => {
  ({ storage, deps } = await openRegistry());
  keys = await signingKeys();
  key = { privateKey: keys.privateKey, kid: 'registry-2026' };
  gatewayCert = await certificate('population gateway');
  caCert = await certificate('Gateway CA', { ca: true });
  const provider = { memberClass: 'GOV', memberCode: '70000001', subsystemCode: 'population' };
  const client = { memberClass: 'COM', memberCode: '10000001', subsystemCode: 'portal' };
  await addMember(deps, 'op', { memberClass: 'GOV', memberCode: '70000001', name: 'Population Register' });
  await addSubsystem(deps, 'op', provider);
  await addMember(deps, 'op', { memberClass: 'COM', memberCode: '10000001', name: 'Bank' });
  await addSubsystem(deps, 'op', client);
  await registerGateway(deps, 'op', { memberClass: 'GOV', memberCode: '70000001', serverCode: 'gw1', address: 'https://pop.example:5500', authCertificate: gatewayCert });
  await addService(deps, 'op', { ...provider, serviceCode: 'persons', type: 'REST', endpoints: [{ method: 'GET', path: '/persons/*' }], handlesPersonalData: true });
  await grantAccess(deps, 'op', { client, service: { ...provider, serviceCode: 'persons' }, method: 'GET' });
  await addTrustedCa(deps, 'op', caCert);
  await addTsa(deps, 'op', { name: 'TSA', url: 'https://tsa.example/', certificate: await certificate('TSA') });
});
after(async () => storage.close());

/** A registry reachable (or not) through a fetch the test controls. */
function fakeRegistry() {
  const state: { jws: string | null; down: boolean; calls: number } = { jws: null, down: false, calls: 0 };
  const fetch = async (url: string) => {
    state.calls++;
    assert.equal(url, URL_);
    if (state.down) throw new TypeError('fetch failed: ECONNREFUSED');
    if (state.jws === null) return new Response('not found', { status: 404 });
    return new Response(state.jws, { status: 200, headers: { 'content-type': 'application/jose' } });
  };
  return { state, fetch };
}

function memoryStore(): ConfigurationStore & { saved: string | null } {
  return { saved: null, async load() { return this.saved; }, async save(jws) { this.saved = jws; } };
}

const publish = async (validityMinutes = 10) => publishGlobalConfiguration(deps, 'op', { instance: INSTANCE, validityMinutes, signingKey: key });

const clientFor = (registry: ReturnType<typeof fakeRegistry>, extra: { store?: ConfigurationStore; publicKey?: CryptoKey; instance?: string } = {}) =>
  createConfigurationClient({ fetch: registry.fetch, url: URL_, publicKey: extra.publicKey ?? keys.publicKey, instance: extra.instance ?? INSTANCE, clock: deps.clock, ...(extra.store ? { store: extra.store } : {}) });

test('the built configuration holds members, gateways, services, rights, CAs and TSAs', async () => {
  const doc = await buildGlobalConfiguration(deps.db, { instance: INSTANCE, clock: deps.clock, validityMinutes: 10 });
  assert.equal(doc.version, 1);
  assert.equal(doc.instance, INSTANCE);
  assert.equal(doc.issuedAt, '2026-11-24T10:00:00.000Z');
  assert.equal(doc.expiresAt, '2026-11-24T10:10:00.000Z');
  assert.deepEqual(doc.members.map((m) => [m.memberClass, m.memberCode, m.subsystems]), [['COM', '10000001', ['portal']], ['GOV', '70000001', ['population']]]);
  assert.equal(Buffer.from(doc.gateways[0]!.certificate, 'base64').equals(Buffer.from(gatewayCert)), true);
  assert.deepEqual(doc.services.map((s) => [s.serviceCode, s.serviceVersion, s.handlesPersonalData, s.endpoints]), [['persons', null, true, [{ method: 'GET', path: '/persons/*' }]]]);
  assert.deepEqual(doc.accessRights[0]!.client, { memberClass: 'COM', memberCode: '10000001', subsystemCode: 'portal' });
  assert.equal(doc.accessRights[0]!.method, 'GET');
  assert.equal(doc.trustedCas.length, 1);
  assert.equal(doc.tsas[0]!.url, 'https://tsa.example/');
  assert.equal(isTrustedCa(doc, caCert), true);
  assert.equal(isTrustedCa(doc, gatewayCert), false);
  assert.deepEqual(gatewaysOf(doc, { memberClass: 'GOV', memberCode: '70000001' }).map((g) => g.address), ['https://pop.example:5500']);
  assert.deepEqual(gatewaysOf(doc, { memberClass: 'COM', memberCode: '10000001' }), []);
});

test('a published configuration is stored, logged with its hash, and taken by a gateway after verifying it', async () => {
  const published = await publish();
  assert.equal(published.serial, 1);
  assert.equal((await latestGlobalConfiguration(deps.db))?.jws, published.jws);
  const event = (await registryEvents(deps.db)).at(-1)!;
  assert.equal(event.type, 'configuration.published');
  assert.equal(event.data.serial, 1);
  assert.match(String(event.data.sha256), /^[0-9a-f]{64}$/);
  // the payload is exactly the canonical JSON of the document
  const payload = Buffer.from(published.jws.split('.')[1]!, 'base64url').toString('utf8');
  assert.equal(payload, canonicalJson(published.document));

  const registry = fakeRegistry();
  registry.state.jws = published.jws;
  const client = clientFor(registry);
  assert.throws(() => client.current(), { code: 'ERR_OUTDATED_GLOBAL_CONF' });
  assert.deepEqual(await client.refresh(), { ok: true, serial: 1 });
  assert.deepEqual(client.current(), published.document);
  assert.equal(findService(client.current(), { memberClass: 'GOV', memberCode: '70000001', subsystemCode: 'population', serviceCode: 'persons' })?.type, 'REST');
  assert.throws(() => { (client.current().members as unknown[]).push({}); }, TypeError);
});

test('a tampered JWS, a foreign key and another instance are refused; the last valid copy stays', async () => {
  const good = await publish();
  const registry = fakeRegistry();
  registry.state.jws = good.jws;
  const client = clientFor(registry);
  assert.equal((await client.refresh()).ok, true);

  const [header, payload, signature] = good.jws.split('.') as [string, string, string];
  const forged = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { serial: number; accessRights: unknown[] };
  forged.serial += 100;
  forged.accessRights = [];
  registry.state.jws = `${header}.${Buffer.from(canonicalJson(forged)).toString('base64url')}.${signature}`;
  const tampered = await client.refresh();
  assert.equal(tampered.ok, false);
  assert.equal(tampered.code, 'ERR_CONFIGURATION_SIGNATURE_INVALID');
  assert.equal(client.current().serial, good.serial);

  const stranger = await signingKeys();
  registry.state.jws = await signGlobalConfiguration({ ...good.document, serial: good.serial + 50 }, { privateKey: stranger.privateKey, kid: 'evil' });
  const signedByStranger = await client.refresh();
  assert.deepEqual([signedByStranger.ok, signedByStranger.code, signedByStranger.serial], [false, 'ERR_CONFIGURATION_SIGNATURE_INVALID', good.serial]);

  registry.state.jws = await signGlobalConfiguration({ ...good.document, instance: 'OTHER', serial: good.serial + 60 }, key);
  assert.equal((await client.refresh()).code, 'ERR_CONFIGURATION_OTHER_INSTANCE');

  // signed by the right key but not typed as a configuration (e.g. another kind of JWS from the same key)
  registry.state.jws = await new CompactSign(new TextEncoder().encode(canonicalJson({ ...good.document, serial: good.serial + 70 })))
    .setProtectedHeader({ alg: 'EdDSA' }).sign(keys.privateKey);
  assert.equal((await client.refresh()).code, 'ERR_CONFIGURATION_SIGNATURE_INVALID');
  assert.equal(client.current().serial, good.serial);
});

test('with the registry down the gateway keeps working on its last copy, also after a restart from its store', async () => {
  const published = await publish();
  const registry = fakeRegistry();
  registry.state.jws = published.jws;
  const store = memoryStore();
  assert.equal((await clientFor(registry, { store }).refresh()).ok, true);
  assert.equal(store.saved, published.jws);

  registry.state.down = true;
  const restarted = clientFor(registry, { store });
  const result = await restarted.refresh();
  assert.equal(result.ok, false);
  assert.equal(result.code, 'ERR_CONFIGURATION_UNREACHABLE');
  assert.equal(restarted.current().serial, published.serial);

  // a store whose copy was altered on disk gives no configuration at all
  const altered = { async load() { return published.jws.slice(0, -4) + 'AAAA'; }, async save() {} };
  const fooled = clientFor(registry, { store: altered });
  await fooled.refresh();
  assert.throws(() => fooled.current(), { code: 'ERR_OUTDATED_GLOBAL_CONF' });
});

test('once the copy in use expires, current() throws OutdatedGlobalConf until a fresh one arrives', async () => {
  const published = await publish(10);
  const registry = fakeRegistry();
  registry.state.jws = published.jws;
  const client = clientFor(registry);
  await client.refresh();
  registry.state.down = true;
  deps.clock.advance(9 * MINUTE);
  assert.equal(client.current().serial, published.serial);
  deps.clock.advance(MINUTE);
  assert.throws(() => client.current(), { code: 'ERR_OUTDATED_GLOBAL_CONF', fault: 'Server.ClientProxy.OutdatedGlobalConf', status: 500 });
  // an expired download is refused too
  registry.state.down = false;
  assert.equal((await client.refresh()).code, 'ERR_CONFIGURATION_EXPIRED');
  const fresh = await publish(10);
  registry.state.jws = fresh.jws;
  assert.equal((await client.refresh()).ok, true);
  assert.equal(client.current().serial, fresh.serial);
});

test('a configuration with an older serial than the one in use is refused (rollback)', async () => {
  const older = await publish();
  const newer = await publish();
  assert.equal(newer.serial, older.serial + 1);
  const registry = fakeRegistry();
  registry.state.jws = newer.jws;
  const client = clientFor(registry);
  await client.refresh();
  registry.state.jws = older.jws;
  const result = await client.refresh();
  assert.equal(result.ok, false);
  assert.equal(result.code, 'ERR_CONFIGURATION_ROLLBACK');
  assert.equal(client.current().serial, newer.serial);
  // the same serial again is fine; the same serial with other content is not
  registry.state.jws = newer.jws;
  assert.deepEqual(await client.refresh(), { ok: true, serial: newer.serial });
  registry.state.jws = await signGlobalConfiguration({ ...newer.document, tsas: [] }, key);
  assert.equal((await client.refresh()).code, 'ERR_CONFIGURATION_SERIAL_REUSED');
});
