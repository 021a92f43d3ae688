// SPDX-License-Identifier: Apache-2.0
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import Type from 'typebox';
import { dropEmptyFilters, pageLocale, requireJsonBody, sendPage, ValidationFailed, type Clock, type Database, type Server, type ValidationIssue } from '@tessera/platform';
import { CREDENTIAL_HOLD_REASONS, CREDENTIAL_REVOCATION_REASONS, isHoldReason, isRevocationReason, type CredentialChange } from '../../domain/admin/credential-changes.ts';
import type { DocumentStatusSource } from '../../domain/status/document-status-source.ts';
import type { ExchangeDirectory } from '../../domain/types/exchange-directory.ts';
import { changeCredentialStatus } from '../../store/admin/change-credential-status.ts';
import { issuedCountsByVersion, issuedCredentialType, listIssuedCredentials } from '../../store/admin/list-issued-credentials.ts';
import { searchTypes } from '../../store/admin/search-types.ts';
import { typeHistory } from '../../store/types/find-types.ts';
import { publishTypeVersion } from '../../store/types/publish-type-version.ts';
import { retireType } from '../../store/types/retire-type.ts';
import { adminText } from './issuer-admin-messages.ts';
import { ADMIN_PATH, typePage, typesPage } from './issuer-admin-pages.ts';

/** What issuer administrators may do; the composition root grants these to roles. */
export const CREDENTIALS_PERMISSIONS = { read: 'credentials:read', manage: 'credentials:manage', offer: 'credentials:offer' } as const;

/** The credential issuer's own staff when it signs them in itself (tessera serve credentials). */
export const CREDENTIALS_ROLES = {
  issuer_admin: [CREDENTIALS_PERMISSIONS.read, CREDENTIALS_PERMISSIONS.manage],
  issuing_desk: [CREDENTIALS_PERMISSIONS.offer],
} as const;

export interface IssuerAdminDeps {
  db: Database;
  clock: Clock;
  vctBase: string;
  /** The exchange registry's members and services: a published type's claims service must be on it. */
  exchange: ExchangeDirectory;
  /** The cards credentials derive from: a resumed credential returns to what its card allows. */
  documents: DocumentStatusSource;
}

export interface IssuerAdminOptions {
  /** A preHandler that lets through only callers holding `permission` (401 / 403 otherwise). */
  requirePermission(permission: string): preHandlerAsyncHookHandler;
}

const PAGE_SIZE = 25;
const TypeId = Type.String({ minLength: 3, maxLength: 120, pattern: '^[a-z]{2}\\.[a-z0-9-]+\\.[a-z0-9-]+$' });
const TypeParams = Type.Object({ id: TypeId });
const CredentialParams = Type.Object({ credentialId: Type.String({ format: 'uuid' }) });
const Paging = { offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })) };
const Status = Type.Union([Type.Literal('active'), Type.Literal('retired')]);
const Action = Type.Union([Type.Literal('suspend'), Type.Literal('resume'), Type.Literal('revoke')]);
const Reason = Type.String({ maxLength: 40 });

/** A change from the form or API, its reason checked against the action's list (the schema cannot tie the two). */
function credentialChange(action: CredentialChange['action'], reason: string | undefined): CredentialChange {
  if (action === 'resume') return { action };
  if (action === 'suspend' && isHoldReason(reason)) return { action, reason };
  if (action === 'revoke' && isRevocationReason(reason)) return { action, reason };
  const allowed = action === 'suspend' ? CREDENTIAL_HOLD_REASONS : CREDENTIAL_REVOCATION_REASONS;
  throw new ValidationFailed([{ code: reason ? 'unknown_reason' : 'required', path: 'body/reason', message: `Choose why the credential is ${action === 'suspend' ? 'suspended' : 'revoked'}: ${allowed.join(', ')}.` }]);
}

