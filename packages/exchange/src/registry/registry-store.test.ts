// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { TesseraError, ValidationFailed, type Storage } from '@tessera/platform';
import { AlreadyRegistered } from '../exchange-errors.ts';
import { allowedServices, grantAccess, revokeAccess } from './access-rights.ts';
import { sha256Hex } from './certificates.ts';
import { findGateway, registerGateway, removeGateway, setGatewayCertificate } from './gateways.ts';
import { addMember, addSubsystem, listMembers } from './members.ts';
import type { RegistryDeps } from './registry-deps.ts';
import { gateways, members, services } from './schema.ts';
import { addService, listServices } from './services.ts';
import { certificate, openRegistry, registryEvents } from './test-fixtures.ts';
import { addTrustedCa, addTsa } from './trust-anchors.ts';

let storage: Storage;
let deps: RegistryDeps;

before(async () => {
  ({ storage, deps } = await openRegistry());
});
after(async () => storage.close());

const events = async () => registryEvents(deps.db);

/** Asserts the call is refused with `kind` and that nothing reached the transparency log. */
async function refusedWithoutWriting(call: () => Promise<unknown>, code: string): Promise<Error> {
  const before = (await events()).length;
  const error = await call().then(() => assert.fail('expected a refusal'), (e: unknown) => e as Error);
  assert.ok(error instanceof TesseraError, `expected ${code}, got ${String(error)}`);
  assert.equal(error.code, code);
  assert.equal((await events()).length, before, 'a refused operation must not log');
  return error;
}

const issuePaths = (error: Error) => (error as ValidationFailed).issues.map((i) => i.path).sort();

test('each registry change appends one transparency-log event with codes only, not names', async () => {
  const start = (await events()).length;
  await addMember(deps, 'op-1', { memberClass: 'GOV', memberCode: '70000001', name: 'Population Register Agency' });
  await addSubsystem(deps, 'op-1', { memberClass: 'GOV', memberCode: '70000001', subsystemCode: 'population' });
  await registerGateway(deps, 'op-1', { memberClass: 'GOV', memberCode: '70000001', serverCode: 'gw1', address: 'https://gw1.example:5500', authCertificate: await certificate('gw1') });
  await addService(deps, 'op-1', {
    memberClass: 'GOV', memberCode: '70000001', subsystemCode: 'population', serviceCode: 'persons', serviceVersion: 'v1',
    type: 'REST', endpoints: [{ method: 'GET', path: '/persons/*' }], handlesPersonalData: true,
  });
  await addSubsystem(deps, 'op-1', { memberClass: 'GOV', memberCode: '70000001', subsystemCode: 'portal' });
  await grantAccess(deps, 'op-1', {
    client: { memberClass: 'GOV', memberCode: '70000001', subsystemCode: 'portal' },
    service: { memberClass: 'GOV', memberCode: '70000001', subsystemCode: 'population', serviceCode: 'persons', serviceVersion: 'v1' },
  });
  const logged = (await events()).slice(start);
  assert.deepEqual(logged.map((e) => [e.type, e.subject]), [
    ['member.added', 'GOV/70000001'],
    ['subsystem.added', 'GOV/70000001/population'],
    ['gateway.registered', 'GOV/70000001/gw1'],
    ['service.added', 'GOV/70000001/population/persons/v1'],
    ['subsystem.added', 'GOV/70000001/portal'],
    ['access.granted', 'GOV/70000001/population/persons/v1'],
  ]);
  assert.ok(!JSON.stringify(logged).includes('Population Register Agency'));
  assert.equal(logged[2]!.data.address, 'https://gw1.example:5500');
});

test('a duplicate member is refused as ERR_MEMBER_EXISTS and the first one is kept', async () => {
  await addMember(deps, 'op', { memberClass: 'COM', memberCode: '10000001', name: 'First Ltd' });
  await refusedWithoutWriting(() => addMember(deps, 'op', { memberClass: 'COM', memberCode: '10000001', name: 'Second Ltd' }), 'ERR_MEMBER_EXISTS');
  await assert.rejects(addMember(deps, 'op', { memberClass: 'COM', memberCode: '10000001', name: 'Second Ltd' }), { code: 'ERR_MEMBER_EXISTS', status: 409 });
  const rows = await deps.db.select().from(members);
  assert.deepEqual(rows.filter((m) => m.memberCode === '10000001').map((m) => m.name), ['First Ltd']);
});

