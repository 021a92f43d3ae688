// SPDX-License-Identifier: Apache-2.0
import type { FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import Type from 'typebox';
import { NotFound, requireJsonBody, ValidationFailed, type Server } from '@tessera/platform';
import { allowedServices, grantAccess, revokeAccess } from './access-rights.ts';
import { addGatewayClient, listGatewayClients, removeGatewayClient } from './gateway-clients.ts';
import { registerGateway, removeGateway, setGatewayCertificate } from './gateways.ts';
import { latestGlobalConfiguration, publishGlobalConfiguration, type PublishOptions } from './global-configuration.ts';
import { parseSubsystemKey } from './identifiers.ts';
import { addMember, addSubsystem, listMembers } from './members.ts';
import { Code, Grant, MemberClass, NewServiceBody } from './registry-schemas.ts';
import type { RegistryDeps } from './registry-deps.ts';
import { addService, listServices } from './services.ts';
import { addTrustedCa, addTsa } from './trust-anchors.ts';

/** What registry operators may do; the composition root grants these to roles. */
export const REGISTRY_PERMISSIONS = {
  read: 'registry:read',
  manage: 'registry:manage',
} as const;

export interface RegistryRouteOptions {
  /** A preHandler that lets through only callers holding `permission` (401 / 403 otherwise). */
  requirePermission(permission: string): preHandlerAsyncHookHandler;
  /** Who is acting, for the transparency log; defaults to the signed-in staff member's id. */
  actorOf?(request: FastifyRequest): string;
  /** When given, operators can publish a new global configuration through the API. */
  publishing?: PublishOptions;
}

// base64 DER; the store checks it is a certificate, this only bounds the size
const Base64 = Type.String({ minLength: 4, maxLength: 90_000, pattern: '^[A-Za-z0-9+/]+={0,2}$' });

const MemberParams = Type.Object({ memberClass: MemberClass, memberCode: Code });
const SubsystemParams = Type.Object({ memberClass: MemberClass, memberCode: Code, subsystemCode: Code });
const GatewayParams = Type.Object({ memberClass: MemberClass, memberCode: Code, serverCode: Code });
const HostedClientParams = Type.Object({ memberClass: MemberClass, memberCode: Code, serverCode: Code, clientMemberClass: MemberClass, clientMemberCode: Code, clientSubsystemCode: Code });

const der = (base64: string) => Buffer.from(base64, 'base64');

/**
 * The registry's HTTP face: the public, signed global configuration for gateways, and the JSON
 * operator API under /api/v1/exchange. Every operator route sits behind a permission; every
 * change goes through the store operations, which validate and log it.
 */
export function registerRegistryRoutes(server: Server, deps: RegistryDeps, options: RegistryRouteOptions): void {
  const read = options.requirePermission(REGISTRY_PERMISSIONS.read);
  const manage = options.requirePermission(REGISTRY_PERMISSIONS.manage);
  const actorOf = options.actorOf ?? ((request: FastifyRequest) => request.staff?.id ?? 'operator');

  // Public on purpose: the document is signed, and gateways fetch it before they can authenticate anyone.
  server.get('/exchange/global-configuration', { schema: { summary: 'The latest signed global configuration (compact JWS)' } }, async (_request, reply) => {
    const latest = await latestGlobalConfiguration(deps.db);
    if (!latest) throw new NotFound('No global configuration has been published yet.');
    return reply.type('application/jose').header('cache-control', 'no-cache').send(latest.jws);
  });

  server.get('/api/v1/exchange/members', { preHandler: read }, async () => ({ members: await listMembers(deps.db) }));

  server.post('/api/v1/exchange/members', {
    schema: { body: Type.Object({ memberClass: MemberClass, memberCode: Code, name: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }) },
    preValidation: requireJsonBody, preHandler: manage,
  }, async (request, reply) => reply.code(201).send(await addMember(deps, actorOf(request), request.body)));

  server.post('/api/v1/exchange/members/:memberClass/:memberCode/subsystems', {
    schema: { params: MemberParams, body: Type.Object({ subsystemCode: Code }, { additionalProperties: false }) },
    preValidation: requireJsonBody, preHandler: manage,
  }, async (request, reply) => reply.code(201).send(await addSubsystem(deps, actorOf(request), { ...request.params, ...request.body })));

  const servicesPath = '/api/v1/exchange/members/:memberClass/:memberCode/subsystems/:subsystemCode/services';
  server.get(servicesPath, { schema: { params: SubsystemParams }, preHandler: read }, async (request) => ({ services: await listServices(deps.db, request.params) }));

  server.post(servicesPath, {
    schema: {
      params: SubsystemParams,
      body: NewServiceBody,
    },
    preValidation: requireJsonBody, preHandler: manage,
  }, async (request, reply) => {
    const input = { ...request.body, ...request.params };
    return reply.code(201).send(await addService(deps, actorOf(request), input));
  });

  server.get('/api/v1/exchange/members/:memberClass/:memberCode/subsystems/:subsystemCode/allowed-services', {
    schema: { params: SubsystemParams, querystring: Type.Object({ client: Type.String({ maxLength: 200 }) }) },
    preHandler: read,
  }, async (request) => {
    const client = parseSubsystemKey(request.query.client);
    if (!client) throw new ValidationFailed([{ code: 'pattern', path: 'querystring/client', message: 'The client is CLASS/MEMBER/SUBSYSTEM.' }]);
    return { services: await allowedServices(deps.db, client, request.params) };
  });

  server.post('/api/v1/exchange/gateways', {
    schema: {
      body: Type.Object({ memberClass: MemberClass, memberCode: Code, serverCode: Code, address: Type.String({ maxLength: 300 }), authCertificate: Base64 }, { additionalProperties: false }),
    },
    preValidation: requireJsonBody, preHandler: manage,
  }, async (request, reply) => {
    const { authCertificate, ...rest } = request.body;
    return reply.code(201).send(await registerGateway(deps, actorOf(request), { ...rest, authCertificate: der(authCertificate) }));
  });

  server.put('/api/v1/exchange/gateways/:memberClass/:memberCode/:serverCode/certificate', {
    schema: { params: GatewayParams, body: Type.Object({ authCertificate: Base64 }, { additionalProperties: false }) },
    preValidation: requireJsonBody, preHandler: manage,
  }, async (request, reply) => {
    await setGatewayCertificate(deps, actorOf(request), request.params, der(request.body.authCertificate));
    return reply.code(204).send();
  });

  server.delete('/api/v1/exchange/gateways/:memberClass/:memberCode/:serverCode', { schema: { params: GatewayParams }, preValidation: requireJsonBody, preHandler: manage }, async (request, reply) => {
    await removeGateway(deps, actorOf(request), request.params);
    return reply.code(204).send();
  });

  // A gateway's hosted clients (X-Road: a security server's clients): other members' subsystems it serves and signs for.
  const clientsPath = '/api/v1/exchange/gateways/:memberClass/:memberCode/:serverCode/clients';
  server.get(clientsPath, { schema: { params: GatewayParams }, preHandler: read }, async (request) =>
    ({ clients: (await listGatewayClients(deps.db, request.params)).map((c) => c.client) }));

  server.post(clientsPath, {
    schema: { params: GatewayParams, body: Type.Object({ memberClass: MemberClass, memberCode: Code, subsystemCode: Code }, { additionalProperties: false }) },
    preValidation: requireJsonBody, preHandler: manage,
  }, async (request, reply) => {
    const hosted = { gateway: request.params, client: request.body };
    await addGatewayClient(deps, actorOf(request), hosted);
    return reply.code(201).send(hosted);
  });

  server.delete(`${clientsPath}/:clientMemberClass/:clientMemberCode/:clientSubsystemCode`, { schema: { params: HostedClientParams }, preValidation: requireJsonBody, preHandler: manage }, async (request, reply) => {
    const { clientMemberClass, clientMemberCode, clientSubsystemCode, ...gateway } = request.params;
    await removeGatewayClient(deps, actorOf(request), { gateway, client: { memberClass: clientMemberClass, memberCode: clientMemberCode, subsystemCode: clientSubsystemCode } });
    return reply.code(204).send();
  });

  server.post('/api/v1/exchange/access-rights', { schema: { body: Grant }, preValidation: requireJsonBody, preHandler: manage }, async (request, reply) =>
    reply.code(201).send(await grantAccess(deps, actorOf(request), request.body)));

  // A POST rather than DELETE with a body: the grant is named by its content, and some proxies drop DELETE bodies.
  server.post('/api/v1/exchange/access-rights/revocations', { schema: { body: Grant }, preValidation: requireJsonBody, preHandler: manage }, async (request, reply) => {
    await revokeAccess(deps, actorOf(request), request.body);
    return reply.code(204).send();
  });

  server.post('/api/v1/exchange/trusted-cas', {
    schema: { body: Type.Object({ certificate: Base64 }, { additionalProperties: false }) },
    preValidation: requireJsonBody, preHandler: manage,
  }, async (request, reply) => reply.code(201).send(await addTrustedCa(deps, actorOf(request), der(request.body.certificate))));

  server.post('/api/v1/exchange/tsas', {
    schema: { body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }), url: Type.String({ maxLength: 500 }), certificate: Base64 }, { additionalProperties: false }) },
    preValidation: requireJsonBody, preHandler: manage,
  }, async (request, reply) => reply.code(201).send(await addTsa(deps, actorOf(request), { ...request.body, certificate: der(request.body.certificate) })));

  const publishing = options.publishing;
  if (publishing) {
    server.post('/api/v1/exchange/global-configuration', { preValidation: requireJsonBody, preHandler: manage }, async (request, reply) => {
      const published = await publishGlobalConfiguration(deps, actorOf(request), publishing);
      return reply.code(201).send({ serial: published.serial, issuedAt: published.document.issuedAt, expiresAt: published.document.expiresAt });
    });
  }
}