const summaryOf = (v: Awaited<ReturnType<typeof searchTypes>>['items'][number]) => ({
  id: v.type.id, version: v.type.version, status: v.status, name: v.type.display.en.name, agency: v.type.agency, formats: v.type.formats, publishedAt: v.publishedAt, retiredAt: v.retiredAt,
});

/**
 * The issuer administrator's pages and JSON API: credential types (search, paged; one type with
 * its versions; publish a new version through the API; retire), and the credentials issued of a type (paged, minimised: no claim values,
 * no holders) with suspend, resume and revoke by reason. Reading needs `credentials:read`,
 * changing `credentials:manage`; forms carry a CSRF token, the API takes JSON only; every change
 * is one transaction with a transparency-log event; bad input is an RFC 9457 problem and changes nothing.
 */
export function registerIssuerAdmin(server: Server, deps: IssuerAdminDeps, o: IssuerAdminOptions): void {
  const read = o.requirePermission(CREDENTIALS_PERMISSIONS.read);
  const manage = o.requirePermission(CREDENTIALS_PERMISSIONS.manage);
  const actor = (request: FastifyRequest) => request.staff?.id ?? 'issuer-admin';

  // --- JSON API ---
  server.get('/api/v1/credentials/types', {
    schema: { querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 100 })), status: Type.Optional(Status), ...Paging }, { additionalProperties: false }) },
    preHandler: read,
  }, async (request) => {
    const { q, status, offset = 0, limit = PAGE_SIZE } = request.query;
    const result = await searchTypes(deps.db, { ...(q ? { query: q } : {}), ...(status ? { status } : {}), offset, size: limit });
    return { items: result.items.map(summaryOf), total: result.total, offset, limit };
  });

  server.get('/api/v1/credentials/types/:id', { schema: { params: TypeParams }, preHandler: read }, async (request) => {
    const history = await typeHistory(deps.db, request.params.id);
    const counts = await issuedCountsByVersion(deps.db, request.params.id);
    return { id: request.params.id, status: history[0]!.status, versions: history.map((v) => ({ version: v.type.version, status: v.status, publishedAt: v.publishedAt, retiredAt: v.retiredAt, issued: counts.get(v.type.version) ?? 0, definition: v.type })) };
  });

  // The definition is checked whole by the type validator (every issue listed); the registry numbers the version.
  server.put('/api/v1/credentials/types/:id', {
    schema: { params: TypeParams, body: Type.Object({ id: Type.String({ maxLength: 120 }) }, { additionalProperties: true, maxProperties: 30 }) },
    preValidation: requireJsonBody, preHandler: manage,
  }, async (request, reply) => {
    if (request.body.id !== request.params.id) throw new ValidationFailed([{ code: 'id_mismatch', path: 'body/id', message: `The definition's id must be ${request.params.id}, the type it is published as.` }]);
    const published = await publishTypeVersion(deps, request.body as unknown as Parameters<typeof publishTypeVersion>[1], actor(request));
    return reply.code(201).send({ id: published.id, version: published.version });
  });

  server.post('/api/v1/credentials/types/:id/retirement', { schema: { params: TypeParams }, preValidation: requireJsonBody, preHandler: manage }, async (request) => {
    await retireType(deps, request.params.id, actor(request));
    return { id: request.params.id, status: 'retired' };
  });

  server.get('/api/v1/credentials/types/:id/credentials', { schema: { params: TypeParams, querystring: Type.Object(Paging, { additionalProperties: false }) }, preHandler: read }, async (request) => {
    await typeHistory(deps.db, request.params.id);
    const { offset = 0, limit = PAGE_SIZE } = request.query;
    return { ...(await listIssuedCredentials(deps.db, request.params.id, { offset, size: limit })), offset, limit };
  });

  server.post('/api/v1/credentials/issued/:credentialId/status', {
    schema: { params: CredentialParams, body: Type.Object({ action: Action, reason: Type.Optional(Reason) }, { additionalProperties: false }) },
    preValidation: requireJsonBody, preHandler: manage,
  }, async (request) => {
    const changed = await changeCredentialStatus(deps, request.params.credentialId, credentialChange(request.body.action, request.body.reason), actor(request));
    return { id: request.params.credentialId, status: changed.status };
  });

  // --- Pages ---
  server.get(`${ADMIN_PATH}/types`, {
    schema: { hide: true, querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 100 })), status: Type.Optional(Status), page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })), lang: Type.Optional(Type.String()) }, { additionalProperties: false }) },
    preValidation: dropEmptyFilters, preHandler: read,
  }, async (request, reply) => {
    const locale = pageLocale(request, reply);
    const { lang: _lang, page: pageNo = 1, ...filters } = request.query;
    const result = await searchTypes(deps.db, { ...(filters.q ? { query: filters.q } : {}), ...(filters.status ? { status: filters.status } : {}), offset: (pageNo - 1) * PAGE_SIZE, size: PAGE_SIZE });
    return sendPage(reply, typesPage({ locale, result, page: pageNo, size: PAGE_SIZE, filters, staffName: request.staff?.displayName ?? '', csrfToken: reply.generateCsrf() }));
  });

  const show = async (request: FastifyRequest, reply: FastifyReply, id: string, pageNo: number, extra: { issues?: ValidationIssue[]; notice?: string; status?: number } = {}) => {
    const locale = pageLocale(request, reply);
    const history = await typeHistory(deps.db, id);
    const [counts, issued] = await Promise.all([issuedCountsByVersion(deps.db, id), listIssuedCredentials(deps.db, id, { offset: (pageNo - 1) * PAGE_SIZE, size: PAGE_SIZE })]);
    return sendPage(reply, typePage({
      locale, history, counts, issued, page: pageNo, size: PAGE_SIZE, canManage: request.staff?.permissions.has(CREDENTIALS_PERMISSIONS.manage) ?? false,
      staffName: request.staff?.displayName ?? '', csrfToken: reply.generateCsrf(), issues: extra.issues ?? [], ...(extra.notice ? { notice: extra.notice } : {}),
    }), extra.status ?? 200);
  };

  server.get(`${ADMIN_PATH}/types/:id`, {
    schema: { hide: true, params: TypeParams, querystring: Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })), done: Type.Optional(Type.Union([Type.Literal('retired'), Type.Literal('changed')])), lang: Type.Optional(Type.String()) }, { additionalProperties: false }) },
    preHandler: read,
  }, async (request, reply) => {
    const t = adminText(pageLocale(request, reply));
    return show(request, reply, request.params.id, request.query.page ?? 1, request.query.done ? { notice: t(request.query.done) } : {});
  });

  // The token is optional in the schemas so that a form without it is answered by the CSRF check (403), not as malformed.
  server.post(`${ADMIN_PATH}/types/:id/retire`, { schema: { hide: true, params: TypeParams, body: Type.Object({ _csrf: Type.Optional(Type.String()) }) }, preHandler: [manage, server.csrfProtection] }, async (request, reply) => {
    await retireType(deps, request.params.id, actor(request));
    return reply.redirect(`${ADMIN_PATH}/types/${request.params.id}?done=retired`, 303);
  });

  server.post(`${ADMIN_PATH}/credentials/:credentialId/status`, {
    schema: { hide: true, params: CredentialParams, body: Type.Object({ _csrf: Type.Optional(Type.String()), action: Action, reason: Type.Optional(Reason) }) },
    preHandler: [manage, server.csrfProtection],
  }, async (request, reply) => {
    let change: CredentialChange;
    try {
      change = credentialChange(request.body.action, request.body.reason || undefined);
    } catch (error) {
      if (!(error instanceof ValidationFailed)) throw error;
      const typeId = await issuedCredentialType(deps.db, request.params.credentialId);
      return show(request, reply, typeId, 1, { issues: error.issues, status: 400 });
    }
    const changed = await changeCredentialStatus(deps, request.params.credentialId, change, actor(request));
    return reply.redirect(`${ADMIN_PATH}/types/${changed.typeId}?done=changed`, 303);
  });
}
