// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { InjectOptions, preHandlerAsyncHookHandler } from 'fastify';
import { buildServer, Forbidden, Unauthenticated, type Server, type StaffPrincipal, type Storage } from '@tessera/platform';
import { addGatewayClient, listGatewayClients } from './gateway-clients.ts';
import { registerGateway } from './gateways.ts';
import { addMember, addSubsystem } from './members.ts';
import { registerOperatorConsole } from './operator-console.ts';
import type { RegistryDeps } from './registry-deps.ts';
import { REGISTRY_PERMISSIONS } from './registry-routes.ts';
import { certificate, openRegistry, registryEvents } from './test-fixtures.ts';

/** Stands in for staff sign-in: `x-test-staff` names a role; no header, not signed in. */
const ROLES: Record<string, string[]> = { exchange_operator: [REGISTRY_PERMISSIONS.read, REGISTRY_PERMISSIONS.manage], reader: [REGISTRY_PERMISSIONS.read], officer: ['card:read'] };
const requirePermission = (permission: string): preHandlerAsyncHookHandler => async (request) => {
  const role = request.headers['x-test-staff'];
  if (typeof role !== 'string') throw new Unauthenticated();
  const staff: StaffPrincipal = { id: `staff-${role}`, username: role, displayName: `Test ${role}`, organisation: 'RIA', roles: [role], permissions: new Set(ROLES[role] ?? []), secondFactor: true };
  request.staff = staff;
  if (!staff.permissions.has(permission)) throw new Forbidden();
};

const SHARED = { memberClass: 'GOV', memberCode: '70007340', serverCode: 'shared' };
const PAGE = '/exchange/console/gateways/GOV/70007340/shared/clients';
const OPERATOR = { 'x-test-staff': 'exchange_operator' };
const READER = { 'x-test-staff': 'reader' };

let storage: Storage;
let deps: RegistryDeps;
let server: Server;
let published = 0;

before(async () => {
  ({ storage, deps } = await openRegistry());
  await addMember(deps, 'op-1', { memberClass: 'GOV', memberCode: '70007340', name: 'State Shared Service Centre' });
  for (const [code, sub] of [['71000001', 'register-a'], ['71000002', 'register-b']] as const) {
    await addMember(deps, 'op-1', { memberClass: 'GOV', memberCode: code, name: `Agency ${sub}` });
    await addSubsystem(deps, 'op-1', { memberClass: 'GOV', memberCode: code, subsystemCode: sub });
  }
  await registerGateway(deps, 'op-1', { ...SHARED, address: 'https://shared.example:5500', authCertificate: await certificate('shared') });
  await addGatewayClient(deps, 'op-1', { gateway: SHARED, client: { memberClass: 'GOV', memberCode: '71000001', subsystemCode: 'register-a' } });
  server = await buildServer({ title: 'console test', cookieSecret: 'c'.repeat(32), logLevel: 'silent' });
  registerOperatorConsole(server, deps, { requirePermission, onChange: async () => void published++ });
  await server.ready();
});
after(async () => {
  await server?.close();
  await storage?.close();
});

const call = (options: InjectOptions) => server.inject(options);
/** The page's form token and cookie, as a browser holds them after opening the page. */
const formSession = async (headers: Record<string, string> = OPERATOR) => {
  const opened = await call({ url: PAGE, headers });
  const token = /name="_csrf" value="([^"]+)"/.exec(opened.body)![1]!;
  return { token, cookie: opened.cookies.map((c) => `${c.name}=${c.value}`).join('; ') };
};
const form = (url: string, fields: Record<string, string>, session: { cookie: string; token: string }, headers: Record<string, string> = OPERATOR) => call({
  method: 'POST', url, headers: { ...headers, cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: session.token, ...fields }).toString(),
});
const hosted = async () => (await listGatewayClients(deps.db, SHARED)).map((c) => `${c.client.memberClass}/${c.client.memberCode}/${c.client.subsystemCode}`);

