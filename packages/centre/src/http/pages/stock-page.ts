// SPDX-License-Identifier: Apache-2.0
import { csrfField, dataTable, errorSummary, filterForm, html, page, pagination, selectField, statusTag, textarea, textInput, type Locale, type NavLink } from '@tessera/platform';
import type { CentreConfig } from '../../domain/centre-config.ts';
import { STOCK_STATES } from '../../domain/stock-state.ts';
import type { StockRow } from '../../store/schema.ts';
import { centreText } from '../centre-messages.ts';

export interface StockPageOptions {
  locale: Locale;
  centre: CentreConfig;
  items: StockRow[];
  total: number;
  byState: Record<string, number>;
  state: string;
  page: number;
  size: number;
  staffName: string;
  csrfToken: string;
  nav: NavLink[];
  notice?: string;
  /** Whether the signed-in staff member supervises (returns and destruction with a witness). */
  supervises?: boolean;
  /** A refused check-in or report, shown above the forms and linked to its field. */
  issues?: Array<{ code: string; path: string; message: string }>;
}

const tone = (state: string) => (state === 'in_stock' ? 'info' : state === 'handed_over' ? 'success' : state === 'in_transit' ? 'neutral' : 'danger');

/** The centre's stock: every card announced to it, with the forms to check cards in or report them. */
export function stockPage(o: StockPageOptions) {
  const t = centreText(o.locale);
  const time = new Intl.DateTimeFormat(o.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: o.centre.timeZone });
  const stateLabel = (s: string) => t(`state_${s}` as never);
  const body = html`${errorSummary(o.issues ?? [], o.locale)}<p>${t('stockIntro', { centre: o.centre.name })}</p>
<ul class="summary-counts">${STOCK_STATES.filter((s) => o.byState[s]).map((s) => html`<li>${stateLabel(s)}: <strong>${o.byState[s]!}</strong></li>`)}</ul>
<section aria-labelledby="arrival-heading">
<h2 id="arrival-heading">${t('arrivalTitle')}</h2>
<form method="post" action="/centre/arrivals">${csrfField(o.csrfToken)}
${textInput({ name: 'documentNumber', label: t('documentNumber'), hint: t('documentNumberHint'), autocomplete: 'off' })}
<button type="submit" class="button">${t('checkIn')}</button>
</form>
</section>
<section aria-labelledby="problem-heading">
<h2 id="problem-heading">${t('problemTitle')}</h2>
<form method="post" action="/centre/problems">${csrfField(o.csrfToken)}
${textInput({ name: 'problemDocumentNumber', label: t('documentNumber'), autocomplete: 'off' })}
${selectField({ name: 'problem', label: t('problem'), options: [{ value: 'missing', label: t('problem_missing') }, { value: 'damaged', label: t('problem_damaged') }] })}
${textarea({ name: 'note', label: t('note'), rows: 2 })}
<button type="submit" class="button button--secondary">${t('report')}</button>
</form>
</section>
${o.supervises ? html`<section aria-labelledby="disposal-heading">
<h2 id="disposal-heading">${t('disposalTitle')}</h2>
<p class="hint">${t('disposalHint')}</p>
<form method="post" action="/centre/disposals">${csrfField(o.csrfToken)}
${textInput({ name: 'disposalDocumentNumber', label: t('documentNumber'), autocomplete: 'off' })}
${selectField({ name: 'disposition', label: t('disposition'), options: [{ value: 'returned', label: t('disposition_returned') }, { value: 'destroyed', label: t('disposition_destroyed') }] })}
${textInput({ name: 'witness', label: t('witness'), autocomplete: 'off' })}
${textInput({ name: 'method', label: t('method'), autocomplete: 'off' })}
<button type="submit" class="button button--secondary">${t('dispose')}</button>
</form>
</section>` : ''}
<h2>${t('stockCaption')}</h2>
${filterForm({ action: '/centre/stock', locale: o.locale, submitLabel: t('filter'), clearLabel: t('clear'), fields: [
    { kind: 'select', name: 'state', label: t('filterState'), value: o.state, options: [{ value: '', label: t('any') }, ...STOCK_STATES.map((s) => ({ value: s, label: stateLabel(s) }))] },
  ] })}
${dataTable({
    caption: t('stockCaption'),
    locale: o.locale,
    columns: [t('colDocument'), t('colReference'), t('colState'), t('colSince'), t('colCollectBy')],
    rows: o.items.map((c) => [c.documentNumber, c.reference, statusTag(stateLabel(c.state), tone(c.state)), time.format(c.stateAt), c.collectBy]),
  })}
${pagination({ path: '/centre/stock', page: o.page, size: o.size, total: o.total, query: o.state ? { state: o.state } : {}, locale: o.locale })}`;
  return page({ title: t('stockTitle'), locale: o.locale, service: t('service'), path: '/centre/stock', body, nav: o.nav, signedInAs: o.staffName, csrfToken: o.csrfToken, ...(o.notice ? { notice: o.notice } : {}) });
}
