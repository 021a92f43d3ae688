// SPDX-License-Identifier: Apache-2.0
import { and, asc, eq } from 'drizzle-orm';
import { NotFound, type Database } from '@tessera/platform';
import { GatewayClientExists } from '../exchange-errors.ts';
import { gatewayIdIssues, gatewayKey, subsystemIdIssues, subsystemKey, type GatewayId, type SubsystemId } from './identifiers.ts';
import { throwIfInvalid, uniquely } from './input-checks.ts';
import { requireMember, requireSubsystem } from './members.ts';
import { recordRegistryChange } from './record-registry-change.ts';
import type { RegistryDeps } from './registry-deps.ts';
import { gatewayClients } from './schema.ts';

export interface GatewayClient {
  /** The hosting gateway (X-Road security server), by its identifier. */
  gateway: GatewayId;
  /** Another member's subsystem it serves from now on, instead of that member's own gateways. */
  client: SubsystemId;
}

/** Key of a hosted client: `gatewayKey ▸ subsystemKey`. */
export const gatewayClientKey = (gateway: GatewayId, client: SubsystemId): string => `${gatewayKey(gateway)}>${subsystemKey(client)}`;

/**
 * Registers a subsystem as a client of a gateway it does not own (X-Road: a security server's
 * client). From the next global configuration the subsystem's messages go through that gateway
 * only, each signed with its member's own key there.
 */
export async function addGatewayClient(deps: RegistryDeps, actor: string, input: GatewayClient): Promise<void> {
  throwIfInvalid([...gatewayIdIssues(input.gateway, '/gateway'), ...subsystemIdIssues(input.client, '/client')]);
  const gateway = { memberClass: input.gateway.memberClass, memberCode: input.gateway.memberCode, serverCode: input.gateway.serverCode };
  const client = { memberClass: input.client.memberClass, memberCode: input.client.memberCode, subsystemCode: input.client.subsystemCode };
  await deps.db.transaction(async (tx) => {
    await requireMember(tx, gateway);
    await requireSubsystem(tx, client);
    await uniquely(
      tx.insert(gatewayClients).values({ ...gateway, clientMemberClass: client.memberClass, clientMemberCode: client.memberCode, clientSubsystemCode: client.subsystemCode, addedAt: deps.clock.now() }),
      (cause) => new GatewayClientExists(`Gateway ${gatewayKey(gateway)} already hosts ${subsystemKey(client)}.`, { cause }),
    );
    await recordRegistryChange(tx, deps.clock, { type: 'gateway.client_added', subject: gatewayKey(gateway), actor, data: { gateway, client } });
  });
}

/**
 * Ends the hosting of a subsystem on a gateway: from the next global configuration its messages
 * go through its own member's gateways again. Refused (404) when the gateway does not host it.
 */
export async function removeGatewayClient(deps: RegistryDeps, actor: string, input: GatewayClient): Promise<void> {
  throwIfInvalid([...gatewayIdIssues(input.gateway, '/gateway'), ...subsystemIdIssues(input.client, '/client')]);
  const gateway = { memberClass: input.gateway.memberClass, memberCode: input.gateway.memberCode, serverCode: input.gateway.serverCode };
  const client = { memberClass: input.client.memberClass, memberCode: input.client.memberCode, subsystemCode: input.client.subsystemCode };
  await deps.db.transaction(async (tx) => {
    const removed = await tx.delete(gatewayClients).where(and(
      eq(gatewayClients.memberClass, gateway.memberClass), eq(gatewayClients.memberCode, gateway.memberCode), eq(gatewayClients.serverCode, gateway.serverCode),
      eq(gatewayClients.clientMemberClass, client.memberClass), eq(gatewayClients.clientMemberCode, client.memberCode), eq(gatewayClients.clientSubsystemCode, client.subsystemCode),
    )).returning({ serverCode: gatewayClients.serverCode });
    if (removed.length === 0) throw new NotFound(`Gateway ${gatewayKey(gateway)} does not host ${subsystemKey(client)}.`);
    await recordRegistryChange(tx, deps.clock, { type: 'gateway.client_removed', subject: gatewayKey(gateway), actor, data: { gateway, client } });
  });
}

/** Every hosted client, by gateway then client. */
export async function listGatewayClients(db: Database, gateway?: GatewayId): Promise<GatewayClient[]> {
  const rows = await db.select().from(gatewayClients)
    .where(gateway ? and(eq(gatewayClients.memberClass, gateway.memberClass), eq(gatewayClients.memberCode, gateway.memberCode), eq(gatewayClients.serverCode, gateway.serverCode)) : undefined)
    .orderBy(asc(gatewayClients.memberClass), asc(gatewayClients.memberCode), asc(gatewayClients.serverCode), asc(gatewayClients.clientMemberClass), asc(gatewayClients.clientMemberCode), asc(gatewayClients.clientSubsystemCode));
  return rows.map((r) => ({
    gateway: { memberClass: r.memberClass, memberCode: r.memberCode, serverCode: r.serverCode },
    client: { memberClass: r.clientMemberClass, memberCode: r.clientMemberCode, subsystemCode: r.clientSubsystemCode },
  }));
}
