// SPDX-License-Identifier: Apache-2.0
import { randomUUID } from 'node:crypto';
import { and, asc, eq, isNull } from 'drizzle-orm';
import { canonicalJson, NotFound, type Database, type ValidationIssue } from '@tessera/platform';
import { sha256Hex } from './certificates.ts';
import { serviceIdIssues, serviceKey, subsystemIdIssues, type ServiceId, type SubsystemId } from './identifiers.ts';
import { throwIfInvalid, uniquely } from './input-checks.ts';
import { ServiceExists } from '../exchange-errors.ts';
import { requireSubsystem } from './members.ts';
import { isHttpMethod, pathPatternIssues } from './path-pattern.ts';
import { recordRegistryChange } from './record-registry-change.ts';
import type { RegistryDeps } from './registry-deps.ts';
import { services, type Endpoint, type ServiceRow } from './schema.ts';

export type ServiceType = 'REST' | 'OPENAPI';

/** A REST service lists its endpoints; an OpenAPI one brings its document and the endpoints are read from it. */
export type NewService = ServiceId & { handlesPersonalData: boolean } & (
  | { type: 'REST'; endpoints: Endpoint[] }
  | { type: 'OPENAPI'; openapi: Record<string, unknown> }
);

export interface ServiceListing extends ServiceId {
  serviceVersion: string | null;
  type: ServiceType;
  endpoints: Endpoint[];
  /** SHA-256 (hex) of the canonical JSON of the OpenAPI document; null for REST services. */
  openapiSha256: string | null;
  handlesPersonalData: boolean;
}

const MAX_ENDPOINTS = 500;
const OPENAPI_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

export function endpointIssues(endpoints: unknown, path: string): ValidationIssue[] {
  if (!Array.isArray(endpoints) || endpoints.length === 0 || endpoints.length > MAX_ENDPOINTS) {
    return [{ code: 'format', path, message: `A REST service lists 1 to ${MAX_ENDPOINTS} endpoints.` }];
  }
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  endpoints.forEach((e: Partial<Endpoint> | null, i) => {
    if (!(e?.method === '*' || isHttpMethod(e?.method))) issues.push({ code: 'enum', path: `${path}/${i}/method`, message: 'The method is an upper-case HTTP method or "*".' });
    issues.push(...pathPatternIssues(e?.path, `${path}/${i}/path`));
    const key = `${String(e?.method)} ${String(e?.path)}`;
    if (seen.has(key)) issues.push({ code: 'duplicate', path: `${path}/${i}`, message: 'This endpoint is listed twice.' });
    seen.add(key);
  });
  return issues;
}

/**
 * The endpoints an OpenAPI 3 document declares. A templated segment (`{id}`, or `{name}.json`)
 * becomes `*`; as the last segment that matches anything below, which is looser than the
 * template but never stricter — endpoints describe a service, access rights restrict it.
 */
export function openapiEndpoints(openapi: unknown, path: string, issues: ValidationIssue[]): Endpoint[] {
  const doc = openapi as { openapi?: unknown; paths?: unknown } | null;
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc) || typeof doc.openapi !== 'string' || !/^3\.\d+\.\d+/.test(doc.openapi)) {
    issues.push({ code: 'format', path, message: 'An OpenAPI 3 document (an object with "openapi": "3.x.y") is required.' });
    return [];
  }
  if (typeof doc.paths !== 'object' || doc.paths === null || Array.isArray(doc.paths)) {
    issues.push({ code: 'format', path: `${path}/paths`, message: 'The OpenAPI document has no "paths" object.' });
    return [];
  }
  const endpoints: Endpoint[] = [];
  for (const [template, item] of Object.entries(doc.paths as Record<string, unknown>)) {
    const pattern = template === '/' ? '/' : template.split('/').map((s) => (s.includes('{') ? '*' : s)).join('/');
    const patternProblems = pathPatternIssues(pattern, `${path}/paths/${template.replaceAll('~', '~0').replaceAll('/', '~1')}`);
    if (patternProblems.length > 0) {
      issues.push(...patternProblems);
      continue;
    }
    for (const method of Object.keys(item ?? {})) {
      if (OPENAPI_METHODS.includes(method)) endpoints.push({ method: method.toUpperCase(), path: pattern });
    }
  }
  if (endpoints.length === 0 && issues.length === 0) issues.push({ code: 'format', path: `${path}/paths`, message: 'The OpenAPI document declares no operations.' });
  if (endpoints.length > MAX_ENDPOINTS) issues.push({ code: 'format', path: `${path}/paths`, message: `At most ${MAX_ENDPOINTS} operations are accepted.` });
  return endpoints;
}