test('an operator adds a hosted client and removes it through the page; each change is in the registry’s log under the operator', async () => {
  const session = await formSession();
  const added = await form(PAGE, { client: 'GOV/71000002/register-b' }, session);
  assert.equal(added.statusCode, 303, added.body);
  assert.equal(added.headers.location, `${PAGE}?done=added`);
  assert.deepEqual(await hosted(), ['GOV/71000001/register-a', 'GOV/71000002/register-b']);
  const shown = await call({ url: `${PAGE}?done=added`, headers: OPERATOR });
  assert.match(shown.body, /role="status">The client was added\./);
  assert.match(shown.body, /GOV\/71000002\/register-b/);

  const removed = await form(`${PAGE}/remove`, { client: 'GOV/71000002/register-b' }, session);
  assert.equal(removed.statusCode, 303, removed.body);
  assert.deepEqual(await hosted(), ['GOV/71000001/register-a']);
  const events = (await registryEvents(deps.db)).filter((e) => e.type.startsWith('gateway.client_') && e.actor === 'staff-exchange_operator');
  assert.deepEqual(events.map((e) => [e.type, e.subject, e.data.client]), [
    ['gateway.client_added', 'GOV/70007340/shared', { memberClass: 'GOV', memberCode: '71000002', subsystemCode: 'register-b' }],
    ['gateway.client_removed', 'GOV/70007340/shared', { memberClass: 'GOV', memberCode: '71000002', subsystemCode: 'register-b' }],
  ]);
  assert.equal(published, 2, 'each change publishes a new configuration');
});

test('a reader sees the hosted clients without any form, and cannot post one', async () => {
  const page = await call({ url: PAGE, headers: READER });
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /<caption[^>]*>Hosted clients<\/caption>/);
  assert.match(page.body, /GOV\/71000001\/register-a/);
  assert.doesNotMatch(page.body, /action="\/exchange\/console\/gateways/, 'no add or remove form');
  const session = await formSession(READER);
  assert.equal((await form(PAGE, { client: 'GOV/71000002/register-b' }, session, READER)).statusCode, 403);
  assert.equal((await call({ url: PAGE, headers: { 'x-test-staff': 'officer' } })).statusCode, 403);
  assert.equal((await call({ url: PAGE })).statusCode, 401);
  assert.deepEqual(await hosted(), ['GOV/71000001/register-a']);
});

test('bad input re-renders the page with the field’s error, in the page’s language, and changes nothing', async () => {
  const session = await formSession();
  const eventsBefore = (await registryEvents(deps.db)).length;
  for (const [client, message] of [
    ['not a subsystem', /Enter the client subsystem as CLASS\/CODE\/SUBSYSTEM/],
    ['GOV/79999999/nothing', /No subsystem GOV\/79999999\/nothing is registered\./],
    ['GOV/71000001/register-a', /This gateway already hosts GOV\/71000001\/register-a\./],
  ] as const) {
    const response = await form(PAGE, { client }, session);
    assert.equal(response.statusCode, 400, client);
    assert.match(response.body, /class="error-summary" role="alert"/);
    assert.match(response.body, /<a href="#client">/, 'the summary links to the field');
    assert.match(response.body, message);
    assert.match(response.body, /id="client-error"/);
    assert.match(response.body, /aria-describedby="client-hint client-error" aria-invalid="true"/);
  }
  const notHosted = await form(`${PAGE}/remove`, { client: 'GOV/71000002/register-b' }, session);
  assert.equal(notHosted.statusCode, 400);
  assert.match(notHosted.body, /This gateway does not host GOV\/71000002\/register-b\./);
  const estonian = await form(`${PAGE}?lang=et`, { client: 'vale' }, session);
  assert.match(estonian.body, /Sisesta kliendi alamsüsteem kujul KLASS\/KOOD\/ALAMSÜSTEEM/);
  const korean = await form(`${PAGE}?lang=ko`, { client: 'vale' }, session);
  assert.match(korean.body, /CLASS\/CODE\/SUBSYSTEM 형식으로 입력하세요/);
  // Without the form's token nothing is changed either.
  assert.equal((await form(PAGE, { client: 'GOV/71000002/register-b' }, { cookie: session.cookie, token: 'forged' })).statusCode, 403);
  assert.deepEqual(await hosted(), ['GOV/71000001/register-a']);
  assert.equal((await registryEvents(deps.db)).length, eventsBefore);
  assert.equal((await call({ url: '/exchange/console/gateways/GOV/70007340/nowhere/clients', headers: OPERATOR })).statusCode, 404);
});
