// SPDX-License-Identifier: Apache-2.0
import type { FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import Type from 'typebox';
import { requireJsonBody, signedInStaff, type Server } from '@tessera/platform';
import { DEFAULT_APPLY_RATE_LIMIT, type AuthorityDeps } from '../store/authority-deps.ts';
import { decideApplication } from '../store/decide-application.ts';
import { findOwnApplication } from '../store/find-own-application.ts';
import { getApplication } from '../store/get-application.ts';
import { listApplications } from '../store/list-applications.ts';
import { startPayment } from '../store/start-payment.ts';
import { submitApplication } from '../store/submit-application.ts';
import { withdrawApplication } from '../store/withdraw-application.ts';
import { approveCentreLogKeyReset } from '../store/approve-centre-log-key-reset.ts';
import { proposeCentreLogKeyReset } from '../store/propose-centre-log-key-reset.ts';
import { rotateCentreLogKey } from '../store/rotate-centre-log-key.ts';
import { setCentreSla } from '../store/set-centre-sla.ts';
import { setCentreState } from '../store/suspend-centre.ts';
import { statusLink } from '../store/links.ts';
import { ApplicationId, ApplicationSubmission, DecisionBody, QueueQuery, StatusToken } from './api-schemas.ts';
import { queueFilters } from './queue-filters.ts';
import { AUTHORITY_PERMISSIONS } from './permissions.ts';

export interface StaffGate {
  requirePermission(permission: string): preHandlerAsyncHookHandler;
  requireSignedIn(): preHandlerAsyncHookHandler;
}

/** The authority's JSON API: applicants (by their private token) and officers (by permission). */
export function registerAuthorityApi(server: Server, deps: AuthorityDeps, gate: StaffGate): void {
  server.post('/api/v1/applications', {
    config: { rateLimit: deps.applyRateLimit ?? DEFAULT_APPLY_RATE_LIMIT },
    schema: {
      summary: 'Apply for e-Residency',
      tags: ['applicant'],
      consumes: ['multipart/form-data'],
      body: ApplicationSubmission,
      response: { 201: Type.Object({ id: Type.String(), reference: Type.String(), statusUrl: Type.String(), paymentUrl: Type.Union([Type.String(), Type.Null()]) }) },
    },
  }, async (request, reply) => {
    const { photo, passportScan, _csrf: _ignored, ...form } = request.body;
    const submitted = await submitApplication(deps, form, {
      ...(photo ? { photo: { bytes: photo } } : {}),
      ...(passportScan ? { passportScan: { bytes: passportScan } } : {}),
    });
    const payment = await startPayment(deps, submitted.statusToken).catch((error: unknown) => {
      request.log.warn({ err: error }, 'payment could not be started; the applicant can retry from the status page');
      return null;
    });
    return reply.code(201).send({
      id: submitted.id,
      reference: submitted.reference,
      statusUrl: statusLink(deps.publicUrl, submitted.statusToken),
      paymentUrl: payment?.redirectUrl ?? null,
    });
  });

  server.get('/api/v1/applications/status/:token', {
    schema: { summary: 'Your application, by its private link', tags: ['applicant'], params: StatusToken },
  }, async (request) => findOwnApplication(deps.db, request.params.token));

  server.post('/api/v1/applications/status/:token/payment', {
    schema: { summary: 'Start paying the state fee', tags: ['applicant'], params: StatusToken },
  }, async (request) => startPayment(deps, request.params.token));

  server.post('/api/v1/applications/status/:token/withdrawal', {
    schema: { summary: 'Withdraw your application', tags: ['applicant'], params: StatusToken },
  }, async (request) => withdrawApplication(deps, request.params.token));

  server.get('/api/v1/officer/applications', {
    schema: { summary: 'The officers’ queue', tags: ['officer'], querystring: QueueQuery },
    preHandler: gate.requirePermission(AUTHORITY_PERMISSIONS.readApplications),
  }, async (request) => {
    const q = request.query;
    const size = q.size ?? 25;
    const page = q.page ?? 1;
    const result = await listApplications(deps.db, queueFilters(q), { offset: (page - 1) * size, size });
    return { ...result, page, size };
  });

  server.get('/api/v1/officer/applications/:id', {
    schema: { summary: 'One application with its checks and history', tags: ['officer'], params: ApplicationId },
    preHandler: gate.requirePermission(AUTHORITY_PERMISSIONS.readApplications),
  }, async (request) => getApplication(deps.db, deps.clock, request.params.id, { staffId: staffId(request), purpose: 'vetting' }));

  const Centre = Type.Object({ location: Type.String({ pattern: '^[a-z0-9-]{1,64}$' }) });
  server.put('/api/v1/officer/centres/:location/suspension', {
    schema: { summary: 'Suspend a partner centre: its calls over the exchange are refused from now on', tags: ['officer'], params: Centre, body: Type.Object({ reason: Type.String({ minLength: 3, maxLength: 500 }) }, { additionalProperties: false }) },
    preValidation: requireJsonBody,
    preHandler: gate.requirePermission(AUTHORITY_PERMISSIONS.overseeCentres),
  }, async (request) => setCentreState(deps, request.params.location, { state: 'suspended', actor: staffId(request), reason: request.body.reason }));
  server.delete('/api/v1/officer/centres/:location/suspension', {
    schema: { summary: 'Lift a partner centre’s suspension', tags: ['officer'], params: Centre },
    preHandler: gate.requirePermission(AUTHORITY_PERMISSIONS.overseeCentres),
  }, async (request) => setCentreState(deps, request.params.location, { state: 'active', actor: staffId(request) }));

  // Each optional: one left out takes its default. Ranges are checked by `setCentreSla`, which names every bad value.
  const SlaValue = Type.Optional(Type.Number());
  server.put('/api/v1/officer/centres/:location/sla', {
    schema: {
      summary: 'Set a partner centre’s service levels (the dashboard’s alerts and the inclusion check of its log use them)', tags: ['officer'], params: Centre,
      body: Type.Object({ checkInDays: SlaValue, reconciliationHours: SlaValue, treeHeadHours: SlaValue, disposalDays: SlaValue, inclusionGraceMinutes: SlaValue }, { additionalProperties: false }),
    },
    preValidation: requireJsonBody,
    preHandler: gate.requirePermission(AUTHORITY_PERMISSIONS.overseeCentres),
  }, async (request) => setCentreSla(deps, request.params.location, request.body, staffId(request)));

  const Base64url = Type.String({ maxLength: 200, pattern: '^[A-Za-z0-9_-]+$' });
  server.post('/api/v1/officer/centres/:location/log-key', {
    schema: {
      summary: 'Approve a partner centre’s new transparency-log key: a rotation statement signed by its pinned key and by the new key (docs/centre-log-key-rotation.md)', tags: ['officer'], params: Centre,
      body: Type.Object({
        payload: Type.Object({
          type: Type.Literal('tessera/log-key-rotation/v1'), log: Type.String({ maxLength: 64 }), at: Type.String({ format: 'date-time' }),
          newKey: Type.Object({ kty: Type.String({ maxLength: 10 }), crv: Type.String({ maxLength: 10 }), x: Base64url }, { additionalProperties: false }),
        }, { additionalProperties: false }),
        signatures: Type.Object({ old: Base64url, new: Base64url }, { additionalProperties: false }),
      }, { additionalProperties: false }),
    },
    preValidation: requireJsonBody,
    preHandler: gate.requirePermission(AUTHORITY_PERMISSIONS.overseeCentres),
  }, async (request) => rotateCentreLogKey(deps, request.params.location, request.body, staffId(request)));

  const ResetId = Type.Object({ location: Centre.properties.location, id: Type.String({ format: 'uuid' }) });
  server.post('/api/v1/officer/centres/:location/log-key-reset', {
    schema: {
      summary: 'Propose a new transparency-log key for a centre that lost its key (no rotation statement possible); a second overseer must approve it (docs/centre-log-key-rotation.md)', tags: ['officer'], params: Centre,
      body: Type.Object({
        newKey: Type.Object({ kty: Type.String({ maxLength: 10 }), crv: Type.String({ maxLength: 10 }), x: Base64url }, { additionalProperties: false }),
        reason: Type.String({ maxLength: 2000 }),
      }, { additionalProperties: false }),
    },
    preValidation: requireJsonBody,
    preHandler: gate.requirePermission(AUTHORITY_PERMISSIONS.overseeCentres),
  }, async (request, reply) => reply.code(201).send(await proposeCentreLogKeyReset(deps, request.params.location, request.body, staffId(request))));
  server.post('/api/v1/officer/centres/:location/log-key-reset/:id/approval', {
    schema: { summary: 'Approve a proposed reset of a centre’s lost log key: only an overseer other than the proposer (four eyes)', tags: ['officer'], params: ResetId },
    preValidation: requireJsonBody,
    preHandler: gate.requirePermission(AUTHORITY_PERMISSIONS.overseeCentres),
  }, async (request) => approveCentreLogKeyReset(deps, request.params.location, request.params.id, staffId(request)));

  server.post('/api/v1/officer/applications/:id/decision', {
    schema: { summary: 'Approve or reject', tags: ['officer'], params: ApplicationId, body: DecisionBody },
    // Signed in by cookie: JSON only, and the CSRF token in X-CSRF-Token (checked by the gate).
    preValidation: requireJsonBody,
    preHandler: gate.requirePermission(AUTHORITY_PERMISSIONS.decideApplications),
  }, async (request) => {
    const body = request.body;
    return decideApplication(deps, request.params.id, staffId(request), body.decision === 'approve' ? { decision: 'approve' } : { decision: 'reject', reason: body.reason, note: body.note });
  });
}

export function staffId(request: FastifyRequest): string {
  return signedInStaff(request).id;
}
