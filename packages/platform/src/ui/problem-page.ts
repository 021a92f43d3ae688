// SPDX-License-Identifier: Apache-2.0
import type { ProblemDetails } from '../errors/problem-details.ts';
import type { Locale } from '../i18n/messages.ts';
import { html } from './html.ts';
import { page } from './layout.ts';
import { uiText } from './ui-messages.ts';

/** A problem shown to a browser: the same RFC 9457 content as the JSON, in the page layout. */
export function renderProblemPage(problem: ProblemDetails, locale: Locale, service = 'Tessera'): string {
  const t = uiText(locale);
  const issues = Array.isArray(problem.errors) ? (problem.errors as Array<{ message?: unknown }>) : [];
  const body = html`${problem.detail ? html`<p>${problem.detail}</p>` : ''}
${issues.length > 0 ? html`<ul>${issues.map((i) => html`<li>${String(i.message ?? '')}</li>`)}</ul>` : ''}
<p class="hint">${t('problemReference', { code: problem.code })}</p>
<p><a href="/">${t('problemBack')}</a></p>`;
  return page({ title: problem.title, locale, service, path: problem.instance ?? '/', body }).toString();
}