test('malformed identifiers and names are refused with every issue, before anything is written', async () => {
  const error = await refusedWithoutWriting(() => addMember(deps, 'op', { memberClass: 'gov', memberCode: 'a/b', name: '  ' }), 'ERR_VALIDATION');
  assert.deepEqual(issuePaths(error), ['/memberClass', '/memberCode', '/name']);
  assert.equal((await deps.db.select().from(members)).some((m) => m.memberCode === 'a/b'), false);
});

test('a subsystem of an unregistered member is NotFound', async () => {
  await refusedWithoutWriting(() => addSubsystem(deps, 'op', { memberClass: 'NGO', memberCode: 'nobody', subsystemCode: 'x' }), 'ERR_NOT_FOUND');
});

test('a gateway needs an https origin and a current, non-CA X.509 certificate', async () => {
  await addMember(deps, 'op', { memberClass: 'GOV', memberCode: '70000002', name: 'Tax Board' });
  const id = { memberClass: 'GOV', memberCode: '70000002', serverCode: 'gw' };
  const garbage = await refusedWithoutWriting(() => registerGateway(deps, 'op', { ...id, address: 'http://gw.example/path', authCertificate: new Uint8Array([1, 2, 3]) }), 'ERR_VALIDATION');
  assert.deepEqual(issuePaths(garbage), ['/address', '/authCertificate']);
  const empty = await refusedWithoutWriting(
    () => registerGateway(deps, 'op', { ...id, address: 'https://tax.example:5500', authCertificate: Buffer.alloc(0) }), 'ERR_VALIDATION');
  assert.deepEqual(issuePaths(empty), ['/authCertificate']);
  const old = await certificate('old', { notAfter: '2026-06-01T00:00:00Z' });
  const oldError = await refusedWithoutWriting(() => registerGateway(deps, 'op', { ...id, address: 'https://tax.example:5500', authCertificate: old }), 'ERR_VALIDATION');
  assert.equal((oldError as ValidationFailed).issues[0]!.code, 'validity');
  const ca = await certificate('a CA', { ca: true });
  await refusedWithoutWriting(() => registerGateway(deps, 'op', { ...id, address: 'https://tax.example:5500', authCertificate: ca }), 'ERR_VALIDATION');
  assert.equal((await deps.db.select().from(gateways)).some((g) => g.memberCode === '70000002'), false);
});

test('one certificate or one address cannot serve two gateways', async () => {
  await addMember(deps, 'op', { memberClass: 'GOV', memberCode: '70000003', name: 'Land Board' });
  const cert = await certificate('land-gw');
  await registerGateway(deps, 'op', { memberClass: 'GOV', memberCode: '70000003', serverCode: 'a', address: 'https://land-a.example', authCertificate: cert });
  await refusedWithoutWriting(() => registerGateway(deps, 'op', { memberClass: 'GOV', memberCode: '70000003', serverCode: 'b', address: 'https://land-b.example', authCertificate: cert }), 'ERR_GATEWAY_CERTIFICATE_TAKEN');
  // A certificate taken by another gateway is a real conflict, not an entry "already registered"
  // that a repeated enrolment may pass over.
  await assert.rejects(registerGateway(deps, 'op', { memberClass: 'GOV', memberCode: '70000003', serverCode: 'b', address: 'https://land-b.example', authCertificate: cert }), (error: unknown) => error instanceof TesseraError && error.status === 409 && !(error instanceof AlreadyRegistered));
  await refusedWithoutWriting(async () => registerGateway(deps, 'op', {
    memberClass: 'GOV', memberCode: '70000003', serverCode: 'b', address: 'https://land-a.example', authCertificate: await certificate('land-b'),
  }), 'ERR_GATEWAY_EXISTS');
});

test('rotating a gateway certificate replaces it and logs old and new hashes', async () => {
  await addMember(deps, 'op', { memberClass: 'GOV', memberCode: '70000004', name: 'Health Board' });
  const id = { memberClass: 'GOV', memberCode: '70000004', serverCode: 'gw' };
  const first = await certificate('health-1');
  const second = await certificate('health-2');
  await registerGateway(deps, 'op', { ...id, address: 'https://health.example:8443', authCertificate: first });
  await setGatewayCertificate(deps, 'op-2', id, second);
  const [row] = (await deps.db.select().from(gateways)).filter((g) => g.memberCode === '70000004');
  assert.equal(row!.authCertificateSha256, sha256Hex(second));
  const last = (await events()).at(-1)!;
  assert.equal(last.type, 'gateway.certificate_changed');
  assert.deepEqual([last.data.previousSha256, last.data.certificateSha256], [sha256Hex(first), sha256Hex(second)]);
  await refusedWithoutWriting(() => setGatewayCertificate(deps, 'op', id, second), 'ERR_GATEWAY_CERTIFICATE_UNCHANGED');
  await refusedWithoutWriting(() => setGatewayCertificate(deps, 'op', { ...id, serverCode: 'nope' }, first), 'ERR_NOT_FOUND');
});

