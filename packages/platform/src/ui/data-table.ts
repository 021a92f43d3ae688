// SPDX-License-Identifier: Apache-2.0
import type { Locale } from '../i18n/messages.ts';
import { html, type SafeHtml } from './html.ts';
import { uiText } from './ui-messages.ts';

type Cell = string | number | SafeHtml;

export interface DataTableOptions {
  caption: string;
  locale: Locale;
  columns: readonly string[];
  rows: ReadonlyArray<readonly Cell[]>;
  /** No header row, for a table whose section heading already says what the columns are; the caption is kept for screen readers. */
  headless?: boolean;
}

export function dataTable(o: DataTableOptions): SafeHtml {
  const t = uiText(o.locale);
  if (o.rows.length === 0) return html`<p class="table-empty">${t('noRows')}</p>`;
  return html`<div class="table-wrapper"><table class="table">
<caption class="${o.headless ? 'visually-hidden' : 'table__caption'}">${o.caption}</caption>
${o.headless ? '' : html`<thead><tr>${o.columns.map((c) => html`<th scope="col">${c}</th>`)}</tr></thead>`}
<tbody>${o.rows.map((r) => html`<tr>${r.map((cell) => html`<td>${cell}</td>`)}</tr>`)}</tbody>
</table></div>`;
}

export interface PaginationOptions {
  path: string;
  /** 1-based. */
  page: number;
  size: number;
  total: number;
  /** Current filters, kept in the page links. */
  query: Record<string, string>;
  locale: Locale;
}

/** Previous / next links with the position in words; plain links, so paging works without JavaScript. */
export function pagination(o: PaginationOptions): SafeHtml | '' {
  const t = uiText(o.locale);
  const pages = Math.max(1, Math.ceil(o.total / o.size));
  if (o.total === 0) return '';
  const link = (p: number) => {
    const q = new URLSearchParams(Object.entries(o.query).filter(([k, v]) => v !== '' && k !== 'page'));
    q.set('page', String(p));
    return `${o.path}?${q.toString()}`;
  };
  const from = (o.page - 1) * o.size + 1;
  const to = Math.min(o.total, o.page * o.size);
  return html`<nav class="pagination" aria-label="${t('pagination')}">
<p class="pagination__summary">${t('showing', { from, to, total: o.total })} · ${t('pageOf', { page: o.page, pages })}</p>
<ul class="pagination__list">
${o.page > 1 ? html`<li><a rel="prev" href="${link(o.page - 1)}">${t('previous')}</a></li>` : ''}
${o.page < pages ? html`<li><a rel="next" href="${link(o.page + 1)}">${t('next')}</a></li>` : ''}
</ul>
</nav>`;
}

export type FilterField =
  | { kind: 'select'; name: string; label: string; value: string; options: ReadonlyArray<{ value: string; label: string }> }
  | { kind: 'text'; name: string; label: string; value: string };

/** A GET form above a table: filters live in the URL, so a filtered view can be bookmarked and shared. */
export function filterForm(o: { action: string; locale: Locale; submitLabel: string; clearLabel: string; fields: readonly FilterField[] }): SafeHtml {
  const t = uiText(o.locale);
  return html`<form class="filters" method="get" action="${o.action}" role="search" aria-label="${t('filters')}">
${o.fields.map((f) => html`<div class="field field--inline"><label class="label" for="filter-${f.name}">${f.label}</label>
${f.kind === 'select'
    ? html`<select class="select" id="filter-${f.name}" name="${f.name}">${f.options.map((c) => html`<option value="${c.value}"${c.value === f.value ? html` selected` : ''}>${c.label}</option>`)}</select>`
    : html`<input class="input" id="filter-${f.name}" name="${f.name}" type="text" value="${f.value}">`}
</div>`)}
<div class="filters__actions"><button type="submit" class="button button--secondary">${o.submitLabel}</button> <a href="${o.action}">${o.clearLabel}</a></div>
</form>`;
}
