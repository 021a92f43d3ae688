// SPDX-License-Identifier: Apache-2.0
import { eq } from 'drizzle-orm';
import type { Database } from '@tessera/platform';
import { memberKey, serviceKey, subsystemKey } from './identifiers.ts';
import { gatewayClientKey } from './gateway-clients.ts';
import { accessRights, gatewayClients, members, services, subsystems, trustedCas } from './schema.ts';

/** What the registry holds, by key: enough to tell what of an enrolment is already there. */
export interface RegistryContents {
  /** `memberKey`s. */
  members: Set<string>;
  /** `subsystemKey`s. */
  subsystems: Set<string>;
  /** `serviceKey`s. */
  services: Set<string>;
  /** `grantKey`s. */
  grants: Set<string>;
  /** SHA-256 (hex) of each trusted CA certificate. */
  trustedCas: Set<string>;
  /** `gatewayClientKey`s: which gateway hosts which other member's subsystem. */
  gatewayClients: Set<string>;
}

/** Key of an access right: client subsystem, service, method and path (absent: any). */
export const grantKey = (client: string, service: string, method: string | null = null, path: string | null = null): string =>
  JSON.stringify([client, service, method, path]);

/** Reads the registry's members, subsystems, services, access rights, trusted CAs and hosted clients in six queries. */
export async function registryContents(db: Database): Promise<RegistryContents> {
  const [memberRows, subsystemRows, serviceRows, grantRows, caRows, clientRows] = await Promise.all([
    db.select({ memberClass: members.memberClass, memberCode: members.memberCode }).from(members),
    db.select({ memberClass: subsystems.memberClass, memberCode: subsystems.memberCode, subsystemCode: subsystems.subsystemCode }).from(subsystems),
    db.select({ memberClass: services.memberClass, memberCode: services.memberCode, subsystemCode: services.subsystemCode, serviceCode: services.serviceCode, serviceVersion: services.serviceVersion }).from(services),
    db.select({
      client: { memberClass: accessRights.clientMemberClass, memberCode: accessRights.clientMemberCode, subsystemCode: accessRights.clientSubsystemCode },
      service: { memberClass: services.memberClass, memberCode: services.memberCode, subsystemCode: services.subsystemCode, serviceCode: services.serviceCode, serviceVersion: services.serviceVersion },
      method: accessRights.method, path: accessRights.path,
    }).from(accessRights).innerJoin(services, eq(accessRights.serviceId, services.id)),
    db.select({ sha256: trustedCas.sha256 }).from(trustedCas),
    db.select().from(gatewayClients),
  ]);
  return {
    members: new Set(memberRows.map(memberKey)),
    subsystems: new Set(subsystemRows.map(subsystemKey)),
    services: new Set(serviceRows.map(serviceKey)),
    grants: new Set(grantRows.map((g) => grantKey(subsystemKey(g.client), serviceKey(g.service), g.method, g.path))),
    trustedCas: new Set(caRows.map((c) => c.sha256)),
    gatewayClients: new Set(clientRows.map((c) => gatewayClientKey(c, { memberClass: c.clientMemberClass, memberCode: c.clientMemberCode, subsystemCode: c.clientSubsystemCode }))),
  };
}
