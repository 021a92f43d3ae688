// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { InjectOptions, preHandlerAsyncHookHandler } from 'fastify';
import { buildServer, Forbidden, Unauthenticated, type Server, type Storage } from '@tessera/platform';
import { createConfigurationClient } from './configuration-client.ts';
import { isAccessAllowed } from './configuration-lookup.ts';
import type { RegistryDeps } from './registry-deps.ts';
import { registerRegistryRoutes } from './registry-routes.ts';
import { certificate, openRegistry, registryEvents, signingKeys } from './test-fixtures.ts';

let storage: Storage;
let deps: RegistryDeps;
let server: Server;
let keys: CryptoKeyPair;

/** Stands in for staff auth: `x-test-permissions` lists what the caller holds; no header, not signed in. */
const requirePermission = (permission: string): preHandlerAsyncHookHandler => async (request) => {
  const held = request.headers['x-test-permissions'];
  if (typeof held !== 'string') throw new Unauthenticated();
  if (!held.split(',').includes(permission)) throw new Forbidden();
};

before(async () => {
  ({ storage, deps } = await openRegistry());
  keys = await signingKeys();
  server = await buildServer({ title: 'registry test', cookieSecret: 'x'.repeat(32), logLevel: 'silent' });
  registerRegistryRoutes(server, deps, {
    requirePermission,
    actorOf: (request) => String(request.headers['x-test-user'] ?? 'anonymous'),
    publishing: { instance: 'TESSERA', validityMinutes: 10, signingKey: { privateKey: keys.privateKey, kid: 'k1' } },
  });
  await server.ready();
});
after(async () => {
  await server.close();
  await storage.close();
});

const MANAGE = { 'x-test-permissions': 'registry:read,registry:manage', 'x-test-user': 'op-7' };
const READ = { 'x-test-permissions': 'registry:read' };
const call = (options: InjectOptions) => server.inject(options);
/** A call as the registry manager that must answer `status`. */
const ok = async (options: InjectOptions, status: number) => {
  const response = await call({ ...options, headers: MANAGE });
  assert.equal(response.statusCode, status, `${options.method} ${options.url}: ${response.body}`);
  return response;
};
const b64 = (der: Uint8Array) => Buffer.from(der).toString('base64');

test('operator routes need a signed-in caller (401) holding the right permission (403)', async () => {
  const anonymous = await call({ method: 'GET', url: '/api/v1/exchange/members' });
  assert.equal(anonymous.statusCode, 401);
  assert.equal(anonymous.headers['content-type'], 'application/problem+json; charset=utf-8');
  assert.equal((await call({ method: 'GET', url: '/api/v1/exchange/members', headers: { 'x-test-permissions': 'card:read' } })).statusCode, 403);
  assert.equal((await call({ method: 'GET', url: '/api/v1/exchange/members', headers: READ })).statusCode, 200);
  const readerWrites = await call({ method: 'POST', url: '/api/v1/exchange/members', headers: READ, payload: { memberClass: 'GOV', memberCode: '1', name: 'x' } });
  assert.equal(readerWrites.statusCode, 403);
  assert.equal((await call({ method: 'POST', url: '/api/v1/exchange/global-configuration', headers: READ })).statusCode, 403);
  assert.equal((await registryEvents(deps.db)).length, 0);
});

test('invalid requests get 400 problem details naming each field, from the schema and from the store', async () => {
  const schema = await call({ method: 'POST', url: '/api/v1/exchange/members', headers: MANAGE, payload: { memberClass: 'gov', memberCode: '', extra: 1 } });
  assert.equal(schema.statusCode, 400);
  const body = schema.json<{ code: string; errors: Array<{ path: string }> }>();
  assert.equal(body.code, 'ERR_VALIDATION');
  const paths = body.errors.map((e) => e.path);
  for (const p of ['body/memberClass', 'body/memberCode', 'body/name', 'body/extra']) assert.ok(paths.includes(p), `${p} in ${paths.join(', ')}`);

  await call({ method: 'POST', url: '/api/v1/exchange/members', headers: MANAGE, payload: { memberClass: 'GOV', memberCode: '70000009', name: 'Archive' } });
  const notACertificate = await call({
    method: 'POST', url: '/api/v1/exchange/gateways', headers: MANAGE,
    payload: { memberClass: 'GOV', memberCode: '70000009', serverCode: 'gw', address: 'https://archive.example', authCertificate: b64(Buffer.from('hello world')) },
  });
  assert.equal(notACertificate.statusCode, 400);
  assert.deepEqual(notACertificate.json<{ errors: Array<{ path: string }> }>().errors.map((e) => e.path), ['/authCertificate']);
  const badClient = await call({ method: 'GET', url: '/api/v1/exchange/members/GOV/70000009/subsystems/x/allowed-services?client=nope', headers: READ });
  assert.equal(badClient.statusCode, 400);
});

