// SPDX-License-Identifier: Apache-2.0
import Type from 'typebox';
import { dropEmptyFilters, pageLocale, sendPage, type Server } from '@tessera/platform';
import type { AuthorityDeps } from '../store/authority-deps.ts';
import { centreOversight, CUSTODY_ACTIONS, listCentreOversight } from '../store/centre-oversight.ts';
import type { StaffGate } from './api-routes.ts';
import { centreDetailPage, centreReconciliationsPage, centresOverviewPage, centreStopsPage } from './pages/centres-page.ts';
import { AUTHORITY_PERMISSIONS } from './permissions.ts';

const PAGE_SIZE = 25;
const DAYS = 30;
const Centre = Type.Object({ location: Type.String({ pattern: '^[a-z0-9-]{1,64}$' }) });
const Paging = { page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })), size: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })), lang: Type.Optional(Type.String({ maxLength: 5 })) };
const ActionsQuery = Type.Object({
  ...Paging,
  event: Type.Optional(Type.Union(CUSTODY_ACTIONS.map((e) => Type.Literal(e)))),
  reference: Type.Optional(Type.String({ pattern: '^ER-\\d{4}-\\d{6}$' })),
}, { additionalProperties: false });
const PagedQuery = Type.Object(Paging, { additionalProperties: false });

/**
 * The authority's oversight of its partner centres, for officers and auditors
 * (`centre:read`): an overview of every centre and each centre's figures, charts, custody
 * actions, stopped handovers and reconciliation reports, as pages and as JSON.
 */
export function registerCentreOversight(server: Server, deps: AuthorityDeps, gate: StaffGate): void {
  const read = gate.requirePermission(AUTHORITY_PERMISSIONS.readCentres);
  const frame = (request: { staff?: { displayName: string } | null }, reply: { generateCsrf(): string }, locale: ReturnType<typeof pageLocale>, path: string) => ({
    locale, path, staffName: request.staff!.displayName, csrfToken: reply.generateCsrf(),
  });

  server.get('/api/v1/officer/centres', {
    schema: { summary: 'Every partner centre with its figures, from the authority’s own records', tags: ['officer'] },
    preHandler: read,
  }, async () => ({ centres: await listCentreOversight(deps.db) }));

  server.get('/api/v1/officer/centres/:location', {
    schema: { summary: 'One partner centre: figures, handovers per day, custody actions (paged, filtered), stops and reconciliation reports', tags: ['officer'], params: Centre, querystring: ActionsQuery },
    preValidation: dropEmptyFilters,
    preHandler: read,
  }, async (request) => {
    const { page = 1, size = PAGE_SIZE, event, reference } = request.query;
    const centre = await centreOversight(deps, request.params.location, {
      days: DAYS, actions: { ...(event ? { event } : {}), ...(reference ? { reference } : {}), offset: (page - 1) * size, size },
      stops: { offset: 0, size: 5 }, reconciliations: { offset: 0, size: 5 },
    });
    return { ...centre, page, size };
  });

  server.get('/officer/centres', { schema: { hide: true, querystring: PagedQuery }, preHandler: read }, async (request, reply) => {
    const locale = pageLocale(request, reply);
    return sendPage(reply, centresOverviewPage({ ...frame(request, reply, locale, '/officer/centres'), centres: await listCentreOversight(deps.db) }));
  });

  server.get('/officer/centres/:location', { schema: { hide: true, params: Centre, querystring: ActionsQuery }, preValidation: dropEmptyFilters, preHandler: read }, async (request, reply) => {
    const locale = pageLocale(request, reply);
    const { page = 1, size = PAGE_SIZE, event, reference } = request.query;
    const centre = await centreOversight(deps, request.params.location, {
      days: DAYS, actions: { ...(event ? { event } : {}), ...(reference ? { reference } : {}), offset: (page - 1) * size, size },
      stops: { offset: 0, size: 0 }, reconciliations: { offset: 0, size: 0 },
    });
    return sendPage(reply, centreDetailPage({ ...frame(request, reply, locale, `/officer/centres/${centre.location}`), centre, page, size, filters: { ...(event ? { event } : {}), ...(reference ? { reference } : {}) } }));
  });

  server.get('/officer/centres/:location/stops', { schema: { hide: true, params: Centre, querystring: PagedQuery }, preHandler: read }, async (request, reply) => {
    const locale = pageLocale(request, reply);
    const { page = 1, size = PAGE_SIZE } = request.query;
    const centre = await centreOversight(deps, request.params.location, { days: DAYS, actions: { offset: 0, size: 0 }, stops: { offset: (page - 1) * size, size }, reconciliations: { offset: 0, size: 0 } });
    return sendPage(reply, centreStopsPage({ ...frame(request, reply, locale, `/officer/centres/${centre.location}/stops`), centre, page, size }));
  });

  server.get('/officer/centres/:location/reconciliations', { schema: { hide: true, params: Centre, querystring: PagedQuery }, preHandler: read }, async (request, reply) => {
    const locale = pageLocale(request, reply);
    const { page = 1, size = PAGE_SIZE } = request.query;
    const centre = await centreOversight(deps, request.params.location, { days: DAYS, actions: { offset: 0, size: 0 }, stops: { offset: 0, size: 0 }, reconciliations: { offset: (page - 1) * size, size } });
    return sendPage(reply, centreReconciliationsPage({ ...frame(request, reply, locale, `/officer/centres/${centre.location}/reconciliations`), centre, page, size }));
  });
}
