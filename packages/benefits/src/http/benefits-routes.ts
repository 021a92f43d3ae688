// SPDX-License-Identifier: Apache-2.0
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import { pageLocale, sendPage, Unauthenticated, type Server } from '@tessera/platform';
import { CertificateNotExpected } from '../benefits-errors.ts';
import { readPreferences } from '../domain/proactive/notification-preferences.ts';
import type { ConsentTier } from '../domain/engine/types.ts';
import { applyForOffer, sendPendingApplications } from '../store/apply-for-offer.ts';
import type { BenefitsDeps } from '../store/benefits-deps.ts';
import { chooseConsent } from '../store/choose-consent.ts';
import { declareHousePrice } from '../store/declare-house-price.ts';
import { personOverview } from '../store/person-overview.ts';
import { recordPresentedCertificate, requestCertificate } from '../store/present-certificate.ts';
import { reevaluatePerson } from '../store/reevaluate-person.ts';
import { setNotificationPreferences } from '../store/set-notification-preferences.ts';
import { subscribePush, unsubscribePush } from '../store/subscribe-push.ts';
import { PUSH_PAGE_SCRIPT, PUSH_SERVICE_WORKER } from './push-scripts.ts';
import { benefitsText } from './benefits-messages.ts';
import { benefitsPage } from './benefits-page.ts';
import { certificatePage } from './certificate-page.ts';

export interface BenefitsRouteOptions {
  /** The signed-in person's data subject (identification code with country prefix), from the service's own session; null when signed out. */
  citizen(request: FastifyRequest): Promise<string | null> | string | null;
  /** Where a signed-out browser is sent. */
  signInPath: string;
}

const DONE = ['consent', 'applied', 'price', 'pending', 'channels', 'push', 'pushOff', 'certificate'] as const;

/**
 * The person's benefits pages on the citizen portal: what they are entitled to and why, consent
 * tiers with receipts, the loan question, one-step application. Forms post with CSRF tokens;
 * bad input is answered with an RFC 9457 problem and changes nothing.
 */