test('an operator builds up the registry through the API and publishes it for gateways', async () => {
  assert.equal((await call({ method: 'GET', url: '/exchange/global-configuration' })).statusCode, 404);
  await ok({ method: 'POST', url: '/api/v1/exchange/members', payload: { memberClass: 'GOV', memberCode: '70000001', name: 'Population Register' } }, 201);
  await ok({ method: 'POST', url: '/api/v1/exchange/members', payload: { memberClass: 'COM', memberCode: '10000001', name: 'Bank' } }, 201);
  const duplicate = await call({ method: 'POST', url: '/api/v1/exchange/members', headers: MANAGE, payload: { memberClass: 'COM', memberCode: '10000001', name: 'Bank' } });
  assert.equal(duplicate.statusCode, 409);
  await ok({ method: 'POST', url: '/api/v1/exchange/members/GOV/70000001/subsystems', payload: { subsystemCode: 'population' } }, 201);
  await ok({ method: 'POST', url: '/api/v1/exchange/members/COM/10000001/subsystems', payload: { subsystemCode: 'kyc' } }, 201);
  await ok({
    method: 'POST', url: '/api/v1/exchange/gateways',
    payload: { memberClass: 'GOV', memberCode: '70000001', serverCode: 'gw1', address: 'https://pop.example:5500', authCertificate: b64(await certificate('gw1')) },
  }, 201);
  await ok({ method: 'PUT', url: '/api/v1/exchange/gateways/GOV/70000001/gw1/certificate', payload: { authCertificate: b64(await certificate('gw1-b')) } }, 204);
  await ok({
    method: 'POST', url: '/api/v1/exchange/members/GOV/70000001/subsystems/population/services',
    payload: { serviceCode: 'persons', type: 'REST', endpoints: [{ method: 'GET', path: '/persons/*' }], handlesPersonalData: true },
  }, 201);
  const services = await ok({ method: 'GET', url: '/api/v1/exchange/members/GOV/70000001/subsystems/population/services' }, 200);
  assert.deepEqual(services.json<{ services: Array<{ serviceCode: string }> }>().services.map((s) => s.serviceCode), ['persons']);
  const grant = { client: { memberClass: 'COM', memberCode: '10000001', subsystemCode: 'kyc' }, service: { memberClass: 'GOV', memberCode: '70000001', subsystemCode: 'population', serviceCode: 'persons' }, method: 'GET' };
  await ok({ method: 'POST', url: '/api/v1/exchange/access-rights', payload: grant }, 201);
  const allowed = await ok({ method: 'GET', url: '/api/v1/exchange/members/GOV/70000001/subsystems/population/allowed-services?client=COM/10000001/kyc' }, 200);
  assert.deepEqual(allowed.json<{ services: Array<{ rights: unknown[] }> }>().services[0]!.rights, [{ method: 'GET', path: null }]);
  await ok({ method: 'POST', url: '/api/v1/exchange/trusted-cas', payload: { certificate: b64(await certificate('CA', { ca: true })) } }, 201);
  await ok({ method: 'POST', url: '/api/v1/exchange/tsas', payload: { name: 'TSA', url: 'http://tsa.example/', certificate: b64(await certificate('TSA')) } }, 201);
  const published = await ok({ method: 'POST', url: '/api/v1/exchange/global-configuration' }, 201);
  assert.equal(published.json<{ serial: number }>().serial, 1);

  const download = await call({ method: 'GET', url: '/exchange/global-configuration' });
  assert.equal(download.statusCode, 200);
  assert.equal(download.headers['content-type'], 'application/jose');
  const client = createConfigurationClient({
    fetch: async () => new Response(download.body), url: 'https://registry.example/exchange/global-configuration', publicKey: keys.publicKey, instance: 'TESSERA', clock: deps.clock,
  });
  assert.equal((await client.refresh()).ok, true);
  assert.equal(isAccessAllowed(client.current(), grant.client, grant.service, 'GET', '/persons/1'), true);
  assert.equal(isAccessAllowed(client.current(), grant.client, grant.service, 'DELETE', '/persons/1'), false);

  await ok({ method: 'POST', url: '/api/v1/exchange/access-rights/revocations', payload: grant }, 204);
  await ok({ method: 'DELETE', url: '/api/v1/exchange/gateways/GOV/70000001/gw1' }, 204);
  assert.equal((await call({ method: 'DELETE', url: '/api/v1/exchange/gateways/GOV/70000001/gw1', headers: MANAGE })).statusCode, 404);
  const logged = await registryEvents(deps.db);
  const types = new Set(logged.map((e) => e.type));
  assert.ok(types.has('access.revoked') && types.has('gateway.removed') && types.has('configuration.published'));
  assert.deepEqual(new Set(logged.map((e) => e.actor)), new Set(['op-7']), 'every change is logged under the operator who made it');
});

