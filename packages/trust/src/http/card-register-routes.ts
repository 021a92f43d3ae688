// SPDX-License-Identifier: Apache-2.0
import type { FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import 'reflect-metadata';
import { X509Certificate } from '@peculiar/x509';
import Type from 'typebox';
import { dropEmptyFilters, pageLocale, sendPage, ValidationFailed, signedInStaff, type Server, type ValidationIssue } from '@tessera/platform';
import { CARD_STATES, REVOCATION_REASONS, type CardRevocationReason } from '../domain/card-status.ts';
import { changeCardState, type CardChange } from '../register/change-card-state.ts';
import { cardCertificate, getCard, listCards } from '../register/find-cards.ts';
import type { TrustDeps } from '../register/trust-deps.ts';
import { cardText } from './pages/card-messages.ts';
import { cardPage } from './pages/card-page.ts';
import { cardRegisterPage } from './pages/card-register-page.ts';
import { TRUST_PERMISSIONS } from './permissions.ts';

export interface CardRegisterOptions {
  requirePermission(permission: string): preHandlerAsyncHookHandler;
  /** Pickup locations for the filter, from the authority. */
  locations: () => Promise<Array<{ value: string; label: string }>>;
}

const PAGE_SIZE = 25;
const CardId = Type.Object({ id: Type.String({ format: 'uuid' }) });
const ListQuery = Type.Object({
  state: Type.Optional(Type.Union(CARD_STATES.map((s) => Type.Literal(s)))),
  location: Type.Optional(Type.String({ maxLength: 40, pattern: '^[a-z0-9-]+$' })),
  document: Type.Optional(Type.String({ maxLength: 12 })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
  lang: Type.Optional(Type.String()),
}, { additionalProperties: false });

/** The officers' card register: list, one card with its certificates, suspend / resume / revoke. */
export function registerCardRegisterPages(server: Server, deps: TrustDeps, o: CardRegisterOptions): void {
  const read = o.requirePermission(TRUST_PERMISSIONS.readCards);
  const manage = o.requirePermission(TRUST_PERMISSIONS.manageCards);

  server.get('/officer/cards', { schema: { hide: true, querystring: ListQuery }, preValidation: dropEmptyFilters, preHandler: read }, async (request, reply) => {
    const locale = pageLocale(request, reply);
    const { lang: _lang, page: pageNo = 1, ...filters } = request.query;
    const result = await listCards(deps.db, {
      ...(filters.state ? { state: filters.state } : {}),
      ...(filters.location ? { pickupLocation: filters.location } : {}),
      ...(filters.document ? { documentNumber: filters.document } : {}),
    }, { offset: (pageNo - 1) * PAGE_SIZE, size: PAGE_SIZE });
    return sendPage(reply, cardRegisterPage({
      locale, result, page: pageNo, size: PAGE_SIZE, filters: filters as Record<string, string>, locations: await o.locations(),
      staffName: signedInStaff(request).displayName, csrfToken: reply.generateCsrf(),
    }));
  });

  const show = async (request: FastifyRequest, reply: Parameters<typeof sendPage>[0], id: string, extra: { issues?: ValidationIssue[]; notice?: string; status?: number } = {}) => {
    const locale = pageLocale(request, reply);
    const staff = signedInStaff(request);
    const detail = await getCard(deps.db, deps.clock, id, { staffId: staff.id, purpose: 'card administration' });
    return sendPage(reply, cardPage({
      locale, detail, canManage: staff.permissions.has(TRUST_PERMISSIONS.manageCards), staffName: staff.displayName, csrfToken: reply.generateCsrf(),
      issues: extra.issues ?? [], ...(extra.notice ? { notice: extra.notice } : {}),
    }), extra.status ?? 200);
  };

  server.get('/officer/cards/:id', { schema: { hide: true, params: CardId, querystring: Type.Object({ done: Type.Optional(Type.String()), lang: Type.Optional(Type.String()) }) }, preHandler: read }, async (request, reply) => {
    const notice = request.query.done ? cardText(pageLocale(request, reply))('changed') : undefined;
    return show(request, reply, request.params.id, notice ? { notice } : {});
  });

  server.get('/officer/cards/:id/certificates/:usage', {
    schema: { hide: true, params: Type.Object({ id: Type.String({ format: 'uuid' }), usage: Type.Union([Type.Literal('authentication.pem'), Type.Literal('signing.pem')]) }) },
    preHandler: read,
  }, async (request, reply) => {
    const der = await cardCertificate(deps.db, deps.clock, request.params.id, request.params.usage.replace('.pem', ''), { staffId: signedInStaff(request).id, purpose: 'certificate download' });
    return reply.type('application/x-pem-file').header('content-disposition', `attachment; filename="${request.params.usage}"`).header('cache-control', 'no-store')
      .send(`${new X509Certificate(new Uint8Array(der)).toString('pem')}\n`);
  });

  server.post('/officer/cards/:id/state', {
    schema: {
      hide: true,
      params: CardId,
      body: Type.Object({ _csrf: Type.String(), action: Type.Union([Type.Literal('suspend'), Type.Literal('resume'), Type.Literal('revoke')]), reason: Type.Optional(Type.String({ maxLength: 40 })) }),
    },
    preHandler: [manage, server.csrfProtection],
  }, async (request, reply) => {
    const { action, reason } = request.body;
    try {
      if (action === 'revoke' && !(reason && Object.hasOwn(REVOCATION_REASONS, reason))) {
        throw new ValidationFailed([{ code: 'required', path: 'body/reason', message: 'Choose why the card is revoked.' }]);
      }
      const change: CardChange = action === 'revoke' ? { action, reason: reason as CardRevocationReason } : { action };
      await changeCardState(deps, request.params.id, change, signedInStaff(request).id);
    } catch (error) {
      if (error instanceof ValidationFailed) return show(request, reply, request.params.id, { issues: error.issues, status: 400 });
      throw error;
    }
    return reply.redirect(`/officer/cards/${request.params.id}?done=1`, 303);
  });
}