test('a registered gateway is found by its id until it is removed; a second removal is NotFound', async () => {
  await addMember(deps, 'op', { memberClass: 'GOV', memberCode: '70000005', name: 'Police' });
  const id = { memberClass: 'GOV', memberCode: '70000005', serverCode: 'gw' };
  const cert = await certificate('police');
  await registerGateway(deps, 'op', { ...id, address: 'https://police.example', authCertificate: cert });
  assert.deepEqual(await findGateway(deps, id), { ...id, address: 'https://police.example', authCertificateSha256: sha256Hex(cert) });
  assert.equal(await findGateway(deps, { ...id, serverCode: 'gw2' }), null);
  await removeGateway(deps, 'op', id);
  assert.equal(await findGateway(deps, id), null);
  assert.equal((await events()).at(-1)!.type, 'gateway.removed');
  assert.equal((await deps.db.select().from(gateways)).some((g) => g.memberCode === '70000005'), false);
  await refusedWithoutWriting(() => removeGateway(deps, 'op', id), 'ERR_NOT_FOUND');
});

test('an OpenAPI service gets its endpoints from the document, templated segments as *', async () => {
  await addMember(deps, 'op', { memberClass: 'GOV', memberCode: '70000006', name: 'Vehicles' });
  await addSubsystem(deps, 'op', { memberClass: 'GOV', memberCode: '70000006', subsystemCode: 'vehicles' });
  const listing = await addService(deps, 'op', {
    memberClass: 'GOV', memberCode: '70000006', subsystemCode: 'vehicles', serviceCode: 'registry', type: 'OPENAPI', handlesPersonalData: false,
    openapi: { openapi: '3.1.0', info: { title: 'v', version: '1' }, paths: { '/vehicles': { get: {}, post: {} }, '/vehicles/{vin}/owner': { get: {}, parameters: [] } } },
  });
  assert.deepEqual(listing.endpoints, [{ method: 'GET', path: '/vehicles' }, { method: 'POST', path: '/vehicles' }, { method: 'GET', path: '/vehicles/*/owner' }]);
  assert.match(listing.openapiSha256 ?? '', /^[0-9a-f]{64}$/);
  assert.deepEqual((await listServices(deps.db, { memberClass: 'GOV', memberCode: '70000006', subsystemCode: 'vehicles' })).map((s) => s.serviceCode), ['registry']);
});

test('services with bad endpoints or documents are refused; an unversioned code is registered once', async () => {
  const provider = { memberClass: 'GOV', memberCode: '70000006', subsystemCode: 'vehicles' };
  const badRest = await refusedWithoutWriting(() => addService(deps, 'op', {
    ...provider, serviceCode: 'x', type: 'REST', handlesPersonalData: false, endpoints: [{ method: 'get', path: 'no-slash' }, { method: 'GET', path: '/a/../b' }],
  }), 'ERR_VALIDATION');
  assert.deepEqual(issuePaths(badRest), ['/endpoints/0/method', '/endpoints/0/path', '/endpoints/1/path']);
  await refusedWithoutWriting(() => addService(deps, 'op', { ...provider, serviceCode: 'y', type: 'OPENAPI', handlesPersonalData: false, openapi: { swagger: '2.0' } }), 'ERR_VALIDATION');
  await refusedWithoutWriting(() => addService(deps, 'op', {
    ...provider, serviceCode: 'registry', serviceVersion: null, type: 'REST', handlesPersonalData: false, endpoints: [{ method: '*', path: '/' }],
  }), 'ERR_SERVICE_EXISTS');
  assert.equal((await deps.db.select().from(services)).filter((s) => s.memberCode === '70000006').length, 1);
});

