// SPDX-License-Identifier: Apache-2.0
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { listClientsJson, listClientsXml, listMethodsJson } from './metadata.ts';

const members = [
  { id: { instance: 'EE', memberClass: 'GOV', memberCode: '70000001' }, name: 'Rahvastikuregister' },
  { id: { instance: 'EE', memberClass: 'GOV', memberCode: '70000001', subsystemCode: 'population' }, name: 'A & B <"Õ\'> \u0001' },
];

test('listClients JSON marks members and subsystems and omits subsystem_code for members', () => {
  assert.deepEqual(listClientsJson(members), {
    member: [
      { id: { object_type: 'MEMBER', xroad_instance: 'EE', member_class: 'GOV', member_code: '70000001' }, name: 'Rahvastikuregister' },
      {
        id: { object_type: 'SUBSYSTEM', xroad_instance: 'EE', member_class: 'GOV', member_code: '70000001', subsystem_code: 'population' },
        name: 'A & B <"Õ\'> \u0001',
      },
    ],
  });
  assert.ok(!('subsystem_code' in (listClientsJson(members).member[0]?.id ?? {})));
});

test('listClients XML follows X-Road\'s clientList shape and escapes text', () => {
  const xml = listClientsXml(members);
  assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<xrd:clientList xmlns:xrd="http://x-road.eu/xsd/xroad.xsd" xmlns:id="http://x-road.eu/xsd/identifiers">'));
  assert.match(xml, /<xrd:id id:objectType="MEMBER">\n {6}<id:xRoadInstance>EE<\/id:xRoadInstance>\n {6}<id:memberClass>GOV<\/id:memberClass>\n {6}<id:memberCode>70000001<\/id:memberCode>\n {4}<\/xrd:id>/);
  assert.match(xml, /<xrd:id id:objectType="SUBSYSTEM">[\s\S]*<id:subsystemCode>population<\/id:subsystemCode>/);
  assert.ok(xml.includes('<xrd:name>A &amp; B &lt;&quot;Õ&apos;&gt; \ufffd</xrd:name>'));
  assert.equal((xml.match(/<xrd:member>/g) ?? []).length, 2);
  assert.equal((xml.match(/<\/xrd:member>/g) ?? []).length, 2);
  assert.ok(xml.trimEnd().endsWith('</xrd:clientList>'));
});

test('an empty client list is still a well-formed clientList', () => {
  assert.match(listClientsXml([]), /<xrd:clientList [^>]+>\n<\/xrd:clientList>\n$/);
  assert.deepEqual(listClientsJson([]), { member: [] });
});

const service = (serviceCode: string, serviceVersion?: string) => ({
  instance: 'EE', memberClass: 'GOV', memberCode: '1', subsystemCode: 'sub', serviceCode, ...(serviceVersion ? { serviceVersion } : {}),
});

test('listMethods JSON has X-Road\'s service shape with endpoints', () => {
  assert.deepEqual(listMethodsJson([
    { id: service('pets'), type: 'OPENAPI', endpoints: [{ method: 'GET', path: '/pet/*' }, { method: 'POST', path: '/pet' }] },
    { id: service('kore', 'v2'), type: 'REST', endpoints: [] },
  ]), {
    service: [
      {
        object_type: 'SERVICE', xroad_instance: 'EE', member_class: 'GOV', member_code: '1', subsystem_code: 'sub', service_code: 'pets',
        service_type: 'OPENAPI', endpoint_list: [{ method: 'GET', path: '/pet/*' }, { method: 'POST', path: '/pet' }],
      },
      {
        object_type: 'SERVICE', xroad_instance: 'EE', member_class: 'GOV', member_code: '1', subsystem_code: 'sub', service_code: 'kore',
        service_version: 'v2', service_type: 'REST', endpoint_list: [],
      },
    ],
  });
});

test('metadata services are never listed', () => {
  const listed = listMethodsJson(['listMethods', 'allowedMethods', 'getOpenAPI', 'pets'].map((code) => ({ id: service(code), type: 'REST' as const, endpoints: [] })));
  assert.deepEqual(listed.service.map((s) => s.service_code), ['pets']);
});
