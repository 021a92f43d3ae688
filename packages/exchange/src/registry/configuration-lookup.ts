// SPDX-License-Identifier: Apache-2.0
import { sameMember, sameService, sameSubsystem, type MemberId, type ServiceId, type SubsystemId } from './identifiers.ts';
import type { ConfigurationService, GlobalConfiguration } from './configuration-document.ts';
import { matchesPath } from './path-pattern.ts';

/** Lookups a gateway makes on a verified configuration; pure functions of the document. */

export type ConfigurationGateway = GlobalConfiguration['gateways'][number];

/** The gateways serving a member's subsystems: those it owns. Accepts a subsystem id too. */
export function gatewaysOf(config: GlobalConfiguration, member: MemberId): ConfigurationGateway[] {
  return config.gateways.filter((g) => sameMember(g, member));
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