test('grants show in allowedServices, a duplicate grant is refused as ERR_ACCESS_RIGHT_EXISTS, and revoking removes exactly that grant', async () => {
  await addMember(deps, 'op', { memberClass: 'COM', memberCode: '20000001', name: 'Insurer' });
  await addSubsystem(deps, 'op', { memberClass: 'COM', memberCode: '20000001', subsystemCode: 'claims' });
  const client = { memberClass: 'COM', memberCode: '20000001', subsystemCode: 'claims' };
  const provider = { memberClass: 'GOV', memberCode: '70000006', subsystemCode: 'vehicles' };
  const service = { ...provider, serviceCode: 'registry' };
  assert.deepEqual(await allowedServices(deps.db, client, provider), []);
  await grantAccess(deps, 'op', { client, service, method: 'GET', path: '/vehicles/*/owner' });
  await grantAccess(deps, 'op', { client, service, method: 'GET', path: '/vehicles' });
  await refusedWithoutWriting(() => grantAccess(deps, 'op', { client, service, method: 'GET', path: '/vehicles' }), 'ERR_ACCESS_RIGHT_EXISTS');
  await refusedWithoutWriting(() => grantAccess(deps, 'op', { client, service: { ...service, serviceCode: 'nothing' } }), 'ERR_NOT_FOUND');
  await refusedWithoutWriting(() => grantAccess(deps, 'op', { client, service, method: 'FETCH' as never }), 'ERR_VALIDATION');
  const allowed = await allowedServices(deps.db, client, provider);
  assert.deepEqual(allowed.map((s) => [s.serviceCode, s.rights]), [['registry', [{ method: 'GET', path: '/vehicles' }, { method: 'GET', path: '/vehicles/*/owner' }]]]);

  await revokeAccess(deps, 'op', { client, service, method: 'GET', path: '/vehicles' });
  assert.equal((await events()).at(-1)!.type, 'access.revoked');
  assert.deepEqual((await allowedServices(deps.db, client, provider))[0]!.rights, [{ method: 'GET', path: '/vehicles/*/owner' }]);
  await refusedWithoutWriting(() => revokeAccess(deps, 'op', { client, service, method: 'GET', path: '/vehicles' }), 'ERR_NOT_FOUND');
  await refusedWithoutWriting(() => revokeAccess(deps, 'op', { client, service }), 'ERR_NOT_FOUND');
});

test('only CA certificates become trusted CAs, once each', async () => {
  await refusedWithoutWriting(async () => addTrustedCa(deps, 'op', await certificate('leaf')), 'ERR_VALIDATION');
  const ca = await certificate('Tessera Gateway CA', { ca: true });
  const added = await addTrustedCa(deps, 'op', ca);
  assert.equal(added.sha256, sha256Hex(ca));
  assert.match(added.subject, /Tessera Gateway CA/);
  await refusedWithoutWriting(() => addTrustedCa(deps, 'op', ca), 'ERR_TRUSTED_CA_EXISTS');
});

test('a TSA needs a name, an http(s) URL and a certificate, and is registered once', async () => {
  const cert = await certificate('TSA');
  const bad = await refusedWithoutWriting(() => addTsa(deps, 'op', { name: '', url: 'ftp://tsa.example', certificate: cert }), 'ERR_VALIDATION');
  assert.deepEqual(issuePaths(bad), ['/name', '/url']);
  await addTsa(deps, 'op', { name: 'Tessera TSA', url: 'http://tsa.example/tsa', certificate: cert });
  assert.equal((await events()).at(-1)!.type, 'tsa.added');
  await refusedWithoutWriting(() => addTsa(deps, 'op', { name: 'Tessera TSA', url: 'http://other.example/tsa', certificate: cert }), 'ERR_TSA_EXISTS');
});

test('listMembers gives each member with its subsystems, in order', async () => {
  const listed = await listMembers(deps.db);
  const gov1 = listed.find((m) => m.memberCode === '70000001');
  assert.deepEqual(gov1, { memberClass: 'GOV', memberCode: '70000001', name: 'Population Register Agency', subsystems: ['population', 'portal'] });
  const keys = listed.map((m) => `${m.memberClass}/${m.memberCode}`);
  assert.deepEqual(keys, [...keys].sort());
});

test('a service body of the wrong shape is a ValidationFailed, not a crash', async () => {
  const provider = { memberClass: 'GOV', memberCode: '70000006', subsystemCode: 'vehicles' };
  const shapeless = { ...provider, serviceCode: 'z', type: 'REST', handlesPersonalData: 'yes', endpoints: 'GET /' } as unknown as Parameters<typeof addService>[2];
  const error = await refusedWithoutWriting(() => addService(deps, 'op', shapeless), 'ERR_VALIDATION');
  assert.deepEqual(issuePaths(error), ['/endpoints', '/handlesPersonalData']);
  const mixed = { ...provider, serviceCode: 'z', type: 'OPENAPI', handlesPersonalData: false, openapi: { openapi: '3.0.3', paths: { '/a': { get: {} } } }, endpoints: [] } as unknown as Parameters<typeof addService>[2];
  assert.deepEqual(issuePaths(await refusedWithoutWriting(() => addService(deps, 'op', mixed), 'ERR_VALIDATION')), ['/endpoints']);
});
