// SPDX-License-Identifier: Apache-2.0
// Response bodies of the metadata services (PR-MREST): listClients as JSON or XML,
// listMethods/allowedMethods as JSON. The caller picks the members and services (and, for
// allowedMethods, filters by the client's rights); these builders only give them X-Road's shape.
import { type ClientId, type ServiceId, isMetadataServiceCode } from './identifiers.ts';

export type ListedClient = { readonly id: ClientId; readonly name: string };

export type ClientIdJson = {
  object_type: 'MEMBER' | 'SUBSYSTEM';
  xroad_instance: string;
  member_class: string;
  member_code: string;
  subsystem_code?: string;
};

export type ClientListJson = { member: Array<{ id: ClientIdJson; name: string }> };

function clientIdJson(id: ClientId): ClientIdJson {
  const base = { xroad_instance: id.instance, member_class: id.memberClass, member_code: id.memberCode };
  // A member has no subsystem_code key at all, as in X-Road's own answers.
  return id.subsystemCode === undefined
    ? { object_type: 'MEMBER', ...base }
    : { object_type: 'SUBSYSTEM', ...base, subsystem_code: id.subsystemCode };
}

/** `GET /listClients` with `Accept: application/json`. */
export function listClientsJson(members: readonly ListedClient[]): ClientListJson {
  return { member: members.map((m) => ({ id: clientIdJson(m.id), name: m.name })) };
}

// Characters XML 1.0 cannot hold at all become U+FFFD, so the document stays well-formed
// whatever a member's name contains. (Lone surrogates included.)
const NOT_XML_CHAR = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

function xmlText(text: string): string {
  return text.replace(NOT_XML_CHAR, '\ufffd')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/**
 * `GET /listClients` without JSON in Accept: X-Road's `clientList` document (PR-META annex A):
 *
 *   <?xml version="1.0" encoding="UTF-8"?>
 *   <xrd:clientList xmlns:xrd="http://x-road.eu/xsd/xroad.xsd" xmlns:id="http://x-road.eu/xsd/identifiers">
 *     <xrd:member>
 *       <xrd:id id:objectType="MEMBER|SUBSYSTEM">
 *         <id:xRoadInstance/><id:memberClass/><id:memberCode/>[<id:subsystemCode/>]
 *       </xrd:id>
 *       <xrd:name/>
 *     </xrd:member>…
 *   </xrd:clientList>
 *
 * One element per line, two-space indents; served as `text/xml; charset=utf-8`.
 */
export function listClientsXml(members: readonly ListedClient[]): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<xrd:clientList xmlns:xrd="http://x-road.eu/xsd/xroad.xsd" xmlns:id="http://x-road.eu/xsd/identifiers">',
  ];
  for (const { id, name } of members) {
    lines.push(
      '  <xrd:member>',
      `    <xrd:id id:objectType="${id.subsystemCode === undefined ? 'MEMBER' : 'SUBSYSTEM'}">`,
      `      <id:xRoadInstance>${xmlText(id.instance)}</id:xRoadInstance>`,
      `      <id:memberClass>${xmlText(id.memberClass)}</id:memberClass>`,
      `      <id:memberCode>${xmlText(id.memberCode)}</id:memberCode>`,
    );
    if (id.subsystemCode !== undefined) lines.push(`      <id:subsystemCode>${xmlText(id.subsystemCode)}</id:subsystemCode>`);
    lines.push('    </xrd:id>', `    <xrd:name>${xmlText(name)}</xrd:name>`, '  </xrd:member>');
  }
  lines.push('</xrd:clientList>', '');
  return lines.join('\n');
}

/** One endpoint of a service; X-Road writes `*` for any method and for a path segment wildcard. */
export type Endpoint = { readonly method: string; readonly path: string };

export type ListedService = {
  readonly id: ServiceId;
  /** OPENAPI when the service is described by an OpenAPI document, REST when only by endpoints. */
  readonly type: 'REST' | 'OPENAPI';
  readonly endpoints: readonly Endpoint[];
};

export type ServiceJson = {
  object_type: 'SERVICE';
  xroad_instance: string;
  member_class: string;
  member_code: string;
  subsystem_code: string;
  service_code: string;
  service_version?: string;
  service_type: 'REST' | 'OPENAPI';
  endpoint_list: Array<{ method: string; path: string }>;
};

export type ServiceListJson = { service: ServiceJson[] };

/**
 * `listMethods` / `allowedMethods` (PR-MREST §4). Metadata services are never listed
 * (PR-MREST: "SHALL NOT contain names of the metainfo services"), even if passed in.
 */
export function listMethodsJson(services: readonly ListedService[]): ServiceListJson {
  return {
    service: services.filter((s) => !isMetadataServiceCode(s.id.serviceCode)).map(({ id, type, endpoints }) => ({
      object_type: 'SERVICE',
      xroad_instance: id.instance,
      member_class: id.memberClass,
      member_code: id.memberCode,
      subsystem_code: id.subsystemCode,
      service_code: id.serviceCode,
      ...(id.serviceVersion === undefined ? {} : { service_version: id.serviceVersion }),
      service_type: type,
      endpoint_list: endpoints.map((e) => ({ method: e.method, path: e.path })),
    })),
  };
}
