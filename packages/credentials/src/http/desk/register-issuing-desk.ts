// SPDX-License-Identifier: Apache-2.0
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import { pageLocale, requireJsonBody, sendPage, ValidationFailed, type Locale, type Server } from '@tessera/platform';
import { configurationId } from '../../domain/issuer/configuration-id.ts';
import { createOffer, OFFER_GRANTS } from '../../store/oid4vci/create-offer.ts';
import type { Oid4vciDeps } from '../../store/oid4vci/oid4vci-deps.ts';
import { activeTypes } from '../../store/types/find-types.ts';
import { CREDENTIALS_PERMISSIONS, type IssuerAdminOptions } from '../admin/register-issuer-admin.ts';
import { deskText } from './issuing-desk-messages.ts';
import { DESK_GRANTS, DESK_PATH, offerCreatedPage, offerFormPage, type DeskForm } from './issuing-desk-pages.ts';

export type IssuingDeskDeps = Pick<Oid4vciDeps, 'db' | 'clock' | 'issuerUrl' | 'offerMinutes' | 'randomBytes'>;

/** An identification code of 11 digits, and the card certificate's serial in hexadecimal: the API's schema and the page's check. */
const HOLDER = '^[0-9]{11}$';
const DOCUMENT_REF = '^[0-9A-Fa-f]{2,64}$';
const Holder = Type.String({ pattern: HOLDER });
const DocumentRef = Type.String({ pattern: DOCUMENT_REF });
const ConfigurationIdField = Type.String({ minLength: 3, maxLength: 140 });

/**
 * The issuing desk (`credentials:offer`): a clerk who checked the holder's identity creates a
 * pre-authorized offer, as a page (CSRF-protected form, in en/et/ko) or through the JSON API,
 * which takes an Idempotency-Key so a retried request gets the same offer instead of a second
 * one (the page's form carries a one-time key for the same purpose). The offer's creation is logged with the clerk as actor (createOffer); bad input is an
 * RFC 9457 problem (the page shows the issues beside the fields) and creates nothing. The
 * answer carries the transaction code, so it is never cached.
 */
