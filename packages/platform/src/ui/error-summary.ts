// SPDX-License-Identifier: Apache-2.0
import type { ValidationIssue } from '../errors/tessera-error.ts';
import type { Locale } from '../i18n/messages.ts';
import { html, type SafeHtml } from './html.ts';
import { uiText } from './ui-messages.ts';

/**
 * The list of problems at the top of a form, each linking to its field (`#name`, the last
 * segment of the issue's path). role=alert so screen readers announce it after a submit.
 */
export function errorSummary(issues: readonly ValidationIssue[], locale: Locale): SafeHtml | '' {
  if (issues.length === 0) return '';
  const t = uiText(locale);
  return html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
<h2 class="error-summary__title" id="error-summary-title">${t('errorSummaryTitle')}</h2>
<ul class="error-summary__list">${issues.map((i) => {
    const field = i.path.split('/').pop() ?? '';
    return html`<li>${field ? html`<a href="#${field}">${i.message}</a>` : i.message}</li>`;
  })}</ul>
</div>`;
}