export function registerBenefitsPages(server: Server, deps: BenefitsDeps, o: BenefitsRouteOptions): void {
  const subjectOf = async (request: FastifyRequest): Promise<string> => {
    const subject = await o.citizen(request);
    if (!subject) throw new Unauthenticated('Sign in with your digi-ID.');
    return subject;
  };
  // An evaluation needs the agencies; if they are unreachable the choice still stands and the next run catches up.
  const reevaluate = async (subject: string) => reevaluatePerson(deps, subject, 'consent').then(() => true, () => false);

  server.get('/citizen/benefits', { schema: { hide: true, querystring: Type.Object({ done: Type.Optional(Type.Union(DONE.map((d) => Type.Literal(d)))), lang: Type.Optional(Type.String({ maxLength: 5 })) }) } }, async (request, reply) => {
    const subject = await o.citizen(request);
    if (!subject) {
      if ((request.headers.accept ?? '').includes('text/html')) return reply.redirect(o.signInPath, 303);
      throw new Unauthenticated('Sign in with your digi-ID.');
    }
    const locale = pageLocale(request, reply);
    const t = benefitsText(locale);
    const done = request.query.done;
    return sendPage(reply, benefitsPage({ locale, overview: await personOverview(deps.db, subject), subject, programmes: deps.programmes, csrfToken: reply.generateCsrf(), channels: { push: deps.channels?.push?.vapidPublicKey ?? null, sms: Boolean(deps.channels?.sms) }, ...(done ? { notice: t(`done_${done}`) } : {}) }));
  });

  server.post('/citizen/benefits/consent', {
    schema: { hide: true, body: Type.Object({ tier: Type.Union([Type.Literal('basic'), Type.Literal('extended'), Type.Literal('financial'), Type.Literal('none')]), email: Type.Optional(Type.String({ maxLength: 254 })), _csrf: Type.Optional(Type.String()) }) },
    preHandler: server.csrfProtection,
  }, async (request, reply) => {
    const subject = await subjectOf(request);
    const tier: ConsentTier | null = request.body.tier === 'none' ? null : request.body.tier;
    const email = request.body.email?.trim() || undefined;
    await chooseConsent(deps, { subject, tier, email, locale: pageLocale(request, reply) });
    const ok = tier === null || (await reevaluate(subject));
    return reply.redirect(`/citizen/benefits?done=${ok ? 'consent' : 'pending'}`, 303);
  });

  server.post('/citizen/benefits/house-price', {
    schema: { hide: true, body: Type.Object({ price: Type.String({ pattern: '^\\s*[0-9][0-9,. ]{0,20}$' }), _csrf: Type.Optional(Type.String()) }) },
    preHandler: server.csrfProtection,
  }, async (request, reply) => {
    const subject = await subjectOf(request);
    await declareHousePrice(deps, { subject, price: Number(request.body.price.replace(/[,. ]/g, '')) });
    const ok = await reevaluate(subject);
    return reply.redirect(`/citizen/benefits?done=${ok ? 'price' : 'pending'}#loan`, 303);
  });

  server.post('/citizen/benefits/applications', {
    schema: { hide: true, body: Type.Object({ offer: Type.String({ format: 'uuid' }), _csrf: Type.Optional(Type.String()) }) },
    preHandler: server.csrfProtection,
  }, async (request, reply) => {
    const subject = await subjectOf(request);
    const applied = await applyForOffer(deps, { subject, offerId: request.body.offer });
    if (applied.status === 'awaiting-certificate') return reply.redirect(`/citizen/benefits/applications/${applied.id}/certificate`, 303);
    // Sent right away when the agency answers; otherwise the scheduled sender retries.
    await sendPendingApplications(deps, { max: 1 }).catch(() => undefined);
    return reply.redirect('/citizen/benefits?done=applied', 303);
  });

  server.post('/citizen/benefits/notifications', {
    schema: {
      hide: true,
      body: Type.Object({
        channels: Type.Optional(Type.Array(Type.String({ maxLength: 10 }), { maxItems: 3 })), phone: Type.Optional(Type.String({ maxLength: 32 })),
        timeZone: Type.String({ maxLength: 64 }), quietFrom: Type.Optional(Type.String({ maxLength: 5 })), quietUntil: Type.Optional(Type.String({ maxLength: 5 })), _csrf: Type.Optional(Type.String()),
      }),
    },
    preHandler: server.csrfProtection,
  }, async (request, reply) => {
    const subject = await subjectOf(request);
    const { channels = [], phone, timeZone, quietFrom, quietUntil } = request.body;
    await setNotificationPreferences(deps, { subject, preferences: readPreferences({ channels, timeZone, ...(phone !== undefined ? { phone } : {}), ...(quietFrom !== undefined ? { quietFrom } : {}), ...(quietUntil !== undefined ? { quietUntil } : {}) }) });
    return reply.redirect('/citizen/benefits?done=channels#channels', 303);
  });

  // The page's script gives the browser's subscription as JSON, with the CSRF token in a header.
  server.post('/citizen/benefits/push-subscriptions', {
    schema: {
      hide: true,
      body: Type.Object({ endpoint: Type.String({ maxLength: 2048 }), expirationTime: Type.Optional(Type.Union([Type.Null(), Type.Number()])), keys: Type.Object({ p256dh: Type.String({ maxLength: 128 }), auth: Type.String({ maxLength: 64 }) }) }),
    },
    preHandler: server.csrfProtection,
  }, async (request, reply) => {
    const { id } = await subscribePush(deps, { subject: await subjectOf(request), subscription: { endpoint: request.body.endpoint, keys: request.body.keys } });
    return reply.code(201).send({ id });
  });

  server.post('/citizen/benefits/push-subscriptions/remove', {
    schema: { hide: true, body: Type.Object({ endpoint: Type.String({ maxLength: 2048 }) }) },
    preHandler: server.csrfProtection,
  }, async (request, reply) => {
    await unsubscribePush(deps, { subject: await subjectOf(request), endpoint: request.body.endpoint });
    return reply.code(204).send();
  });

  server.get('/citizen/benefits/push.js', { schema: { hide: true } }, async (_request, reply) => reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(PUSH_PAGE_SCRIPT));
  server.get('/citizen/benefits/push-sw.js', { schema: { hide: true } }, async (_request, reply) => reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(PUSH_SERVICE_WORKER));

  const applicationParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
  const ownApplication = async (subject: string, id: string) => {
    const a = (await personOverview(deps.db, subject)).applications.find((x) => x.id === id);
    if (!a || a.status !== 'awaiting-certificate') throw new CertificateNotExpected('This application does not wait for a certificate.');
    return a;
  };
  server.get('/citizen/benefits/applications/:id/certificate', { schema: { hide: true, params: applicationParams, querystring: Type.Object({ pending: Type.Optional(Type.Literal('1')), lang: Type.Optional(Type.String({ maxLength: 5 })) }) } }, async (request, reply) => {
    const a = await ownApplication(await subjectOf(request), request.params.id);
    const locale = pageLocale(request, reply);
    const programme = deps.programmes.find((p) => p.id === a.programme)?.name ?? a.programme;
    return sendPage(reply, certificatePage({ locale, applicationId: a.id, reference: a.reference, programme, link: a.certificateLink, csrfToken: reply.generateCsrf(), ...(request.query.pending ? { notice: benefitsText(locale)('certPending') } : {}) }));
  });
  server.post('/citizen/benefits/applications/:id/certificate/request', { schema: { hide: true, params: applicationParams, body: Type.Object({ _csrf: Type.Optional(Type.String()) }) }, preHandler: server.csrfProtection }, async (request, reply) => {
    await requestCertificate(deps, { subject: await subjectOf(request), applicationId: request.params.id });
    return reply.redirect(`/citizen/benefits/applications/${request.params.id}/certificate`, 303);
  });
  server.post('/citizen/benefits/applications/:id/certificate/check', { schema: { hide: true, params: applicationParams, body: Type.Object({ _csrf: Type.Optional(Type.String()) }) }, preHandler: server.csrfProtection }, async (request, reply) => {
    const recorded = await recordPresentedCertificate(deps, { subject: await subjectOf(request), applicationId: request.params.id });
    if (recorded.status === 'pending') return reply.redirect(`/citizen/benefits/applications/${request.params.id}/certificate?pending=1`, 303);
    await sendPendingApplications(deps, { max: 1 }).catch(() => undefined);
    return reply.redirect('/citizen/benefits?done=certificate', 303);
  });
}
