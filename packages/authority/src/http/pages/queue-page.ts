// SPDX-License-Identifier: Apache-2.0
import { dataTable, filterForm, html, page, pagination, statusTag, type Locale } from '@tessera/platform';
import { APPLICATION_STATUSES } from '../../domain/application/application-status.ts';
import type { QueueItem } from '../../store/list-applications.ts';
import type { PickupLocationRow } from '../../store/schema.ts';
import { authorityText } from './authority-messages.ts';
import { consoleNav } from './console-nav.ts';
import { statusTone } from './status-tone.ts';

export interface QueuePageOptions {
  locale: Locale;
  path: string;
  items: QueueItem[];
  total: number;
  page: number;
  size: number;
  filters: Record<string, string>;
  locations: PickupLocationRow[];
  staffName: string;
  csrfToken: string;
}

/** The officers' queue: references and statuses only; names appear when an application is opened. */
export function queuePage(o: QueuePageOptions) {
  const t = authorityText(o.locale);
  const date = new Intl.DateTimeFormat(o.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Tallinn' });
  const locationName = new Map(o.locations.map((l) => [l.code, l.city]));
  const body = html`${filterForm({
    action: o.path,
    locale: o.locale,
    submitLabel: t('filter'),
    clearLabel: t('clear'),
    fields: [
      { kind: 'select', name: 'status', label: t('filterStatus'), value: o.filters.status ?? '', options: [{ value: '', label: t('filterAll') }, ...APPLICATION_STATUSES.map((s) => ({ value: s, label: `${t(`status_${s}`)} (${s.replace(/_/g, ' ')})` }))] },
      { kind: 'select', name: 'location', label: t('filterLocation'), value: o.filters.location ?? '', options: [{ value: '', label: t('filterAll') }, ...o.locations.map((l) => ({ value: l.code, label: l.name }))] },
      { kind: 'select', name: 'flagged', label: t('filterFlagged'), value: o.filters.flagged ?? '', options: [{ value: '', label: t('filterAll') }, { value: 'true', label: t('filterOnlyFlagged') }, { value: 'false', label: t('filterNotFlagged') }] },
      { kind: 'text', name: 'reference', label: t('filterReference'), value: o.filters.reference ?? '' },
    ],
  })}
${dataTable({
    caption: t('queueCaption'),
    locale: o.locale,
    columns: [t('colReference'), t('colStatus'), t('colCitizenship'), t('colLocation'), t('colSubmitted'), t('colChecks')],
    rows: o.items.map((a) => [
      html`<a href="/officer/applications/${a.id}">${a.reference}</a>`,
      statusTag(t(`status_${a.status}`), statusTone(a.status)),
      a.citizenship,
      locationName.get(a.pickupLocation) ?? a.pickupLocation,
      a.submittedAt ? date.format(a.submittedAt) : '—',
      a.flagged ? statusTag(t('flagged'), 'warning') : '',
    ]),
  })}
${pagination({ path: o.path, page: o.page, size: o.size, total: o.total, query: o.filters, locale: o.locale })}`;
  return page({ title: t('queueTitle'), locale: o.locale, service: t('consoleService'), path: o.path, body, nav: consoleNav(t, '/officer'), signedInAs: o.staffName, csrfToken: o.csrfToken });
}
