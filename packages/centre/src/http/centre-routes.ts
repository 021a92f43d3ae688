// SPDX-License-Identifier: Apache-2.0
import type { FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { dropEmptyFilters, pageLocale, sendPage, signedInStaff, type Server, type StaffAuth } from '@tessera/platform';
import { CentreStepRefused } from '../domain/centre-errors.ts';
import { STOCK_STATES, type StockState } from '../domain/stock-state.ts';
import type { CentreDeps } from '../store/centre-deps.ts';
import { staffCentre } from '../store/centre-scope.ts';
import { confirmArrival } from '../store/confirm-arrival.ts';
import { listStock } from '../store/list-stock.ts';
import { reportCardProblem } from '../store/report-card-problem.ts';
import { disposeUncollected } from '../store/dispose-uncollected.ts';
import { centreText } from './centre-messages.ts';
import { stockPage } from './pages/stock-page.ts';
import { registerHandoverPages } from './handover-routes.ts';
import { CENTRE_PERMISSIONS } from './permissions.ts';

const PAGE_SIZE = 50;
const DocumentNumber = Type.String({ minLength: 1, maxLength: 20 });

/** The operators' pages of a centre: stock with check-in and problem reports. */
export function registerCentrePages(server: Server, deps: CentreDeps, auth: StaffAuth, afterChange: () => void): void {
  const stockGate = auth.requirePermission(CENTRE_PERMISSIONS.stock);
  const nav = (locale: Parameters<typeof centreText>[0], current: string) => {
    const t = centreText(locale);
    return [{ href: '/centre/stock', label: t('navStock'), current: current === 'stock' }, { href: '/centre/appointments', label: t('navAppointments'), current: current === 'appointments' }];
  };
  registerHandoverPages(server, deps, auth, (request, reply, current) => nav(pageLocale(request, reply), current));

  server.get('/centre', { schema: { hide: true }, preHandler: auth.requireSignedIn() }, async (_request, reply) => reply.redirect('/centre/stock', 303));

  const showStock = async (request: FastifyRequest, reply: FastifyReply, extra: { notice?: string; issues?: Array<{ code: string; path: string; message: string }>; status?: number } = {}) => {
    const locale = pageLocale(request, reply);
    const centre = await staffCentre(deps, signedInStaff(request));
    const query = (request.query ?? {}) as { state?: StockState; page?: number };
    const pageNo = query.page ?? 1;
    const result = await listStock(deps.db, centre.code, { ...(query.state ? { state: query.state } : {}), offset: (pageNo - 1) * PAGE_SIZE, size: PAGE_SIZE });
    return sendPage(reply, stockPage({
      locale, centre, ...result, supervises: signedInStaff(request).permissions.has(CENTRE_PERMISSIONS.supervise), state: query.state ?? '', page: pageNo, size: PAGE_SIZE, staffName: signedInStaff(request).displayName, csrfToken: reply.generateCsrf(), nav: nav(locale, 'stock'),
      ...(extra.notice ? { notice: extra.notice } : {}), ...(extra.issues ? { issues: extra.issues } : {}),
    }), extra.status ?? 200);
  };

  server.get('/centre/stock', {
    schema: { hide: true, querystring: Type.Object({ state: Type.Optional(Type.Union(STOCK_STATES.map((s) => Type.Literal(s)))), page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })), lang: Type.Optional(Type.String()), done: Type.Optional(Type.String({ maxLength: 200 })) }) },
    preValidation: dropEmptyFilters,
    preHandler: stockGate,
  }, async (request, reply) => showStock(request, reply, request.query.done ? { notice: request.query.done } : {}));

  // A refused step re-renders the page with the reason beside the field, and changes nothing.
  const refused = (request: FastifyRequest, reply: FastifyReply, error: unknown, field: string) => {
    if (!(error instanceof CentreStepRefused)) throw error;
    return showStock(request, reply, { issues: [{ code: error.code, path: `body/${field}`, message: error.message }], status: error.status });
  };

  server.post('/centre/arrivals', { schema: { hide: true, body: Type.Object({ _csrf: Type.String(), documentNumber: DocumentNumber }) }, preHandler: [stockGate, server.csrfProtection] }, async (request, reply) => {
    let card;
    try {
      card = await confirmArrival(deps, signedInStaff(request), request.body.documentNumber);
    } catch (error) {
      return refused(request, reply, error, 'documentNumber');
    }
    afterChange();
    return reply.redirect(`/centre/stock?done=${encodeURIComponent(centreText(pageLocale(request, reply))('arrived', { documentNumber: card.documentNumber }))}`, 303);
  });

  server.post('/centre/problems', {
    schema: { hide: true, body: Type.Object({ _csrf: Type.String(), problemDocumentNumber: DocumentNumber, problem: Type.Union([Type.Literal('missing'), Type.Literal('damaged')]), note: Type.String({ minLength: 1, maxLength: 500 }) }) },
    preHandler: [stockGate, server.csrfProtection],
  }, async (request, reply) => {
    let card;
    try {
      card = await reportCardProblem(deps, signedInStaff(request), { documentNumber: request.body.problemDocumentNumber, problem: request.body.problem, note: request.body.note });
    } catch (error) {
      return refused(request, reply, error, 'problemDocumentNumber');
    }
    afterChange();
    const t = centreText(pageLocale(request, reply));
    return reply.redirect(`/centre/stock?done=${encodeURIComponent(t('reported', { documentNumber: card.documentNumber, problem: t(`problem_${request.body.problem}`) }))}`, 303);
  });

  server.post('/centre/disposals', {
    schema: {
      hide: true,
      body: Type.Object({
        _csrf: Type.String(), disposalDocumentNumber: DocumentNumber, disposition: Type.Union([Type.Literal('returned'), Type.Literal('destroyed')]),
        witness: Type.String({ minLength: 1, maxLength: 100 }), method: Type.String({ minLength: 3, maxLength: 200 }),
      }),
    },
    preHandler: [auth.requirePermission(CENTRE_PERMISSIONS.supervise), server.csrfProtection],
  }, async (request, reply) => {
    let card;
    try {
      card = await disposeUncollected(deps, signedInStaff(request), { documentNumber: request.body.disposalDocumentNumber, disposition: request.body.disposition, witness: request.body.witness, method: request.body.method });
    } catch (error) {
      return refused(request, reply, error, 'disposalDocumentNumber');
    }
    afterChange();
    return reply.redirect(`/centre/stock?done=${encodeURIComponent(`${card.documentNumber}: ${card.note ?? request.body.disposition}`)}`, 303);
  });
}
