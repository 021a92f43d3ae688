// SPDX-License-Identifier: Apache-2.0
import { html, type Locale } from '@tessera/platform';
import type { CentreOversight } from '../../store/centre-oversight.ts';
import { logKeyResetText } from './log-key-reset-messages.ts';

/**
 * Resets of the centre's lost log key on its dashboard: each approved one as a warning that the
 * log's history has a break no proof spans, and the one waiting for a second overseer.
 */
export function logKeyResetSection(o: { locale: Locale; date: Intl.DateTimeFormat; centre: Pick<CentreOversight, 'logKeyResets'> }) {
  const t = logKeyResetText(o.locale);
  const n = new Intl.NumberFormat(o.locale);
  const pending = o.centre.logKeyResets.filter((r) => r.state === 'proposed');
  const approved = o.centre.logKeyResets.filter((r) => r.state === 'approved');
  if (pending.length === 0 && approved.length === 0) return '';
  return html`${approved.length > 0 ? html`<div class="notice notice--warning" id="log-key-resets"><h2>${t('resetBreakTitle')}</h2>
${approved.map((r) => html`<p>${t('resetBreak', { date: o.date.format(r.approvedAt!), proposer: r.proposedByName, approver: r.approvedByName ?? '', reason: r.reason })}</p>
<p><strong>${r.breakAfterSize === null ? t('resetUnprovenNoHead') : t('resetUnproven', { size: n.format(r.breakAfterSize) })}</strong></p>`)}</div>` : ''}
${pending.map((r) => html`<div class="notice"><h2>${t('resetPendingTitle')}</h2><p>${t('resetPending', { date: o.date.format(r.proposedAt), proposer: r.proposedByName, reason: r.reason, key: r.keyX })}</p></div>`)}`;
}
