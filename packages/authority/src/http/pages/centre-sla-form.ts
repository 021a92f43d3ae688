// SPDX-License-Identifier: Apache-2.0
import { csrfField, errorSummary, html, summaryList, textInput, type Locale, type ValidationIssue } from '@tessera/platform';
import { CENTRE_SLA_LIMITS, type CentreSla } from '../../domain/oversight/centre-alerts.ts';
import { centreSlaText } from './centre-sla-messages.ts';

export const SLA_KEYS = Object.keys(CENTRE_SLA_LIMITS) as Array<keyof CentreSla>;

/** What `setCentreSla` said was wrong, in the page's language: the limits are the ones it checks against. */
export function localisedSlaIssues(locale: Locale, issues: readonly ValidationIssue[]): ValidationIssue[] {
  const t = centreSlaText(locale);
  return issues.map((issue) => {
    const key = SLA_KEYS.find((k) => issue.path === `/${k}`);
    return key ? { ...issue, path: key, message: t('slaRangeError', CENTRE_SLA_LIMITS[key]) } : issue;
  });
}

/**
 * A centre's service levels: for the overseer a form showing the values in force (or what was
 * typed, with each field's error), for anyone else who reads the dashboard the values only.
 */
export function centreSlaSection(o: { locale: Locale; location: string; sla: CentreSla; csrfToken: string; form?: { values?: Readonly<Record<string, string>>; issues?: readonly ValidationIssue[] } }) {
  const t = centreSlaText(o.locale);
  const n = new Intl.NumberFormat(o.locale);
  if (!o.form) {
    return html`<section aria-labelledby="sla-title"><h2 id="sla-title">${t('slaTitle')}</h2>
${summaryList(SLA_KEYS.map((k) => ({ key: t(`sla_${k}`), value: n.format(o.sla[k]) })))}</section>`;
  }
  const issues = o.form.issues ?? [];
  return html`<section aria-labelledby="sla-title">
<h2 id="sla-title">${t('slaTitle')}</h2>
${errorSummary(issues, o.locale)}
<p>${t('slaExplain')}</p>
<form method="post" action="/officer/centres/${o.location}/sla" novalidate>
${csrfField(o.csrfToken)}
${SLA_KEYS.map((k) => textInput({
    name: k, label: t(`sla_${k}`), hint: t('slaRange', CENTRE_SLA_LIMITS[k]),
    value: o.form!.values?.[k] ?? String(o.sla[k]), error: issues.find((i) => i.path === k)?.message,
  }))}
<button type="submit" class="button">${t('slaSave')}</button>
</form>
</section>`;
}
