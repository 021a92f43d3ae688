// SPDX-License-Identifier: Apache-2.0
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatClientId, formatServiceId, formatServicePath, parseClientHeader, parseGatewayPath, parseSecurityServerHeader,
  parseServicePath,
} from './identifiers.ts';

const rejectsWith = (fault: string, fn: () => unknown) => assert.throws(fn, { fault });

test('a service path yields the service id, the remaining path and the raw query', () => {
  const parsed = parseServicePath('/r1/EE/GOV/70000001/population/personData/v1/persons/38001085718?fields=name&x=%20');
  assert.deepEqual(parsed, {
    service: { instance: 'EE', memberClass: 'GOV', memberCode: '70000001', subsystemCode: 'population', serviceCode: 'personData' },
    servicePath: '/v1/persons/38001085718',
    query: '?fields=name&x=%20',
  });
});

test('a service path without extra path or query has empty servicePath and query', () => {
  const parsed = parseServicePath('/r1/EE/GOV/70000001/population/personData');
  assert.equal(parsed.servicePath, '');
  assert.equal(parsed.query, '');
});

test('identifier parts are percent-decoded one by one as UTF-8', () => {
  const { service } = parseServicePath('/r1/EE/GOV/70000001/v%C3%B5lad/s%C3%BCnd%20aeg');
  assert.equal(service.subsystemCode, 'võlad');
  assert.equal(service.serviceCode, 'sünd aeg');
});

test('an encoded slash inside an identifier part is refused, so it cannot smuggle path segments', () => {
  rejectsWith('Client.InvalidServiceIdentifier', () => parseServicePath('/r1/EE/GOV/70000001/sub/svc%2F..%2Fadmin'));
  rejectsWith('Client.InvalidServiceIdentifier', () => parseServicePath('/r1/EE/GOV/70000001/sub%2fother/svc'));
});

test('encoded slashes in the service path after the service code pass through raw', () => {
  assert.equal(parseServicePath('/r1/EE/GOV/1/sub/svc/files/a%2Fb').servicePath, '/files/a%2Fb');
});

test('dot segments and empty segments in the service path are refused', () => {
  for (const bad of ['/r1/EE/GOV/1/sub/svc/../admin', '/r1/EE/GOV/1/sub/svc/%2e%2E/admin', '/r1/EE/GOV/1/sub/svc/./x', '/r1/EE/GOV/1/sub/svc//evil.example/x']) {
    rejectsWith('Client.BadRequest', () => parseServicePath(bad));
  }
  assert.equal(parseServicePath('/r1/EE/GOV/1/sub/svc/dir/').servicePath, '/dir/');
});

test('a request URI longer than 2000 characters is refused', () => {
  const base = '/r1/EE/GOV/1/sub/svc?q=';
  assert.doesNotThrow(() => parseServicePath(base + 'a'.repeat(2000 - base.length)));
  rejectsWith('Client.BadRequest', () => parseServicePath(base + 'a'.repeat(2001 - base.length)));
});

test('protocol versions other than r1 are refused', () => {
  rejectsWith('Client.BadRequest', () => parseServicePath('/r2/EE/GOV/1/sub/svc'));
  rejectsWith('Client.BadRequest', () => parseServicePath('/R1/EE/GOV/1/sub/svc'));
  rejectsWith('Client.BadRequest', () => parseServicePath('/EE/GOV/1/sub/svc'));
});

test('a service path with missing or empty identifier parts is refused', () => {
  rejectsWith('Client.InvalidServiceIdentifier', () => parseServicePath('/r1/EE/GOV/1/sub'));
  rejectsWith('Client.InvalidServiceIdentifier', () => parseServicePath('/r1/EE/GOV/1/sub?x=svc'));
  rejectsWith('Client.InvalidServiceIdentifier', () => parseServicePath('/r1/EE//1/sub/svc'));
});

test('identifier parts with "..", control characters, bad encoding or over 255 characters are refused', () => {
  for (const part of ['a..b', '%00x', '%E2%80%AEx', '%C3', 'a'.repeat(256)]) {
    rejectsWith('Client.InvalidServiceIdentifier', () => parseServicePath(`/r1/EE/GOV/1/${part}/svc`));
  }
  assert.doesNotThrow(() => parseServicePath(`/r1/EE/GOV/1/${'a'.repeat(255)}/svc`));
});

test('repeated query parameters are passed through raw for the provider to judge', () => {
  assert.equal(parseServicePath('/r1/EE/GOV/1/sub/svc?id=1&id=2&id=%31').query, '?id=1&id=2&id=%31');
});