export function registerIssuingDesk(server: Server, deps: IssuingDeskDeps, o: IssuerAdminOptions): void {
  const desk = o.requirePermission(CREDENTIALS_PERMISSIONS.offer);
  const actor = (request: FastifyRequest) => request.staff?.id ?? 'issuing-desk';
  const configurations = async (locale: Locale) => (await activeTypes(deps.db)).flatMap((t) => t.formats.map((format) => ({ id: configurationId(t.id, format), label: `${t.display[locale].name} (${format})` })));
  // Each form the page hands out carries a key of its own: submitted twice, it gets the first answer (the same offer).
  const newKey = () => Buffer.from(deps.randomBytes(16)).toString('base64url');

  server.post('/api/v1/credentials/offers', {
    schema: { body: Type.Object({ holder: Holder, documentRef: Type.Optional(Type.Union([DocumentRef, Type.Null()])), configurationIds: Type.Array(ConfigurationIdField, { minItems: 1, maxItems: 10, uniqueItems: true }),
      // Which grants the offer carries (default the pre-authorized code alone): authorization_code lets the holder sign in at the issuer instead.
      grants: Type.Optional(Type.Array(Type.Union(OFFER_GRANTS.map((g) => Type.Literal(g))), { minItems: 1, maxItems: 2, uniqueItems: true })) }, { additionalProperties: false }) },
    preValidation: requireJsonBody, preHandler: desk,
  }, async (request, reply) => {
    // Without a key a retried request would make a second offer for the same holder.
    if (!request.idempotency) throw new ValidationFailed([{ code: 'required', path: 'headers/idempotency-key', message: 'Send an Idempotency-Key with each new offer.' }]);
    const created = await createOffer(deps, { holder: request.body.holder, documentRef: request.body.documentRef ?? null, configurationIds: request.body.configurationIds, ...(request.body.grants ? { grants: request.body.grants } : {}) }, actor(request));
    return reply.code(201).header('cache-control', 'no-store').send({ offer: created.offer, link: created.link, offerUri: created.offerUri, referenceLink: created.referenceLink, qrSvg: created.qrSvg, txCode: created.txCode, expiresAt: created.expiresAt.toISOString() });
  });

  server.get(`${DESK_PATH}/offers/new`, { schema: { hide: true, querystring: Type.Object({ lang: Type.Optional(Type.String({ maxLength: 10 })) }, { additionalProperties: false }) }, preHandler: desk }, async (request, reply) => {
    const locale = pageLocale(request, reply);
    return sendPage(reply, offerFormPage({ locale, configurations: await configurations(locale), offerMinutes: deps.offerMinutes, staffName: request.staff?.displayName ?? '', csrfToken: reply.generateCsrf(), idempotencyKey: newKey(), form: {}, issues: [] }));
  });

  // Fields are optional in the schema so that the page, not a bare problem, names what is missing; the token too, so the CSRF check answers (403).
  // The form's key is its Idempotency-Key (registerIdempotency): a double submit is answered with the first page, QR and transaction code included,
  // since the browser shows the answer to the last submit; that answer is kept sealed under the key, which only the form held.
  server.post(`${DESK_PATH}/offers`, {
    config: { idempotencyKeyField: 'idempotencyKey' },
    schema: { hide: true, body: Type.Object({
      _csrf: Type.Optional(Type.String()), idempotencyKey: Type.Optional(Type.String({ maxLength: 255 })),
      holder: Type.Optional(Type.String({ maxLength: 40 })), documentRef: Type.Optional(Type.String({ maxLength: 80 })), configuration: Type.Optional(Type.String({ maxLength: 140 })), grant: Type.Optional(Type.String({ maxLength: 40 })),
    }) },
    preHandler: [desk, server.csrfProtection],
  }, async (request, reply) => {
    const locale = pageLocale(request, reply);
    const t = deskText(locale);
    const form: DeskForm = { holder: request.body.holder?.trim() ?? '', documentRef: request.body.documentRef?.trim() ?? '', configuration: request.body.configuration ?? '', grant: request.body.grant ?? 'pre-authorized_code' };
    const issues: ValidationFailed['issues'] = [];
    if (!new RegExp(HOLDER).test(form.holder!)) issues.push({ code: 'pattern', path: 'body/holder', message: t('holderHint') });
    if (form.documentRef && !new RegExp(DOCUMENT_REF).test(form.documentRef)) issues.push({ code: 'pattern', path: 'body/documentRef', message: t('documentRefHint') });
    if (!form.configuration) issues.push({ code: 'required', path: 'body/configuration', message: t('configurationHint') });
    if (!Object.hasOwn(DESK_GRANTS, form.grant!)) issues.push({ code: 'enum', path: 'body/grant', message: t('grantHint') });
    // A form without its key (one handed out before keys were) is shown again with one, so nothing is created twice.
    if (!request.idempotency) issues.push({ code: 'required', path: '', message: t('formExpired') });
    const refuse = async (found: ValidationFailed['issues']) => sendPage(reply, offerFormPage({
      locale, configurations: await configurations(locale), offerMinutes: deps.offerMinutes, staffName: request.staff?.displayName ?? '', csrfToken: reply.generateCsrf(), idempotencyKey: newKey(), form, issues: found,
    }), 400);
    if (issues.length) return refuse(issues);
    try {
      const created = await createOffer(deps, { holder: form.holder!, documentRef: form.documentRef || null, configurationIds: [form.configuration!], grants: DESK_GRANTS[form.grant as keyof typeof DESK_GRANTS] }, actor(request));
      reply.header('cache-control', 'no-store');
      return sendPage(reply, offerCreatedPage({ locale, offer: created, staffName: request.staff?.displayName ?? '', csrfToken: reply.generateCsrf() }), 201);
    } catch (error) {
      if (error instanceof ValidationFailed) return refuse(error.issues);
      throw error;
    }
  });
}
