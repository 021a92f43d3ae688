// SPDX-License-Identifier: Apache-2.0
import Type, { type Static } from 'typebox';
import type { FastifyRequest } from 'fastify';
import { dropEmptyFilters, NotFound, pageLocale, sendPage, ValidationFailed, signedInStaff, type Server, type ValidationIssue } from '@tessera/platform';
import type { AuthorityDeps } from '../store/authority-deps.ts';
import { centreOversight, CUSTODY_ACTIONS, listCentreOversight } from '../store/centre-oversight.ts';
import { staffId, type StaffGate } from './api-routes.ts';
import { centreStateConfirmPage, nextState } from './pages/centre-state-page.ts';
import { oversightText } from './pages/oversight-messages.ts';
import { setCentreSla } from '../store/set-centre-sla.ts';
import { setCentreState } from '../store/suspend-centre.ts';
import { localisedSlaIssues, SLA_KEYS } from './pages/centre-sla-form.ts';
import { centreSlaText } from './pages/centre-sla-messages.ts';
import { logKeyResetText } from './pages/log-key-reset-messages.ts';
import { approveCentreLogKeyReset } from '../store/approve-centre-log-key-reset.ts';
import { proposeCentreLogKeyReset } from '../store/propose-centre-log-key-reset.ts';
import { CentreLogKeyResetFourEyes, CentreLogKeyResetRefused } from '../domain/authority-errors.ts';
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
  const oversee = gate.requirePermission(AUTHORITY_PERMISSIONS.overseeCentres);
  const frame = (request: FastifyRequest, reply: { generateCsrf(): string }, locale: ReturnType<typeof pageLocale>, path: string) => ({
    locale, path, staffName: signedInStaff(request).displayName, csrfToken: reply.generateCsrf(),
  });

  server.get('/api/v1/officer/centres', {
    schema: { summary: 'Every partner centre with its figures, from the authority’s own records', tags: ['officer'] },
    preHandler: read,
  }, async () => ({ centres: await listCentreOversight(deps) }));

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
    return sendPage(reply, centresOverviewPage({ ...frame(request, reply, locale, '/officer/centres'), centres: await listCentreOversight(deps) }));
  });

  const detail = async (request: Parameters<typeof read>[0] & { staff?: { displayName: string; permissions: ReadonlySet<string> } | null }, reply: Parameters<typeof sendPage>[0], location: string,
    query: Static<typeof ActionsQuery> & { changed?: string }, extra: {
      reason?: string; issues?: ValidationIssue[]; sla?: { values: Record<string, string>; issues: ValidationIssue[] };
      reset?: { values?: { key?: string; reason?: string }; issues: ValidationIssue[] }; status?: number;
    } = {}) => {
    const locale = pageLocale(request, reply);
    const { page = 1, size = PAGE_SIZE, event, reference } = query;
    const centre = await centreOversight(deps, location, {
      days: DAYS, actions: { ...(event ? { event } : {}), ...(reference ? { reference } : {}), offset: (page - 1) * size, size },
      stops: { offset: 0, size: 0 }, reconciliations: { offset: 0, size: 0 },
    });
    const t = oversightText(locale);
    const resetText = logKeyResetText(locale);
    const notices: Record<string, string> = {
      suspended: t('suspendedNotice'), active: t('resumedNotice'), sla: centreSlaText(locale)('slaSavedNotice'),
      'reset-proposed': resetText('resetProposedNotice'), 'reset-approved': resetText('resetApprovedNotice'),
    };
    const notice = query.changed && Object.hasOwn(notices, query.changed) ? notices[query.changed] : undefined;
    const mayChange = signedInStaff(request).permissions.has(AUTHORITY_PERMISSIONS.overseeCentres);
    return sendPage(reply, centreDetailPage({
      ...frame(request, reply, locale, `/officer/centres/${centre.location}`), centre, page, size, filters: { ...(event ? { event } : {}), ...(reference ? { reference } : {}) },
      ...(mayChange ? {
        stateForm: { ...(extra.reason !== undefined ? { reason: extra.reason } : {}), ...(extra.issues ? { issues: extra.issues } : {}) }, slaForm: extra.sla ?? {},
        resetForm: { staffId: staffId(request), ...(extra.reset?.values ? { values: extra.reset.values } : {}), issues: extra.reset?.issues ?? [] },
      } : {}),
      ...(notice ? { notice } : {}),
    }), extra.status);
  };

  server.get('/officer/centres/:location', { schema: { hide: true, params: Centre, querystring: Type.Object({ ...ActionsQuery.properties, changed: Type.Optional(Type.Union(['suspended', 'active', 'sla', 'reset-proposed', 'reset-approved'].map((c) => Type.Literal(c)))) }, { additionalProperties: false }) }, preValidation: dropEmptyFilters, preHandler: read }, async (request, reply) =>
    detail(request, reply, request.params.location, request.query));

  /**
   * The overseer suspends a centre or lifts its suspension, in two steps without JavaScript: the
   * form (state and reason) answers a confirmation page naming the consequences; only the
   * confirmed form changes the state, with the reason and the overseer in the authority's log.
   * A reason too short or too long answers the centre's page with the error (400), nothing changed.
   */
  server.post('/officer/centres/:location/state', {
    schema: { hide: true, params: Centre, body: Type.Object({ state: Type.Union([Type.Literal('suspended'), Type.Literal('active')]), reason: Type.Optional(Type.String({ maxLength: 2000 })), confirmed: Type.Optional(Type.Literal('yes')), _csrf: Type.Optional(Type.String()) }) },
    preHandler: [oversee, server.csrfProtection],
  }, async (request, reply) => {
    const locale = pageLocale(request, reply);
    const [current] = await listCentreOversight(deps, request.params.location);
    if (!current) throw new NotFound('No partner centre has this code.');
    const reason = (request.body.reason ?? '').trim();
    if (reason.length < 3 || reason.length > 500) {
      return detail(request, reply, current.location, {}, { reason, issues: [{ code: 'invalid', path: 'reason', message: oversightText(locale)('stateReasonMissing') }], status: 400 });
    }
    // The form names the state it leads to: sent again after the state changed, it changes nothing.
    if (request.body.state !== nextState(current)) return reply.redirect(`/officer/centres/${current.location}`, 303);
    if (request.body.confirmed !== 'yes') {
      return sendPage(reply, centreStateConfirmPage({ ...frame(request, reply, locale, `/officer/centres/${current.location}`), centre: current, reason }));
    }
    await setCentreState(deps, current.location, { state: request.body.state, actor: staffId(request), reason });
    return reply.redirect(`/officer/centres/${current.location}?changed=${request.body.state}`, 303);
  });

  /**
   * The overseer's service-level form: the same check and store as the API's PUT (`setCentreSla`,
   * every value or none). Bad values answer the page again (400) with each field's error and what
   * was typed, nothing changed. Sending the same values twice changes and logs nothing the second time.
   */
  const SlaField = Type.Optional(Type.String({ maxLength: 20 }));
  server.post('/officer/centres/:location/sla', {
    schema: { hide: true, params: Centre, body: Type.Object({ ...Object.fromEntries(SLA_KEYS.map((k) => [k, SlaField])), _csrf: Type.Optional(Type.String()) }) },
    preHandler: [oversee, server.csrfProtection],
  }, async (request, reply) => {
    const body = request.body as Record<string, string | undefined>;
    const values = Object.fromEntries(SLA_KEYS.map((k) => [k, (body[k] ?? '').trim()]));
    // Only digits become numbers; anything else goes as typed, for setCentreSla to refuse with the field named.
    const parsed = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, /^\d{1,9}$/.test(v) ? Number(v) : v]));
    try {
      await setCentreSla(deps, request.params.location, parsed, staffId(request));
    } catch (error) {
      if (!(error instanceof ValidationFailed)) throw error;
      return detail(request, reply, request.params.location, {}, { sla: { values, issues: localisedSlaIssues(pageLocale(request, reply), error.issues) }, status: 400 });
    }
    return reply.redirect(`/officer/centres/${request.params.location}?changed=sla`, 303);
  });

  /**
   * The four-eyes reset of a centre's lost log key, as forms: one overseer proposes the new key
   * with a reason, another approves it (the same store operations as the API). A bad key or
   * reason answers the page again (400) with the field's error; approving one's own proposal
   * answers it with the four-eyes error (409); either way nothing changes.
   */
  server.post('/officer/centres/:location/log-key-reset', {
    schema: { hide: true, params: Centre, body: Type.Object({ resetKey: Type.Optional(Type.String({ maxLength: 200 })), resetReason: Type.Optional(Type.String({ maxLength: 2000 })), _csrf: Type.Optional(Type.String()) }) },
    preHandler: [oversee, server.csrfProtection],
  }, async (request, reply) => {
    const t = logKeyResetText(pageLocale(request, reply));
    const values = { key: (request.body.resetKey ?? '').trim(), reason: (request.body.resetReason ?? '').trim() };
    const issues: ValidationIssue[] = [];
    if (!/^[A-Za-z0-9_-]{43}$/.test(values.key)) issues.push({ code: 'invalid', path: 'resetKey', message: t('resetKeyInvalid') });
    if (values.reason.length < 3 || values.reason.length > 500) issues.push({ code: 'invalid', path: 'resetReason', message: t('resetReasonInvalid') });
    try {
      if (issues.length === 0) await proposeCentreLogKeyReset(deps, request.params.location, { newKey: { kty: 'OKP', crv: 'Ed25519', x: values.key }, reason: values.reason }, staffId(request));
    } catch (error) {
      // The reason was checked above: what the store still refuses is the key (not a point of the curve, or the key pinned now).
      if (!(error instanceof CentreLogKeyResetRefused)) throw error;
      issues.push({ code: 'invalid', path: 'resetKey', message: t('resetKeyInvalid') });
    }
    if (issues.length > 0) return detail(request, reply, request.params.location, {}, { reset: { values, issues }, status: 400 });
    return reply.redirect(`/officer/centres/${request.params.location}?changed=reset-proposed`, 303);
  });
  server.post('/officer/centres/:location/log-key-reset/:id/approve', {
    schema: { hide: true, params: Type.Object({ ...Centre.properties, id: Type.String({ format: 'uuid' }) }), body: Type.Object({ _csrf: Type.Optional(Type.String()) }) },
    preHandler: [oversee, server.csrfProtection],
  }, async (request, reply) => {
    try {
      await approveCentreLogKeyReset(deps, request.params.location, request.params.id, staffId(request));
    } catch (error) {
      if (!(error instanceof CentreLogKeyResetFourEyes)) throw error;
      const t = logKeyResetText(pageLocale(request, reply));
      return detail(request, reply, request.params.location, {}, { reset: { issues: [{ code: error.code, path: 'resetKey', message: t('resetFourEyes') }] }, status: 409 });
    }
    return reply.redirect(`/officer/centres/${request.params.location}?changed=reset-approved`, 303);
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
