// SPDX-License-Identifier: Apache-2.0
import type { FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { pageLocale, sendPage, ValidationFailed, signedInStaff, type Server, type StaffAuth } from '@tessera/platform';
import { HANDOVER_STOP_REASONS } from '../domain/appointment-window.ts';
import type { HandoverIdentity } from '../domain/authority-link.ts';
import type { CentreDeps } from '../store/centre-deps.ts';
import { staffCentre } from '../store/centre-scope.ts';
import { checkIdentity } from '../store/check-identity.ts';
import { completeHandover } from '../store/complete-handover.ts';
import { getHandover } from '../store/handover-context.ts';
import { identifyApplicant } from '../store/identify-applicant.ts';
import { listAppointments } from '../store/list-appointments.ts';
import { startHandover } from '../store/start-handover.ts';
import { stopHandover } from '../store/stop-handover.ts';
import { centreText } from './centre-messages.ts';
import { appointmentsPage } from './pages/appointments-page.ts';
import { handoverPage } from './pages/handover-page.ts';
import { CENTRE_PERMISSIONS } from './permissions.ts';

const Id = Type.Object({ id: Type.String({ format: 'uuid' }) });
const FilePart = Type.Unsafe<Buffer>({ description: 'binary file (multipart part: PNG or JPEG)' });

/** The appointments of the day and the guided handover, step by step. */
export function registerHandoverPages(server: Server, deps: CentreDeps, auth: StaffAuth, nav: (request: FastifyRequest, reply: FastifyReply, current: string) => Array<{ href: string; label: string; current: boolean }>): void {
  const gate = auth.requirePermission(CENTRE_PERMISSIONS.handover);

  server.get('/centre/appointments', { schema: { hide: true, querystring: Type.Object({ lang: Type.Optional(Type.String()) }) }, preHandler: gate }, async (request, reply) => {
    const locale = pageLocale(request, reply);
    const centre = await staffCentre(deps, signedInStaff(request));
    const rows = await listAppointments(deps.db, centre.code, { from: deps.clock.now(), hours: 12 });
    return sendPage(reply, appointmentsPage({ locale, centre, rows, now: deps.clock.now(), staffName: signedInStaff(request).displayName, csrfToken: reply.generateCsrf(), nav: nav(request, reply, 'appointments') }));
  });

  server.post('/centre/appointments/:id/handover', { schema: { hide: true, params: Id, body: Type.Object({ _csrf: Type.String() }) }, preHandler: [gate, server.csrfProtection] }, async (request, reply) => {
    const handover = await startHandover(deps, signedInStaff(request), request.params.id);
    return reply.redirect(`/centre/handovers/${handover.id}`, 303);
  });

  const show = async (request: FastifyRequest, reply: FastifyReply, id: string, identity?: HandoverIdentity) => {
    const locale = pageLocale(request, reply);
    const { handover, card } = await getHandover(deps.db, deps, signedInStaff(request), id);
    return sendPage(reply, handoverPage({ locale, handover, card, ...(identity ? { identity } : {}), staffName: signedInStaff(request).displayName, csrfToken: reply.generateCsrf(), nav: nav(request, reply, 'appointments') }));
  };

  server.get('/centre/handovers/:id', { schema: { hide: true, params: Id, querystring: Type.Object({ lang: Type.Optional(Type.String()) }) }, preHandler: gate }, async (request, reply) => show(request, reply, request.params.id));

  // The identity is shown only in this answer: a reload of the check step asks the authority again (and is recorded again).
  server.post('/centre/handovers/:id/identify', { schema: { hide: true, params: Id, body: Type.Object({ _csrf: Type.String() }) }, preHandler: [gate, server.csrfProtection] }, async (request, reply) => {
    const identity = await identifyApplicant(deps, signedInStaff(request), request.params.id);
    return show(request, reply, request.params.id, identity);
  });

  server.post('/centre/handovers/:id/checks', {
    schema: { hide: true, params: Id, body: Type.Object({ _csrf: Type.String(), passportMatches: Type.Optional(Type.Literal('yes')), faceMatches: Type.Optional(Type.Literal('yes')), sample: Type.Optional(FilePart) }) },
    preHandler: [gate, server.csrfProtection],
  }, async (request, reply) => {
    const sample = request.body.sample;
    if (!Buffer.isBuffer(sample) || sample.length === 0) throw new ValidationFailed([{ code: 'required', path: '/body/sample', message: centreText(pageLocale(request, reply))('livePhoto') }]);
    await checkIdentity(deps, signedInStaff(request), request.params.id, { passportMatches: request.body.passportMatches === 'yes', faceMatches: request.body.faceMatches === 'yes', sample: new Uint8Array(sample) });
    return reply.redirect(`/centre/handovers/${request.params.id}`, 303);
  });

  server.post('/centre/handovers/:id/complete', { schema: { hide: true, params: Id, body: Type.Object({ _csrf: Type.String(), receiptSignedBy: Type.String({ minLength: 1, maxLength: 200 }) }) }, preHandler: [gate, server.csrfProtection] }, async (request, reply) => {
    await completeHandover(deps, signedInStaff(request), request.params.id, { receiptSignedBy: request.body.receiptSignedBy });
    return reply.redirect(`/centre/handovers/${request.params.id}`, 303);
  });

  server.post('/centre/handovers/:id/stop', { schema: { hide: true, params: Id, body: Type.Object({ _csrf: Type.String(), reason: Type.Union(HANDOVER_STOP_REASONS.map((r) => Type.Literal(r))) }) }, preHandler: [gate, server.csrfProtection] }, async (request, reply) => {
    await stopHandover(deps, signedInStaff(request), request.params.id, request.body.reason);
    return reply.redirect(`/centre/handovers/${request.params.id}`, 303);
  });
}
