// SPDX-License-Identifier: Apache-2.0
import type { Locale } from '../i18n/messages.ts';
import { html, type SafeHtml } from '../ui/html.ts';
import { page } from '../ui/layout.ts';
import { authText } from './auth-messages.ts';
import type { TotpEnrolment } from './enrol-totp.ts';

/** A problem with one field, shown in the error summary and beside the field. */
export interface FieldError {
  field: string;
  message: string;
}

// The error summary follows the GOV.UK Design System pattern: announced on load (role=alert),
// each message a link to its field, so keyboard and screen-reader users reach the problem.
function errorSummary(title: string, errors: readonly FieldError[]): SafeHtml {
  if (errors.length === 0) return html``;
  return html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
<h2 id="error-summary-title" class="error-summary__title">${title}</h2>
<ul class="error-summary__list">${errors.map((e) => html`<li><a href="#${e.field}">${e.message}</a></li>`)}</ul>
</div>`;
}

interface FieldOptions {
  name: string;
  label: string;
  type: 'text' | 'password';
  autocomplete: string;
  value?: string;
  hint?: string;
  inputmode?: 'numeric';
  maxlength?: number;
  errors: readonly FieldError[];
}

function field(o: FieldOptions): SafeHtml {
  const error = o.errors.find((e) => e.field === o.name);
  const describedBy = [o.hint ? `${o.name}-hint` : '', error ? `${o.name}-error` : ''].filter(Boolean).join(' ');
  return html`<div class="field${error ? ' field--error' : ''}">
<label class="field__label" for="${o.name}">${o.label}</label>
${o.hint ? html`<p class="field__hint" id="${o.name}-hint">${o.hint}</p>` : ''}
${error ? html`<p class="field__error" id="${o.name}-error">${error.message}</p>` : ''}
<input class="field__input" id="${o.name}" name="${o.name}" type="${o.type}" autocomplete="${o.autocomplete}" spellcheck="false" autocapitalize="none" required${o.value !== undefined ? html` value="${o.value}"` : ''}${o.inputmode ? html` inputmode="${o.inputmode}" pattern="[0-9 ]*"` : ''}${o.maxlength ? html` maxlength="${o.maxlength}"` : ''}${describedBy ? html` aria-describedby="${describedBy}"` : ''}${error ? html` aria-invalid="true"` : ''}>
</div>`;
}

const hidden = (name: string, value: string | undefined) => (value === undefined ? '' : html`<input type="hidden" name="${name}" value="${value}">`);

export function signInPage(o: { locale: Locale; csrfToken: string; username?: string; next?: string; errors: readonly FieldError[]; notice?: string }): string {
  const t = authText(o.locale);
  const body = html`${errorSummary(t('errorSummaryTitle'), o.errors)}
<p>${t('signInIntro')}</p>
<form method="post" action="/auth/sign-in" novalidate>
${hidden('_csrf', o.csrfToken)}${hidden('next', o.next)}
${field({ name: 'username', label: t('username'), type: 'text', autocomplete: 'username', value: o.username ?? '', errors: o.errors, maxlength: 64 })}
${field({ name: 'password', label: t('password'), type: 'password', autocomplete: 'current-password', errors: o.errors, maxlength: 256 })}
<button type="submit" class="button">${t('signInButton')}</button>
</form>`;
  return page({ title: t('signInTitle'), locale: o.locale, body, service: t('service'), path: '/auth/sign-in', ...(o.notice ? { notice: o.notice } : {}) }).toString();
}

export function secondFactorPage(o: { locale: Locale; csrfToken: string; next?: string; errors: readonly FieldError[] }): string {
  const t = authText(o.locale);
  const body = html`${errorSummary(t('errorSummaryTitle'), o.errors)}
<p>${t('secondFactorIntro')}</p>
<form method="post" action="/auth/second-factor" novalidate>
${hidden('_csrf', o.csrfToken)}${hidden('next', o.next)}
${field({ name: 'code', label: t('code'), type: 'text', autocomplete: 'one-time-code', hint: t('codeHint'), inputmode: 'numeric', maxlength: 8, errors: o.errors })}
<button type="submit" class="button">${t('continueButton')}</button>
</form>`;
  return page({ title: t('secondFactorTitle'), locale: o.locale, body, service: t('service'), path: '/auth/second-factor' }).toString();
}

export function totpPage(o: {
  locale: Locale;
  csrfToken: string;
  signedInAs: string;
  state: { kind: 'enrolling'; enrolment: TotpEnrolment } | { kind: 'enrolled'; justNow: boolean };
  errors: readonly FieldError[];
}): string {
  const t = authText(o.locale);
  const body = o.state.kind === 'enrolled'
    ? html`<p>${o.state.justNow ? t('totpEnrolled') : t('totpAlreadyEnrolled')}</p>`
    : html`${errorSummary(t('errorSummaryTitle'), o.errors)}
<p>${t('totpIntro')}</p>
<ol class="steps">
<li><p>${t('totpStepOne')}</p>
<p><a href="${o.state.enrolment.uri}">${t('totpLink')}</a></p>
<p>${t('totpKey')}: <code class="totp-key" translate="no">${o.state.enrolment.secret.replace(/(.{4})(?=.)/g, '$1 ')}</code></p></li>
<li><p>${t('totpStepTwo')}</p>
<form method="post" action="/auth/totp" novalidate>
${hidden('_csrf', o.csrfToken)}${hidden('enrolment', o.state.enrolment.enrolment)}
${field({ name: 'code', label: t('code'), type: 'text', autocomplete: 'one-time-code', hint: t('codeHint'), inputmode: 'numeric', maxlength: 8, errors: o.errors })}
<button type="submit" class="button">${t('totpConfirm')}</button>
</form></li>
</ol>`;
  return page({
    title: t('totpTitle'), locale: o.locale, body, service: t('service'), path: '/auth/totp',
    signedInAs: o.signedInAs, csrfToken: o.csrfToken,
  }).toString();
}
