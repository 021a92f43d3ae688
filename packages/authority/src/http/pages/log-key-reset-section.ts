// SPDX-License-Identifier: Apache-2.0
import { csrfField, errorSummary, html, textarea, textInput, type Locale, type ValidationIssue } from '@tessera/platform';
import type { CentreOversight } from '../../store/centre-oversight.ts';
import { logKeyResetText } from './log-key-reset-messages.ts';

/** The overseer's forms: what was typed into the proposal and what was wrong with it or with an approval. */
export interface LogKeyResetForm {
  csrfToken: string;
  /** The signed-in overseer: their own proposal has no approve button (four eyes), only the note why. */
  staffId: string;
  values?: { key?: string; reason?: string };
  issues?: readonly ValidationIssue[];
}

/**
 * Resets of the centre's lost log key on its dashboard: each approved one as a warning that the
 * log's history has a break no proof spans, the one waiting for a second overseer (with the
 * approve form for any overseer but its proposer), and, for an overseer, the form to propose one.
 */
export function logKeyResetSection(o: { locale: Locale; date: Intl.DateTimeFormat; centre: Pick<CentreOversight, 'location' | 'logKeyResets'>; form?: LogKeyResetForm }) {
  const t = logKeyResetText(o.locale);
  const n = new Intl.NumberFormat(o.locale);
  const pending = o.centre.logKeyResets.filter((r) => r.state === 'proposed');
  const approved = o.centre.logKeyResets.filter((r) => r.state === 'approved');
  const base = `/officer/centres/${o.centre.location}/log-key-reset`;
  const issues = o.form?.issues ?? [];
  return html`${approved.length > 0 ? html`<div class="notice notice--warning" id="log-key-resets"><h2>${t('resetBreakTitle')}</h2>
${approved.map((r) => html`<p>${t('resetBreak', { date: o.date.format(r.approvedAt!), proposer: r.proposedByName, approver: r.approvedByName ?? '', reason: r.reason })}</p>
<p><strong>${r.breakAfterSize === null ? t('resetUnprovenNoHead') : t('resetUnproven', { size: n.format(r.breakAfterSize) })}</strong></p>`)}</div>` : ''}
${pending.map((r) => html`<div class="notice"><h2>${t('resetPendingTitle')}</h2><p>${t('resetPending', { date: o.date.format(r.proposedAt), proposer: r.proposedByName, reason: r.reason, key: r.keyX })}</p>
${o.form ? (r.proposedBy === o.form.staffId ? html`<p>${t('resetOwnProposal')}</p>` : html`<form method="post" action="${base}/${r.id}/approve">${csrfField(o.form.csrfToken)}<button type="submit" class="button">${t('resetApprove')}</button></form>`) : ''}</div>`)}
${o.form ? html`<section aria-labelledby="log-key-reset-title">
<h2 id="log-key-reset-title">${t('resetProposeTitle')}</h2>
${errorSummary(issues, o.locale)}
<p>${t('resetProposeExplain')}</p>
<form method="post" action="${base}" novalidate>
${csrfField(o.form.csrfToken)}
${textInput({ name: 'resetKey', label: t('resetKeyLabel'), hint: t('resetKeyHint'), value: o.form.values?.key ?? '', error: issues.find((i) => i.path === 'resetKey')?.message })}
${textarea({ name: 'resetReason', label: t('resetReasonLabel'), value: o.form.values?.reason ?? '', error: issues.find((i) => i.path === 'resetReason')?.message, rows: 3 })}
<button type="submit" class="button button--secondary">${t('resetPropose')}</button>
</form>
</section>` : ''}`;
}
