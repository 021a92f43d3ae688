// SPDX-License-Identifier: Apache-2.0
import { randomUUID } from 'node:crypto';
import { and, asc, eq, isNull } from 'drizzle-orm';
import { NotFound, type Database, type ValidationIssue } from '@tessera/platform';
import { serviceIdIssues, serviceKey, subsystemIdIssues, subsystemKey, type SubsystemId } from './identifiers.ts';
import { throwIfInvalid, uniquely } from './input-checks.ts';
import { AccessRightExists } from '../exchange-errors.ts';
import { requireSubsystem } from './members.ts';
import { isHttpMethod, pathPatternIssues } from './path-pattern.ts';
import { recordRegistryChange } from './record-registry-change.ts';
import type { AccessGrant } from './registry-schemas.ts';
import type { RegistryDeps } from './registry-deps.ts';
import { accessRights, services } from './schema.ts';
import { findServiceRow, toListing, type ServiceListing } from './services.ts';

/** A client subsystem's right to call a provider's service, as the API's Grant schema defines it. */
export type { AccessGrant } from './registry-schemas.ts';

export interface Restriction {
  method: string | null;
  path: string | null;
}

export interface AllowedService extends ServiceListing {
  /** Each grant the client holds on this service; one with both null allows every request. */
  rights: Restriction[];
}

function grantIssues(grant: AccessGrant): ValidationIssue[] {
  const issues = [...subsystemIdIssues(grant.client, '/client'), ...serviceIdIssues(grant.service, '/service')];
  if (grant.method != null && !isHttpMethod(grant.method)) issues.push({ code: 'enum', path: '/method', message: 'The method is an upper-case HTTP method, or absent for any.' });
  if (grant.path != null) issues.push(...pathPatternIssues(grant.path, '/path'));
  return issues;
}

export const describeGrant = (grant: AccessGrant) => ({
  client: subsystemKey(grant.client),
  service: serviceKey(grant.service),
  method: grant.method ?? null,
  path: grant.path ?? null,
});

const sameGrant = (clientId: SubsystemId, serviceId: string, r: Restriction) => and(
  eq(accessRights.clientMemberClass, clientId.memberClass), eq(accessRights.clientMemberCode, clientId.memberCode),
  eq(accessRights.clientSubsystemCode, clientId.subsystemCode), eq(accessRights.serviceId, serviceId),
  r.method === null ? isNull(accessRights.method) : eq(accessRights.method, r.method),
  r.path === null ? isNull(accessRights.path) : eq(accessRights.path, r.path),
);

export async function grantAccess(deps: RegistryDeps, actor: string, grant: AccessGrant): Promise<{ id: string }> {
  throwIfInvalid(grantIssues(grant));
  const restriction = { method: grant.method ?? null, path: grant.path ?? null };
  return deps.db.transaction(async (tx) => {
    await requireSubsystem(tx, grant.client);
    const service = await findServiceRow(tx, grant.service);
    const id = randomUUID();
    await uniquely(
      tx.insert(accessRights).values({
        id, clientMemberClass: grant.client.memberClass, clientMemberCode: grant.client.memberCode, clientSubsystemCode: grant.client.subsystemCode,
        serviceId: service.id, ...restriction, grantedAt: deps.clock.now(),
      }),
      (cause) => new AccessRightExists('The client already holds this access right.', { cause }),
    );
    await recordRegistryChange(tx, deps.clock, { type: 'access.granted', subject: serviceKey(grant.service), actor, data: { id, ...describeGrant(grant) } });
    return { id };
  });
}

/** Withdraws exactly the grant named (same client, service, method and path). */
export async function revokeAccess(deps: RegistryDeps, actor: string, grant: AccessGrant): Promise<void> {
  throwIfInvalid(grantIssues(grant));
  await deps.db.transaction(async (tx) => {
    const service = await findServiceRow(tx, grant.service);
    const removed = await tx.delete(accessRights).where(sameGrant(grant.client, service.id, { method: grant.method ?? null, path: grant.path ?? null }))
      .returning({ id: accessRights.id });
    if (removed.length === 0) throw new NotFound('The client holds no such access right.');
    await recordRegistryChange(tx, deps.clock, { type: 'access.revoked', subject: serviceKey(grant.service), actor, data: { id: removed[0]!.id, ...describeGrant(grant) } });
  });
}

/** The provider's services the client may call, each with the grants it holds. */
export async function allowedServices(db: Database, client: SubsystemId, provider: SubsystemId): Promise<AllowedService[]> {
  throwIfInvalid([...subsystemIdIssues(client, '/client'), ...subsystemIdIssues(provider, '/provider')]);
  const rows = await db.select({ service: services, method: accessRights.method, path: accessRights.path })
    .from(accessRights).innerJoin(services, eq(accessRights.serviceId, services.id))
    .where(and(
      eq(accessRights.clientMemberClass, client.memberClass), eq(accessRights.clientMemberCode, client.memberCode), eq(accessRights.clientSubsystemCode, client.subsystemCode),
      eq(services.memberClass, provider.memberClass), eq(services.memberCode, provider.memberCode), eq(services.subsystemCode, provider.subsystemCode),
    ))
    .orderBy(asc(services.serviceCode), asc(services.serviceVersion), asc(accessRights.method), asc(accessRights.path));
  const byService = new Map<string, AllowedService>();
  for (const row of rows) {
    let entry = byService.get(row.service.id);
    if (!entry) byService.set(row.service.id, (entry = { ...toListing(row.service), rights: [] }));
    entry.rights.push({ method: row.method, path: row.path });
  }
  return [...byService.values()];
}