test('characters that must be encoded are refused in the path and the query', () => {
  rejectsWith('Client.BadRequest', () => parseServicePath('/r1/EE/GOV/1/sub/svc/a b'));
  rejectsWith('Client.BadRequest', () => parseServicePath('/r1/EE/GOV/1/sub/svc?a=b#frag'));
  rejectsWith('Client.BadRequest', () => parseServicePath('/r1/EE/GOV/1/sub/svc/a\\b'));
});

test('an X-Road-Client header with three parts names a member, with four a subsystem', () => {
  assert.deepEqual(parseClientHeader('EE/GOV/70000001'), { instance: 'EE', memberClass: 'GOV', memberCode: '70000001' });
  assert.deepEqual(parseClientHeader('EE/COM/123/v%C3%B5lad'), { instance: 'EE', memberClass: 'COM', memberCode: '123', subsystemCode: 'võlad' });
});

test('malformed X-Road-Client headers are refused as invalid client identifiers', () => {
  for (const bad of [undefined, '', 'EE/GOV', 'EE/GOV/1/sub/extra', 'EE//1', 'EE/GOV/1/', 'EE/GOV/a%2Fb', 'EE/GOV/..', 'EE/GOV/%ZZ', 'EE/GOV/õ', ['EE/GOV/1', 'EE/GOV/2']]) {
    rejectsWith('Client.InvalidClientIdentifier', () => parseClientHeader(bad));
  }
});

test('formatting a client id encodes each part but not the separators, and parses back', () => {
  const id = { instance: 'EE', memberClass: 'GOV', memberCode: '7 0', subsystemCode: 'võlad' };
  assert.equal(formatClientId(id), 'EE/GOV/7%200/v%C3%B5lad');
  assert.deepEqual(parseClientHeader(formatClientId(id)), id);
});

test('a formatted service path parses back to the same service', () => {
  const service = { instance: 'EE', memberClass: 'GOV', memberCode: '1', subsystemCode: 'sub', serviceCode: 'sünd' };
  assert.equal(formatServiceId(service), 'EE/GOV/1/sub/s%C3%BCnd');
  assert.deepEqual(parseServicePath(formatServicePath(service, '/x', '?a=1')), { service, servicePath: '/x', query: '?a=1' });
});

test('X-Road-Security-Server needs four parts and is optional', () => {
  assert.deepEqual(parseSecurityServerHeader('EE/GOV/1/gw1'), { instance: 'EE', memberClass: 'GOV', memberCode: '1', serverCode: 'gw1' });
  assert.equal(parseSecurityServerHeader(undefined), undefined);
  rejectsWith('Client.InvalidSecurityServer', () => parseSecurityServerHeader('EE/GOV/1'));
});

test('the gateway path classifier recognises listClients with and without an instance', () => {
  assert.deepEqual(parseGatewayPath('/listClients'), { kind: 'listClients' });
  assert.deepEqual(parseGatewayPath('/listClients?xRoadInstance=FI'), { kind: 'listClients', instance: 'FI' });
  rejectsWith('Client.BadRequest', () => parseGatewayPath('/listClients?xRoadInstance=FI&xRoadInstance=EE'));
  rejectsWith('Client.BadRequest', () => parseGatewayPath('/listServices'));
});

test('the gateway path classifier recognises listMethods, allowedMethods and getOpenAPI', () => {
  const provider = { instance: 'EE', memberClass: 'GOV', memberCode: '1', subsystemCode: 'sub' };
  assert.deepEqual(parseGatewayPath('/r1/EE/GOV/1/sub/listMethods'), { kind: 'listMethods', provider });
  assert.deepEqual(parseGatewayPath('/r1/EE/GOV/1/sub/allowedMethods'), { kind: 'allowedMethods', provider });
  assert.deepEqual(parseGatewayPath('/r1/EE/GOV/1/sub/getOpenAPI?serviceCode=personData'), { kind: 'getOpenAPI', provider, serviceCode: 'personData' });
  rejectsWith('Client.BadRequest', () => parseGatewayPath('/r1/EE/GOV/1/sub/getOpenAPI'));
  rejectsWith('Client.BadRequest', () => parseGatewayPath('/r1/EE/GOV/1/sub/listMethods/extra'));
});

test('the gateway path classifier passes ordinary service calls on', () => {
  const parsed = parseGatewayPath('/r1/EE/GOV/1/sub/personData/v1?q=1');
  assert.equal(parsed.kind, 'service');
  assert.ok(parsed.kind === 'service' && parsed.servicePath === '/v1' && parsed.query === '?q=1');
});
