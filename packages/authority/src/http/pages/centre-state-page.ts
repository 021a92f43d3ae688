// SPDX-License-Identifier: Apache-2.0
import { csrfField, errorSummary, html, page, summaryList, textarea, type Locale, type ValidationIssue } from '@tessera/platform';
import type { CentreOverview } from '../../store/centre-oversight.ts';
import { authorityText } from './authority-messages.ts';
import { consoleNav } from './console-nav.ts';
import { oversightText } from './oversight-messages.ts';

/** The state a centre goes to from the one it is in: suspend an active centre, lift a suspended one's suspension. */
export const nextState = (c: Pick<CentreOverview, 'state'>) => (c.state === 'active' ? 'suspended' as const : 'active' as const);

/**
 * The overseer's form on a centre's page: suspend it, or lift its suspension, with a reason the
 * authority's log keeps. Nothing changes on sending it: a confirmation page comes first.
 */
export function centreStateForm(o: { locale: Locale; centre: Pick<CentreOverview, 'location' | 'name' | 'state'>; csrfToken: string; reason?: string; issues?: readonly ValidationIssue[] }) {
  const t = oversightText(o.locale);
  const to = nextState(o.centre);
  const error = o.issues?.find((i) => i.path.endsWith('reason'))?.message;
  return html`<section aria-labelledby="centre-state-title">
<h2 id="centre-state-title">${to === 'suspended' ? t('suspendTitle') : t('resumeTitle')}</h2>
${errorSummary(o.issues ?? [], o.locale)}
<p>${to === 'suspended' ? t('suspendExplain') : t('resumeExplain')}</p>
<form method="post" action="/officer/centres/${o.centre.location}/state" novalidate>
${csrfField(o.csrfToken)}
<input type="hidden" name="state" value="${to}">
${textarea({ name: 'reason', label: t('stateReason'), hint: t('stateReasonHint'), value: o.reason ?? '', error, rows: 3 })}
<button type="submit" class="button${to === 'suspended' ? ' button--warning' : ''}">${to === 'suspended' ? t('suspendButton') : t('resumeButton')}</button>
</form>
</section>`;
}

/** Asks the overseer to confirm the change, naming its consequences; only the confirmation changes the centre's state. */
export function centreStateConfirmPage(o: { locale: Locale; path: string; staffName: string; csrfToken: string; centre: Pick<CentreOverview, 'location' | 'name' | 'state'>; reason: string }) {
  const t = oversightText(o.locale);
  const a = authorityText(o.locale);
  const to = nextState(o.centre);
  const title = to === 'suspended' ? t('suspendConfirmTitle', { centre: o.centre.name }) : t('resumeConfirmTitle', { centre: o.centre.name });
  const body = html`<div class="notice notice--warning"><p>${to === 'suspended' ? t('suspendConsequences') : t('resumeConsequences')}</p></div>
${summaryList([{ key: t('stateReason'), value: o.reason }])}
<form method="post" action="/officer/centres/${o.centre.location}/state">
${csrfField(o.csrfToken)}
<input type="hidden" name="state" value="${to}">
<input type="hidden" name="reason" value="${o.reason}">
<input type="hidden" name="confirmed" value="yes">
<button type="submit" class="button${to === 'suspended' ? ' button--warning' : ''}">${to === 'suspended' ? t('suspendConfirm') : t('resumeConfirm')}</button>
<a class="button button--secondary" href="/officer/centres/${o.centre.location}">${t('cancel')}</a>
</form>`;
  return page({ title, locale: o.locale, service: a('consoleService'), path: o.path, body, nav: consoleNav(a, '/officer/centres'), signedInAs: o.staffName, csrfToken: o.csrfToken });
}
