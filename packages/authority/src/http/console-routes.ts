// SPDX-License-Identifier: Apache-2.0
import type { FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { dropEmptyFilters, pageLocale, sendPage, ValidationFailed, signedInStaff, type Server, type ValidationIssue } from '@tessera/platform';
import type { AuthorityDeps } from '../store/authority-deps.ts';
import { decideApplication, type Decision } from '../store/decide-application.ts';
import { getApplication, getApplicationFile } from '../store/get-application.ts';
import { listApplications } from '../store/list-applications.ts';
import { listLocations } from '../store/seed-locations.ts';
import type { StaffGate } from './api-routes.ts';
import { staffId } from './api-routes.ts';
import { ApplicationId, DecisionForm, QueueQuery } from './api-schemas.ts';
import { queueFilters } from './queue-filters.ts';
import { authorityText } from './pages/authority-messages.ts';
import { detailPage } from './pages/detail-page.ts';
import { queuePage } from './pages/queue-page.ts';

import { AUTHORITY_PERMISSIONS } from './permissions.ts';
import { staffHome, type StaffHome } from './staff-home.ts';

const PAGE_SIZE = 25;
const FileParams = Type.Object({ id: Type.String({ format: 'uuid' }), kind: Type.Union([Type.Literal('photo'), Type.Literal('passport_scan')]) });

/** The officer console: queue, application detail and decisions, each behind a permission. */
export function registerConsolePages(server: Server, deps: AuthorityDeps, gate: StaffGate, o: { staffHomes?: readonly StaffHome[] } = {}): void {
  const read = gate.requirePermission(AUTHORITY_PERMISSIONS.readApplications);
  const decide = gate.requirePermission(AUTHORITY_PERMISSIONS.decideApplications);

  // Where sign-in lands: each role's own start page.
  server.get('/staff', { schema: { hide: true }, preHandler: gate.requireSignedIn() }, async (request, reply) => {
    return reply.redirect(staffHome(signedInStaff(request).permissions, o.staffHomes), 303);
  });

  server.get('/officer', {
    schema: { hide: true, querystring: Type.Object({ ...QueueQuery.properties, lang: Type.Optional(Type.String()) }) },
    preValidation: dropEmptyFilters,
    preHandler: read,
  }, async (request, reply) => {
    const locale = pageLocale(request, reply);
    const { lang: _lang, page: pageNo = 1, size = PAGE_SIZE, ...filters } = request.query;
    const result = await listApplications(deps.db, queueFilters(filters), { offset: (pageNo - 1) * size, size });
    return sendPage(reply, queuePage({
      locale,
      path: '/officer',
      ...result,
      page: pageNo,
      size,
      filters: Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined && v !== '')),
      locations: await listLocations(deps.db),
      staffName: signedInStaff(request).displayName,
      csrfToken: reply.generateCsrf(),
    }));
  });

  const showDetail = async (request: FastifyRequest, reply: FastifyReply, id: string, extra: { issues?: ValidationIssue[]; values?: Record<string, string>; notice?: string; status?: number } = {}) => {
    const locale = pageLocale(request, reply);
    const detail = await getApplication(deps.db, deps.clock, id, { staffId: staffId(request), purpose: 'vetting' });
    return sendPage(reply, detailPage({
      locale,
      path: `/officer/applications/${id}`,
      detail,
      staffId: signedInStaff(request).id,
      staffName: signedInStaff(request).displayName,
      canDecide: signedInStaff(request).permissions.has(AUTHORITY_PERMISSIONS.decideApplications),
      csrfToken: reply.generateCsrf(),
      issues: extra.issues ?? [],
      values: extra.values ?? {},
      ...(extra.notice ? { notice: extra.notice } : {}),
    }), extra.status ?? 200);
  };

  server.get('/officer/applications/:id', { schema: { hide: true, params: ApplicationId }, preHandler: read }, async (request, reply) => {
    const notice = (request.query as { done?: string }).done === '1' ? authorityText(pageLocale(request, reply))('decided') : undefined;
    return showDetail(request, reply, request.params.id, notice ? { notice } : {});
  });

  server.get('/officer/applications/:id/files/:kind', { schema: { hide: true, params: FileParams }, preHandler: read }, async (request, reply) => {
    const file = await getApplicationFile(deps.db, deps.clock, request.params.id, request.params.kind, { staffId: staffId(request), purpose: 'vetting' });
    return reply.type(file.mediaType).header('cache-control', 'no-store, private').header('content-disposition', 'inline').send(file.bytes);
  });

  server.post('/officer/applications/:id/decision', { schema: { hide: true, params: ApplicationId, body: DecisionForm }, preHandler: [decide, server.csrfProtection] }, async (request, reply) => {
    const { _csrf, ...body } = request.body;
    const decision: Decision = body.decision === 'approve'
      ? { decision: 'approve' }
      : { decision: 'reject', reason: body.reason || undefined, note: body.note ?? '' };
    try {
      await decideApplication(deps, request.params.id, staffId(request), decision);
    } catch (error) {
      if (error instanceof ValidationFailed) return showDetail(request, reply, request.params.id, { issues: error.issues, values: body, status: 400 });
      throw error;
    }
    return reply.redirect(`/officer/applications/${request.params.id}?done=1`, 303);
  });
}

