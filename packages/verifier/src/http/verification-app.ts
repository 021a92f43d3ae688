// SPDX-License-Identifier: Apache-2.0
import type { FastifyReply, FastifyRequest } from 'fastify';
import { csrfField, escapeHtml, html, page, pageLocale, raw, sendPage, summaryList, verifyCsrf, type Locale, type SafeHtml, type Server } from '@tessera/platform';
import { checkQueryWithinRegistration } from '../domain/dcql/check-registration.ts';
import { isTemplateId, templateQuery, VERIFICATION_TEMPLATES, type TemplateId } from '../domain/templates/verification-templates.ts';
import { REFUSALS, type RefusalCode } from '../domain/verifier-errors.ts';
import { createPresentationRequest, requestLink } from '../store/create-presentation-request.ts';
import { findPresentationRequest } from '../store/find-presentation-request.ts';
import { findRelyingParty, relyingPartyByApiKey, type RelyingPartyRow } from '../store/relying-party-identity.ts';
import type { VerifierDeps } from '../store/verifier-deps.ts';
import { SignInForm, TemplateForm } from './verifier-schemas.ts';

/** Labels of a type's claims, by vct or mdoc doctype and claim (element) name, for the result page (the issuer's catalogue). */
export type ClaimLabels = (vct: string, claim: string, locale: Locale) => string | undefined;

const COOKIE = 'verify_rp';
const T = {
  service: { en: 'Tessera verification', ko: 'Tessera 신원 확인', et: 'Tessera kontroll' },
  signIn: { en: 'Sign in with your organisation’s API key', ko: '기관 API 키로 로그인', et: 'Logi sisse asutuse API-võtmega' },
  apiKey: { en: 'API key', ko: 'API 키', et: 'API-võti' },
  continue: { en: 'Continue', ko: '계속', et: 'Jätka' },
  wrongKey: { en: 'That API key is not a registered relying party’s.', ko: '등록된 기관의 API 키가 아닙니다.', et: 'See API-võti ei kuulu registreeritud asutusele.' },
  choose: { en: 'What do you need to check?', ko: '무엇을 확인하시겠습니까?', et: 'Mida on vaja kontrollida?' },
  start: { en: 'Ask the customer', ko: '고객에게 요청', et: 'Küsi kliendilt' },
  scan: { en: 'Ask the customer to scan this code with their wallet', ko: '고객에게 전자지갑으로 이 코드를 스캔하도록 안내하세요', et: 'Palu kliendil see kood rahakotiga skannida' },
  sameDevice: { en: 'Open in the web wallet on this device', ko: '이 기기의 웹 지갑에서 열기', et: 'Ava selle seadme veebirahakotis' },
  waiting: { en: 'Waiting for the customer…', ko: '고객 응답 대기 중…', et: 'Ootan klienti…' },
  retrieved: { en: 'The customer’s wallet has the request.', ko: '고객의 지갑이 요청을 받았습니다.', et: 'Kliendi rahakott sai päringu.' },
  verified: { en: 'Verified', ko: '확인 완료', et: 'Kontrollitud' },
  refused: { en: 'Not accepted', ko: '확인 불가', et: 'Ei aktsepteeritud' },
  issuer: { en: 'Issued by', ko: '발급기관', et: 'Väljaandja' },
  yes: { en: 'Yes', ko: '예', et: 'Jah' },
  no: { en: 'No', ko: '아니요', et: 'Ei' },
  again: { en: 'New check', ko: '새 확인', et: 'Uus kontroll' },
  expires: { en: 'The request expires at', ko: '요청 만료 시각', et: 'Päring aegub' },
} as const;

/**
 * The verification app for banks, employers and agencies at /verify: a clerk signs in with the
 * relying party's API key, picks a template its registration allows, shows the QR (or opens the
 * wallet on the same device) and sees the result at a glance: the verified claims, or the
 * reason the presentation was not accepted.
 */
