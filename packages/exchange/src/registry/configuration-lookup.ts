// SPDX-License-Identifier: Apache-2.0
import { sameMember, sameService, sameSubsystem, type GatewayId, type MemberId, type ServiceId, type SubsystemId } from './identifiers.ts';
import type { ConfigurationService, GlobalConfiguration } from './configuration-document.ts';
import { matchesPath } from './path-pattern.ts';

/** Lookups a gateway makes on a verified configuration; pure functions of the document. */

export type ConfigurationGateway = GlobalConfiguration['gateways'][number];

/** Per configuration: the gateways that host each subsystem as a client (X-Road security server clients), by subsystem key. */
const hostsByConfiguration = new WeakMap<GlobalConfiguration, Map<string, ConfigurationGateway[]>>();
function hostsOf(config: GlobalConfiguration, subsystem: SubsystemId): ConfigurationGateway[] | undefined {
  let hosts = hostsByConfiguration.get(config);
  if (!hosts) {
    hosts = new Map();
    for (const g of config.gateways) {
      for (const c of g.clients ?? []) {
        const key = `${c.memberClass}/${c.memberCode}/${c.subsystemCode}`;
        hosts.set(key, [...(hosts.get(key) ?? []), g]);
      }
    }
    hostsByConfiguration.set(config, hosts);
  }
  return hosts.get(`${subsystem.memberClass}/${subsystem.memberCode}/${subsystem.subsystemCode}`);
}

/**
 * The gateways serving a subsystem: those that host it as a client when any does, else its
 * member's own. Given a member only, its own gateways.
 */
export function gatewaysOf(config: GlobalConfiguration, member: MemberId | SubsystemId): ConfigurationGateway[] {
  const hosts = 'subsystemCode' in member && typeof member.subsystemCode === 'string' ? hostsOf(config, member) : undefined;
  return hosts ?? config.gateways.filter((g) => sameMember(g, member));
}

/**
 * Whether the gateway `gateway` (by identifier, registered or not) serves `subsystem`: it hosts
 * it, or no gateway hosts it and the gateway is its member's own.
 */
export function servesSubsystem(config: GlobalConfiguration, gateway: GatewayId, subsystem: SubsystemId): boolean {
  const hosts = hostsOf(config, subsystem);
  return hosts ? hosts.some((h) => sameMember(h, gateway) && h.serverCode === gateway.serverCode) : sameMember(gateway, subsystem);
}

/**
 * Who signs the messages of `member` that pass through `gateway`, as the signing certificate's
 * common name says: the gateway itself (instance/class/code/server) for its owner, the member
 * (instance/class/code) for a member it hosts, with that member's own key on that gateway.
 */
export function messageSigner(instance: string, gateway: GatewayId, member: MemberId): string {
  return sameMember(gateway, member) ? `${instance}/${gateway.memberClass}/${gateway.memberCode}/${gateway.serverCode}` : `${instance}/${member.memberClass}/${member.memberCode}`;
}

/** A service by its identifier; an absent version means the unversioned service. */
export function findService(config: GlobalConfiguration, service: ServiceId): ConfigurationService | undefined {
  return config.services.find((s) => sameService(s, service));
}

/**
 * Whether `client` may call `method path` on `service`: the service must exist and the client
 * must hold a grant for the whole service, or one whose method (if set) equals `method` and whose
 * path pattern (if set) matches `path`. Path patterns and which request paths never match are
 * described in path-pattern.ts.
 */
export function isAccessAllowed(config: GlobalConfiguration, client: SubsystemId, service: ServiceId, method: string, path: string): boolean {
  if (!findService(config, service)) return false;
  return config.accessRights.some((r) =>
    sameSubsystem(r.client, client)
    && sameService(r.service, service)
    && (r.method === null || r.method === method)
    && (r.path === null || matchesPath(r.path, path)));
}

/** Whether `der` is, byte for byte, one of the trusted CA certificates. */
export function isTrustedCa(config: GlobalConfiguration, der: Uint8Array): boolean {
  const candidate = Buffer.from(der);
  return config.trustedCas.some((ca) => Buffer.from(ca.certificate, 'base64').equals(candidate));
}
