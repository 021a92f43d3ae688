// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Storage } from '@tessera/platform';
import { grantAccess, revokeAccess } from './access-rights.ts';
import type { GlobalConfiguration } from './configuration-document.ts';
import { gatewaysOf, isAccessAllowed, messageSigner, servesSubsystem } from './configuration-lookup.ts';
import { addGatewayClient } from './gateway-clients.ts';
import { GatewayClientExists } from '../exchange-errors.ts';
import { buildGlobalConfiguration } from './global-configuration.ts';
import { addMember, addSubsystem } from './members.ts';
import { matchesPath, pathPatternIssues } from './path-pattern.ts';
import type { RegistryDeps } from './registry-deps.ts';
import { addService } from './services.ts';
import { openRegistry } from './test-fixtures.ts';

let storage: Storage;
let deps: RegistryDeps;
const provider = { memberClass: 'GOV', memberCode: '70000001', subsystemCode: 'population' };
const persons = { ...provider, serviceCode: 'persons', serviceVersion: 'v1' };
const addresses = { ...provider, serviceCode: 'addresses' };
const bank = { memberClass: 'COM', memberCode: '10000001', subsystemCode: 'kyc' };
const insurer = { memberClass: 'COM', memberCode: '10000002', subsystemCode: 'claims' };
const stranger = { memberClass: 'COM', memberCode: '10000003', subsystemCode: 'ads' };

const configuration = async (): Promise<GlobalConfiguration> => buildGlobalConfiguration(deps.db, { instance: 'TESSERA', clock: deps.clock, validityMinutes: 10 });

before(async () => {
  ({ storage, deps } = await openRegistry());
  for (const s of [provider, bank, insurer, stranger]) {
    if (s !== provider) await addMember(deps, 'op', { memberClass: s.memberClass, memberCode: s.memberCode, name: s.subsystemCode });
    else await addMember(deps, 'op', { memberClass: 'GOV', memberCode: '70000001', name: 'Population Register' });
    await addSubsystem(deps, 'op', s);
  }
  await addService(deps, 'op', { ...persons, type: 'REST', endpoints: [{ method: '*', path: '/persons/*' }], handlesPersonalData: true });
  await addService(deps, 'op', { ...addresses, type: 'REST', endpoints: [{ method: 'GET', path: '/addresses' }], handlesPersonalData: false });
  await grantAccess(deps, 'op', { client: bank, service: persons });
  await grantAccess(deps, 'op', { client: insurer, service: persons, method: 'GET', path: '/persons/*/address' });
});
after(async () => storage.close());

test('a client with an unrestricted grant may call any method and path of that service only', async () => {
  const config = await configuration();
  assert.equal(isAccessAllowed(config, bank, persons, 'GET', '/persons/123'), true);
  assert.equal(isAccessAllowed(config, bank, persons, 'POST', '/persons'), true);
  assert.equal(isAccessAllowed(config, bank, addresses, 'GET', '/addresses'), false, 'a grant covers one service');
  assert.equal(isAccessAllowed(config, bank, { ...persons, serviceVersion: 'v2' }, 'GET', '/persons/1'), false, 'nor another version of it');
  assert.equal(isAccessAllowed(config, bank, { ...persons, serviceVersion: null }, 'GET', '/persons/1'), false);
});

test('a client without a grant is refused', async () => {
  const config = await configuration();
  assert.equal(isAccessAllowed(config, stranger, persons, 'GET', '/persons/123'), false);
  assert.equal(isAccessAllowed(config, { ...bank, subsystemCode: 'other' }, persons, 'GET', '/persons/123'), false);
});

test('a restricted grant allows only its method and matching paths', async () => {
  const config = await configuration();
  assert.equal(isAccessAllowed(config, insurer, persons, 'GET', '/persons/123/address'), true);
  assert.equal(isAccessAllowed(config, insurer, persons, 'GET', '/persons/123/address?fields=street'), true);
  assert.equal(isAccessAllowed(config, insurer, persons, 'POST', '/persons/123/address'), false);
  assert.equal(isAccessAllowed(config, insurer, persons, 'GET', '/persons/123'), false);
  assert.equal(isAccessAllowed(config, insurer, persons, 'GET', '/persons/123/address/history'), false);
  assert.equal(isAccessAllowed(config, insurer, persons, 'GET', '/persons/123/../123/address'), false);
});