/** Registers a service of a provider subsystem. */
export async function addService(deps: RegistryDeps, actor: string, input: NewService): Promise<ServiceListing> {
  const issues = serviceIdIssues(input);
  if (typeof input.handlesPersonalData !== 'boolean') issues.push({ code: 'type', path: '/handlesPersonalData', message: 'Say whether the service handles personal data (true or false).' });
  let endpoints: Endpoint[] = [];
  let openapi: Record<string, unknown> | null = null;
  if (input.type === 'REST') {
    issues.push(...endpointIssues(input.endpoints, '/endpoints'));
    if ('openapi' in input && input.openapi !== undefined) issues.push({ code: 'additionalProperties', path: '/openapi', message: 'A REST service has endpoints, not an OpenAPI document.' });
    // copied field by field (once known to be well formed) so nothing else a caller put in an endpoint is stored
    if (issues.length === 0) endpoints = input.endpoints.map((e) => ({ method: e.method, path: e.path }));
  } else if (input.type === 'OPENAPI') {
    if ('endpoints' in input && input.endpoints !== undefined) issues.push({ code: 'additionalProperties', path: '/endpoints', message: 'An OpenAPI service takes its endpoints from its document.' });
    endpoints = openapiEndpoints(input.openapi, '/openapi', issues);
    openapi = input.openapi;
  } else {
    issues.push({ code: 'enum', path: '/type', message: 'The type is REST or OPENAPI.' });
  }
  throwIfInvalid(issues);
  const id = { memberClass: input.memberClass, memberCode: input.memberCode, subsystemCode: input.subsystemCode, serviceCode: input.serviceCode, serviceVersion: input.serviceVersion ?? null };
  const row = await deps.db.transaction(async (tx) => {
    await requireSubsystem(tx, id);
    const [inserted] = await uniquely(
      tx.insert(services).values({ id: randomUUID(), ...id, type: input.type, openapi, endpoints, handlesPersonalData: input.handlesPersonalData, createdAt: deps.clock.now() }).returning(),
      (cause) => new ServiceExists(`Service ${serviceKey(id)} is already registered.`, { cause }),
    );
    const listing = toListing(inserted!);
    await recordRegistryChange(tx, deps.clock, {
      type: 'service.added', subject: serviceKey(id), actor,
      data: { ...id, type: listing.type, handlesPersonalData: listing.handlesPersonalData, openapiSha256: listing.openapiSha256, endpoints: endpoints.length },
    });
    return listing;
  });
  return row;
}

export async function listServices(db: Database, provider: SubsystemId): Promise<ServiceListing[]> {
  throwIfInvalid(subsystemIdIssues(provider));
  await requireSubsystem(db, provider);
  const rows = await db.select().from(services)
    .where(and(eq(services.memberClass, provider.memberClass), eq(services.memberCode, provider.memberCode), eq(services.subsystemCode, provider.subsystemCode)))
    .orderBy(asc(services.serviceCode), asc(services.serviceVersion));
  return rows.map(toListing);
}

/** The stored row of a service, or NotFound. */
export async function findServiceRow(db: Database, id: ServiceId): Promise<ServiceRow> {
  const [row] = await db.select().from(services).where(and(
    eq(services.memberClass, id.memberClass), eq(services.memberCode, id.memberCode), eq(services.subsystemCode, id.subsystemCode),
    eq(services.serviceCode, id.serviceCode), id.serviceVersion == null ? isNull(services.serviceVersion) : eq(services.serviceVersion, id.serviceVersion),
  ));
  if (!row) throw new NotFound(`No service ${serviceKey(id)} is registered.`);
  return row;
}

export function toListing(row: ServiceRow): ServiceListing {
  return {
    memberClass: row.memberClass,
    memberCode: row.memberCode,
    subsystemCode: row.subsystemCode,
    serviceCode: row.serviceCode,
    serviceVersion: row.serviceVersion,
    type: row.type,
    endpoints: row.endpoints,
    openapiSha256: row.openapi ? sha256Hex(Buffer.from(canonicalJson(row.openapi), 'utf8')) : null,
    handlesPersonalData: row.handlesPersonalData,
  };
}