export function registerVerificationApp(server: Server, deps: VerifierDeps, o: { claimLabels: ClaimLabels; walletPath?: string }): void {
  const tr = (key: keyof typeof T, locale: Locale) => T[key][locale];
  const signedIn = async (request: FastifyRequest): Promise<RelyingPartyRow | null> => {
    const cookie = request.cookies[COOKIE];
    const unsigned = cookie ? request.unsignCookie(cookie) : null;
    if (!unsigned?.valid || !unsigned.value) return null;
    return findRelyingParty(deps, unsigned.value).catch(() => null);
  };
  const show = (reply: FastifyReply, locale: Locale, path: string, title: string, body: SafeHtml, status = 200) =>
    sendPage(reply, page({ title, locale, body, service: tr('service', locale), path }), status);
  const allowed = (rp: RelyingPartyRow) => (Object.keys(VERIFICATION_TEMPLATES) as TemplateId[]).filter((id) => {
    try {
      checkQueryWithinRegistration(templateQuery(id, deps.vctBase, rp.claims), rp.claims);
      return true;
    } catch {
      return false;
    }
  });
  const signInForm = (locale: Locale, csrf: string, error?: string) => html`<h1>${tr('signIn', locale)}</h1>
    ${error ? html`<div class="error-summary" role="alert"><p>${error}</p></div>` : ''}
    <form method="post" action="/verify/sign-in">${csrfField(csrf)}
      <div class="field"><label class="field__label" for="api-key">${tr('apiKey', locale)}</label><input class="field__input" id="api-key" name="api_key" type="password" autocomplete="off" required></div>
      <button class="button" type="submit">${tr('continue', locale)}</button></form>`;

  server.get('/verify', async (request, reply) => {
    const locale = pageLocale(request, reply);
    const rp = await signedIn(request);
    if (!rp) return show(reply, locale, '/verify', tr('signIn', locale), signInForm(locale, reply.generateCsrf()));
    const csrf = reply.generateCsrf();
    return show(reply, locale, '/verify', tr('choose', locale), html`<h1>${rp.name[locale] ?? rp.name.en}</h1><h2>${tr('choose', locale)}</h2>
      <ul class="templates">${allowed(rp).map((id) => html`<li><form method="post" action="/verify/requests">${csrfField(csrf)}<input type="hidden" name="template" value="${id}">
        <h3>${VERIFICATION_TEMPLATES[id].title[locale]}</h3><p>${VERIFICATION_TEMPLATES[id].summary[locale]}</p>
        <button class="button" type="submit">${tr('start', locale)}: ${VERIFICATION_TEMPLATES[id].title[locale]}</button></form></li>`)}</ul>`);
  });

  server.post('/verify/sign-in', { schema: { hide: true, body: SignInForm } }, async (request, reply) => {
    await verifyCsrf(server, request, reply);
    const locale = pageLocale(request, reply);
    const rp = await relyingPartyByApiKey(deps, request.body.api_key).catch(() => null);
    if (!rp) return show(reply, locale, '/verify', tr('signIn', locale), signInForm(locale, reply.generateCsrf(), tr('wrongKey', locale)), 401);
    reply.setCookie(COOKIE, rp.id, { signed: true, httpOnly: true, sameSite: 'lax', path: '/verify', maxAge: 12 * 3600 });
    return reply.redirect('/verify', 303);
  });

  server.post('/verify/requests', { schema: { hide: true, body: TemplateForm } }, async (request, reply) => {
    await verifyCsrf(server, request, reply);
    const rp = await signedIn(request);
    if (!rp) return reply.redirect('/verify', 303);
    const { template } = request.body;
    if (!isTemplateId(template)) return reply.redirect('/verify', 303);
    const created = await createPresentationRequest(deps, { relyingPartyId: rp.id, template }, `clerk:${rp.id}`);
    return reply.redirect(`/verify/requests/${created.id}`, 303);
  });

  server.get<{ Params: { id: string } }>('/verify/requests/:id/status', { schema: { params: { type: 'object', properties: { id: { type: 'string', format: 'uuid' } }, required: ['id'] } } }, async (request, reply) => {
    const rp = await signedIn(request);
    if (!rp) return reply.code(401).send({ status: 'signed-out' });
    return reply.header('cache-control', 'no-store').send({ status: (await findPresentationRequest(deps, rp.id, request.params.id)).status });
  });

  server.get('/verify/poll.js', async (_request, reply) => reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(POLL));

  server.get<{ Params: { id: string } }>('/verify/requests/:id', { schema: { params: { type: 'object', properties: { id: { type: 'string', format: 'uuid' } }, required: ['id'] } } }, async (request, reply) => {
    const locale = pageLocale(request, reply);
    const rp = await signedIn(request);
    if (!rp) return reply.redirect('/verify', 303);
    const view = await findPresentationRequest(deps, rp.id, request.params.id);
    const template = view.template && isTemplateId(view.template) ? VERIFICATION_TEMPLATES[view.template] : null;
    const path = `/verify/requests/${view.id}`;
    const title = template?.title[locale] ?? tr('service', locale);
    const again = html`<p><a class="button button--secondary" href="/verify">${tr('again', locale)}</a></p>`;
    if (view.status === 'verified') {
      // An mdoc's claims are `namespace.element`: labelled by the element, so either form reads the same to the clerk.
      const nameOf = (format: string, claim: string) => (format === 'mso_mdoc' ? claim.slice(claim.lastIndexOf('.') + 1) : claim);
      // In the template's order (stored answers keep no key order), whichever form answered.
      const order: string[] = template ? template.credentials.flatMap((c) => [...c.claims]) : [];
      const rank = (format: string, claim: string) => (order.includes(nameOf(format, claim)) ? order.indexOf(nameOf(format, claim)) : order.length);
      const rows = (view.answers ?? []).flatMap((a) => [
        ...Object.entries(a.claims).sort(([x], [y]) => rank(a.format, x) - rank(a.format, y)).map(([claim, value]) => ({ key: o.claimLabels(a.vct, nameOf(a.format, claim), locale) ?? nameOf(a.format, claim), value: value === true ? tr('yes', locale) : value === false ? tr('no', locale) : typeof value === 'string' && value.startsWith('data:image/') ? raw(`<img src="${escapeHtml(value)}" alt="" width="120">`) : Array.isArray(value) ? value.join(', ') : String(value) })),
        { key: tr('issuer', locale), value: a.issuer },
      ]);
      return show(reply, locale, path, title, html`<h1>${title}</h1><p class="result result--verified" id="result"><span aria-hidden="true">✓</span> ${tr('verified', locale)}</p>${summaryList(rows)}${again}`);
    }
    if (view.status === 'refused') {
      const reason = view.refusal && Object.hasOwn(REFUSALS, view.refusal) ? REFUSALS[view.refusal as RefusalCode] : view.refusal ?? '';
      return show(reply, locale, path, title, html`<h1>${title}</h1><p class="result result--refused" id="result"><span aria-hidden="true">✗</span> ${tr('refused', locale)}</p><p id="reason">${reason}</p>${again}`);
    }
    const link = await requestLink(deps, rp.certificate, view.id);
    const walletLink = `${o.walletPath ?? '/wallet/'}?${new URLSearchParams({ client_id: link.clientId, request_uri: link.requestUri, request_uri_method: 'post' })}`;
    return show(reply, locale, path, title, html`<h1>${title}</h1><p>${template?.summary[locale] ?? ''}</p>
      <h2>${tr('scan', locale)}</h2><div class="qr" role="img" aria-label="${tr('scan', locale)}">${raw(link.qrSvg)}</div>
      <p><a id="same-device" href="${walletLink}">${tr('sameDevice', locale)}</a></p>
      <p id="status" role="status" data-status="${view.status}" data-url="${path}/status">${view.status === 'retrieved' ? tr('retrieved', locale) : tr('waiting', locale)}</p>
      <p>${tr('expires', locale)} ${view.expiresAt.toISOString().slice(11, 16)} UTC</p>
      <script src="/verify/poll.js"></script>`);
  });
}

/** Reloads the request page when its status changes, so the clerk sees the result without acting. */
const POLL = `(() => {
  const el = document.getElementById('status');
  if (!el) return;
  const tick = async () => {
    try {
      const r = await fetch(el.dataset.url, { cache: 'no-store' });
      const { status } = await r.json();
      if (status !== el.dataset.status) return location.reload();
    } catch {}
    setTimeout(tick, 1000);
  };
  setTimeout(tick, 1000);
})();`;
