// SPDX-License-Identifier: Apache-2.0
import { randomUUID } from 'node:crypto';
import { appendEvents, type LogEvent } from '@tessera/platform';
import { describeGrant, type AccessGrant } from './access-rights.ts';
import { gatewayKey, gatewayIdIssues, memberIdIssues, memberKey, serviceIdIssues, serviceKey, subsystemIdIssues, subsystemKey, type SubsystemId } from './identifiers.ts';
import { nameIssues, throwIfInvalid } from './input-checks.ts';
import type { GatewayClient } from './gateway-clients.ts';
import type { NewMember } from './members.ts';
import type { RegistryDeps } from './registry-deps.ts';
import { accessRights, gatewayClients, members, services, subsystems } from './schema.ts';
import { endpointIssues, type NewService } from './services.ts';

/** What an enrolment enters: members, their subsystems, REST services, whole-service grants and hosted clients. */
export interface RegistryEntries {
  members?: readonly NewMember[];
  subsystems?: readonly SubsystemId[];
  services?: ReadonlyArray<Extract<NewService, { type: 'REST' }>>;
  grants?: ReadonlyArray<Pick<AccessGrant, 'client' | 'service'>>;
  gatewayClients?: readonly GatewayClient[];
}

/**
 * Enters many registry entries in one transaction, leaving alone what is already there: what
 * the single operations do one transaction each, for a federation's enrolment of a few hundred
 * agencies. Each entry added gets the same transparency-log event its single operation records;
 * an entry already held records nothing. Returns how many entries were added.
 */
export async function enrolEntries(deps: RegistryDeps, actor: string, entries: RegistryEntries): Promise<number> {
  const issues = [
    ...(entries.members ?? []).flatMap((m, i) => [...memberIdIssues(m, `/members/${i}`), ...nameIssues(m.name, `/members/${i}/name`)]),
    ...(entries.subsystems ?? []).flatMap((s, i) => subsystemIdIssues(s, `/subsystems/${i}`)),
    ...(entries.services ?? []).flatMap((s, i) => [...serviceIdIssues(s, `/services/${i}`), ...endpointIssues(s.endpoints, `/services/${i}/endpoints`)]),
    ...(entries.grants ?? []).flatMap((g, i) => [...subsystemIdIssues(g.client, `/grants/${i}/client`), ...serviceIdIssues(g.service, `/grants/${i}/service`)]),
    ...(entries.gatewayClients ?? []).flatMap((c, i) => [...gatewayIdIssues(c.gateway, `/gatewayClients/${i}/gateway`), ...subsystemIdIssues(c.client, `/gatewayClients/${i}/client`)]),
  ];
  throwIfInvalid(issues);
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const events: LogEvent[] = [];
    const event = (type: string, subject: string, data: Record<string, unknown>) => events.push({ context: 'exchange_registry', type, subject, actor, at: now, data });
    if (entries.members?.length) {
      const added = await tx.insert(members).values(entries.members.map((m) => ({ memberClass: m.memberClass, memberCode: m.memberCode, name: m.name.trim(), createdAt: now })))
        .onConflictDoNothing().returning({ memberClass: members.memberClass, memberCode: members.memberCode });
      for (const id of added) event('member.added', memberKey(id), id);
    }
    if (entries.subsystems?.length) {
      const added = await tx.insert(subsystems).values(entries.subsystems.map((s) => ({ memberClass: s.memberClass, memberCode: s.memberCode, subsystemCode: s.subsystemCode, createdAt: now })))
        .onConflictDoNothing().returning({ memberClass: subsystems.memberClass, memberCode: subsystems.memberCode, subsystemCode: subsystems.subsystemCode });
      for (const id of added) event('subsystem.added', subsystemKey(id), id);
    }
    if (entries.services?.length) {
      const added = await tx.insert(services).values(entries.services.map((s) => ({
        id: randomUUID(), memberClass: s.memberClass, memberCode: s.memberCode, subsystemCode: s.subsystemCode, serviceCode: s.serviceCode, serviceVersion: s.serviceVersion ?? null,
        type: 'REST' as const, openapi: null, endpoints: s.endpoints.map((e) => ({ method: e.method, path: e.path })), handlesPersonalData: s.handlesPersonalData, createdAt: now,
      }))).onConflictDoNothing().returning();
      for (const s of added) {
        const id = { memberClass: s.memberClass, memberCode: s.memberCode, subsystemCode: s.subsystemCode, serviceCode: s.serviceCode, serviceVersion: s.serviceVersion };
        event('service.added', serviceKey(id), { ...id, type: s.type, handlesPersonalData: s.handlesPersonalData, openapiSha256: null, endpoints: s.endpoints.length });
      }
    }
    if (entries.grants?.length) {
      const ids = new Map((await tx.select({ id: services.id, memberClass: services.memberClass, memberCode: services.memberCode, subsystemCode: services.subsystemCode, serviceCode: services.serviceCode, serviceVersion: services.serviceVersion })
        .from(services)).map((s) => [serviceKey(s), s.id]));
      const rows = entries.grants.map((g) => {
        const serviceId = ids.get(serviceKey(g.service));
        if (!serviceId) throwIfInvalid([{ code: 'not_found', path: '/grants', message: `No service ${serviceKey(g.service)} is registered.` }]);
        return { grant: g, row: { id: randomUUID(), clientMemberClass: g.client.memberClass, clientMemberCode: g.client.memberCode, clientSubsystemCode: g.client.subsystemCode, serviceId: serviceId!, method: null, path: null, grantedAt: now } };
      });
      const added = new Set((await tx.insert(accessRights).values(rows.map((r) => r.row)).onConflictDoNothing().returning({ id: accessRights.id })).map((r) => r.id));
      for (const { grant, row } of rows) if (added.has(row.id)) event('access.granted', serviceKey(grant.service), { id: row.id, ...describeGrant(grant) });
    }
    if (entries.gatewayClients?.length) {
      const added = await tx.insert(gatewayClients).values(entries.gatewayClients.map((c) => ({
        memberClass: c.gateway.memberClass, memberCode: c.gateway.memberCode, serverCode: c.gateway.serverCode,
        clientMemberClass: c.client.memberClass, clientMemberCode: c.client.memberCode, clientSubsystemCode: c.client.subsystemCode, addedAt: now,
      }))).onConflictDoNothing().returning();
      for (const r of added) {
        const gateway = { memberClass: r.memberClass, memberCode: r.memberCode, serverCode: r.serverCode };
        event('gateway.client_added', gatewayKey(gateway), { gateway, client: { memberClass: r.clientMemberClass, memberCode: r.clientMemberCode, subsystemCode: r.clientSubsystemCode } });
      }
    }
    await appendEvents(tx, events);
    return events.length;
  });
}
