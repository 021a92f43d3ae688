// SPDX-License-Identifier: Apache-2.0
import { Compile } from 'typebox/compile';
import type { FastifyReply } from 'fastify';
import { html, page, pageLocale, sendPage, validationIssues, ValidationFailed, type Server, type ValidationIssue } from '@tessera/platform';
import { ApplicationForm } from '../domain/application/application-form.ts';
import { DEFAULT_APPLY_RATE_LIMIT, type AuthorityDeps } from '../store/authority-deps.ts';
import { findOwnApplication } from '../store/find-own-application.ts';
import { listLocations } from '../store/seed-locations.ts';
import { startPayment } from '../store/start-payment.ts';
import { checkFiles, submitApplication } from '../store/submit-application.ts';
import { withdrawApplication } from '../store/withdraw-application.ts';
import { StatusToken } from './api-schemas.ts';
import { applyPage } from './pages/apply-page.ts';
import { homePage } from './pages/home-page.ts';
import { statusPage } from './pages/status-page.ts';
import { authorityText } from './pages/authority-messages.ts';

/** Holds the status token in the applicant's own browser while they are away paying. */
const RETURN_COOKIE = 'status_return';
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

const checkForm = Compile(ApplicationForm);

/**
 * The applicant portal: server-rendered pages that work without JavaScript. Forms post back to
 * the same page; on a mistake the page is shown again with an error summary and the answers kept.
 */
export function registerPortalPages(server: Server, deps: AuthorityDeps): void {
  server.get('/', { schema: { hide: true } }, async (request, reply) => {
    const locale = pageLocale(request, reply);
    return sendPage(reply, homePage({ locale, path: '/' }));
  });

  server.get('/apply', { schema: { hide: true } }, async (request, reply) => {
    const locale = pageLocale(request, reply);
    const locations = (await listLocations(deps.db)).filter((l) => l.active);
    return sendPage(reply, applyPage({ locale, path: '/apply', locations, values: {}, issues: [], csrfToken: reply.generateCsrf(), fees: deps.fees }));
  });

  server.post('/apply', { schema: { hide: true }, config: { rateLimit: deps.applyRateLimit ?? DEFAULT_APPLY_RATE_LIMIT }, preHandler: server.csrfProtection }, async (request, reply) => {
    const locale = pageLocale(request, reply);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const { photo, passportScan, _csrf: _token, ...fields } = body;
    const values = Object.fromEntries(Object.entries(fields).filter(([, v]) => typeof v === 'string').map(([k, v]) => [k, (v as string).trim()])) as Record<string, string>;
    const form = { ...values, locale };
    const render = async (issues: ValidationIssue[]) => {
      const locations = (await listLocations(deps.db)).filter((l) => l.active);
      return sendPage(reply, applyPage({ locale, path: '/apply', locations, values, issues, csrfToken: reply.generateCsrf(), fees: deps.fees }), 400);
    };
    const files = {
      ...(Buffer.isBuffer(photo) ? { photo: { bytes: photo } } : {}),
      ...(Buffer.isBuffer(passportScan) ? { passportScan: { bytes: passportScan } } : {}),
    };
    try {
      if (!checkForm.Check(form)) {
        // Files are checked too, so the applicant fixes everything in one go.
        const checked = checkFiles(deps.photoRules, files);
        throw new ValidationFailed([...validationIssues([...checkForm.Errors(form)] as never, 'body'), ...checked.photo.issues, ...checked.scan.issues]);
      }
      const submitted = await submitApplication(deps, form, files);
      const payment = await startPayment(deps, submitted.statusToken).catch(() => null);
      if (payment) rememberForReturn(reply, submitted.statusToken);
      return reply.redirect(payment?.redirectUrl ?? `/applications/status/${submitted.statusToken}`, 303);
    } catch (error) {
      if (error instanceof ValidationFailed) return render(error.issues);
      throw error;
    }
  });

  server.get('/applications/status/:token', { schema: { hide: true, params: StatusToken } }, async (request, reply) => {
    const locale = pageLocale(request, reply);
    const application = await findOwnApplication(deps.db, request.params.token);
    // `payment` is set by the provider's redirect back; the outcome itself comes by signed webhook.
    const query = request.query as { payment?: string; done?: string };
    const notice = query.payment === 'succeeded' ? 'paymentReturnSucceeded' : query.payment === 'failed' || query.payment === 'cancelled' ? 'paymentReturnFailed' : query.done === 'withdrawn' ? 'withdrawn' : undefined;
    return sendPage(reply, statusPage({ locale, path: request.url.split('?')[0]!, application, csrfToken: reply.generateCsrf(), token: request.params.token, ...(notice ? { notice } : {}) }));
  });

  server.post('/applications/status/:token/payment', { schema: { hide: true, params: StatusToken }, preHandler: server.csrfProtection }, async (request, reply) => {
    const { redirectUrl } = await startPayment(deps, request.params.token);
    rememberForReturn(reply, request.params.token);
    return reply.redirect(redirectUrl, 303);
  });

  // Where the payment provider sends the applicant back: it was never given the private link.
  server.get('/applications/payment-return', { schema: { hide: true } }, async (request, reply) => {
    const query = request.query as { payment?: string };
    const raw = request.cookies[RETURN_COOKIE];
    const unsigned = raw ? request.unsignCookie(raw) : null;
    const token = unsigned?.valid ? unsigned.value : null;
    if (token && TOKEN.test(token)) {
      const outcome = query.payment === 'succeeded' || query.payment === 'failed' || query.payment === 'cancelled' ? `?payment=${query.payment}` : '';
      return reply.redirect(`/applications/status/${token}${outcome}`, 303);
    }
    const locale = pageLocale(request, reply);
    const t = authorityText(locale);
    return sendPage(reply, page({ title: t('service'), locale, service: t('service'), path: '/applications/payment-return', body: html`<p>${t('paymentReturnNoLink')}</p>` }));
  });

  function rememberForReturn(reply: FastifyReply, token: string): void {
    // Lax: the provider's redirect back is a top-level navigation from its site.
    reply.setCookie(RETURN_COOKIE, token, { signed: true, httpOnly: true, sameSite: 'lax', path: '/applications/payment-return', maxAge: 3600, secure: deps.publicUrl.startsWith('https:') });
  }

  server.post('/applications/status/:token/withdrawal', { schema: { hide: true, params: StatusToken }, preHandler: server.csrfProtection }, async (request, reply) => {
    await withdrawApplication(deps, request.params.token);
    return reply.redirect(`/applications/status/${request.params.token}?done=withdrawn`, 303);
  });
}