test('an operator lets a shared gateway host another member’s subsystem through the API, sees it in the published configuration, and ends it; a reader cannot', async () => {
  await ok({ method: 'POST', url: '/api/v1/exchange/members', payload: { memberClass: 'GOV', memberCode: '70007340', name: 'State Shared Service Centre' } }, 201);
  await ok({ method: 'POST', url: '/api/v1/exchange/members', payload: { memberClass: 'GOV', memberCode: '71000009', name: 'Agency' } }, 201);
  await ok({ method: 'POST', url: '/api/v1/exchange/members/GOV/71000009/subsystems', payload: { subsystemCode: 'register' } }, 201);
  await ok({ method: 'POST', url: '/api/v1/exchange/gateways', payload: { memberClass: 'GOV', memberCode: '70007340', serverCode: 'shared', address: 'https://shared.example:5500', authCertificate: b64(await certificate('shared')) } }, 201);
  const path = '/api/v1/exchange/gateways/GOV/70007340/shared/clients';
  const client = { memberClass: 'GOV', memberCode: '71000009', subsystemCode: 'register' };

  assert.equal((await call({ method: 'POST', url: path, headers: READ, payload: client })).statusCode, 403);
  const unknown = await call({ method: 'POST', url: path, headers: MANAGE, payload: { ...client, subsystemCode: 'nothing' } });
  assert.equal(unknown.statusCode, 404, unknown.body);
  await ok({ method: 'POST', url: path, payload: client }, 201);
  assert.equal((await call({ method: 'POST', url: path, headers: MANAGE, payload: client })).statusCode, 409, 'hosted once');
  assert.deepEqual((await call({ method: 'GET', url: path, headers: READ })).json(), { clients: [client] });

  await ok({ method: 'POST', url: '/api/v1/exchange/global-configuration' }, 201);
  const jws = (await call({ method: 'GET', url: '/exchange/global-configuration' })).body;
  const published = JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString()) as { gateways: Array<{ serverCode: string; clients?: unknown[] }> };
  assert.deepEqual(published.gateways.find((g) => g.serverCode === 'shared')?.clients, [client]);

  assert.equal((await call({ method: 'DELETE', url: `${path}/GOV/71000009/register`, headers: READ })).statusCode, 403);
  await ok({ method: 'DELETE', url: `${path}/GOV/71000009/register` }, 204);
  assert.equal((await call({ method: 'DELETE', url: `${path}/GOV/71000009/register`, headers: MANAGE })).statusCode, 404);
  assert.deepEqual((await call({ method: 'GET', url: path, headers: READ })).json(), { clients: [] });
  const logged = (await registryEvents(deps.db)).filter((e) => e.type.startsWith('gateway.client_'));
  assert.deepEqual(logged.map((e) => [e.type, e.actor]), [['gateway.client_added', 'op-7'], ['gateway.client_removed', 'op-7']]);
});

test('registry changes accept JSON bodies only: a form post, which any site can make a browser send, is refused and changes nothing', async () => {
  const before = await registryEvents(deps.db);
  for (const [type, payload] of [
    ['application/x-www-form-urlencoded', 'memberClass=GOV&memberCode=70000077&name=Forged'],
    ['text/plain', '{"memberClass":"GOV","memberCode":"70000077","name":"Forged"}'],
  ] as const) {
    const response = await call({ method: 'POST', url: '/api/v1/exchange/members', headers: { ...MANAGE, 'content-type': type }, payload });
    assert.equal(response.statusCode, 415, type);
    assert.equal(response.json().code, 'ERR_UNSUPPORTED_MEDIA_TYPE');
  }
  assert.deepEqual(await registryEvents(deps.db), before);
});