test('a revoked grant is gone from the next configuration', async () => {
  await revokeAccess(deps, 'op', { client: bank, service: persons });
  assert.equal(isAccessAllowed(await configuration(), bank, persons, 'GET', '/persons/123'), false);
  await grantAccess(deps, 'op', { client: bank, service: persons });
});

test('path patterns: exact, a trailing /* for everything below, * for one segment', () => {
  assert.equal(matchesPath('/persons', '/persons'), true);
  assert.equal(matchesPath('/persons', '/persons/'), false);
  assert.equal(matchesPath('/persons', '/persons/1'), false);
  assert.equal(matchesPath('/persons/*', '/persons'), false);
  assert.equal(matchesPath('/persons/*', '/persons/1'), true);
  assert.equal(matchesPath('/persons/*', '/persons/1/address'), true);
  assert.equal(matchesPath('/persons/*/address', '/persons/1/address'), true);
  assert.equal(matchesPath('/persons/*/address', '/persons/1/2/address'), false);
  assert.equal(matchesPath('/*', '/'), false);
  assert.equal(matchesPath('/*', '/anything/at/all'), true);
  assert.equal(matchesPath('/', '/'), true);
});

test('request paths that could mean something else to the server behind match nothing', () => {
  for (const path of ['/persons/../admin', '/persons/./1', '/persons//1', '/persons/1%2f..%2fadmin', '/persons/%2e%2e', '/persons\\1', 'persons/1', '']) {
    assert.equal(matchesPath('/persons/*', path), false, path);
  }
});

test('malformed path patterns are refused', () => {
  for (const pattern of ['persons', '/persons/', '/a//b', '/a/../b', '/a b', '/a/**x']) {
    assert.equal(pathPatternIssues(pattern, '/path').length, 1, pattern);
  }
  assert.deepEqual(pathPatternIssues('/persons/*/address', '/path'), []);
});

test('a subsystem a gateway hosts is served by that gateway only; any other by its own member’s gateways; messages are signed as the gateway for its owner and as the member for a hosted one', async () => {
  const shared = { memberClass: 'COM', memberCode: '10000003', serverCode: 'shared' };
  const before = await configuration();
  assert.equal(servesSubsystem(before, { ...provider, serverCode: 'gw1' }, provider), true, 'unhosted: its own member’s gateway');
  assert.equal(servesSubsystem(before, shared, provider), false);
  await addGatewayClient(deps, 'op', { gateway: shared, client: bank });
  await assert.rejects(addGatewayClient(deps, 'op', { gateway: shared, client: bank }), GatewayClientExists);
  await assert.rejects(addGatewayClient(deps, 'op', { gateway: shared, client: { ...bank, subsystemCode: 'nope' } }), { code: 'ERR_NOT_FOUND' });
  const after = await configuration();
  // The shared gateway is not registered in this registry, so it is listed by no gateway entry: the rule is by identifier.
  assert.equal(servesSubsystem(after, shared, bank), false, 'a hosting gateway counts once it is registered with its clients');
  const withGateway: GlobalConfiguration = { ...after, gateways: [{ ...shared, address: 'https://shared.test', certificate: '', certificateSha256: 'ab', clients: [bank] }] };
  assert.equal(servesSubsystem(withGateway, shared, bank), true);
  assert.equal(servesSubsystem(withGateway, { memberClass: 'COM', memberCode: '10000001', serverCode: 'gw1' }, bank), false, 'its member’s own gateway no longer serves it');
  assert.equal(servesSubsystem(withGateway, shared, insurer), false, 'hosting one member’s subsystem serves no other');
  assert.deepEqual(gatewaysOf(withGateway, bank).map((g) => g.serverCode), ['shared']);
  assert.equal(messageSigner('TESSERA', shared, bank), 'TESSERA/COM/10000001');
  assert.equal(messageSigner('TESSERA', shared, { memberClass: 'COM', memberCode: '10000003' }), 'TESSERA/COM/10000003/shared');
});
