// SPDX-License-Identifier: Apache-2.0
import { dataTable, html, page, pagination, type Locale } from '@tessera/platform';
import type { CentreHandover } from '../../store/list-centre-handovers.ts';
import { authorityText } from './authority-messages.ts';

export interface CentrePageOptions {
  locale: Locale;
  centreName: string;
  items: CentreHandover[];
  total: number;
  page: number;
  size: number;
  staffName: string;
  csrfToken: string;
}

/** The partner centre's view: approved applicants who will collect their digi-ID there. */
export function centrePage(o: CentrePageOptions) {
  const t = authorityText(o.locale);
  const date = new Intl.DateTimeFormat(o.locale, { dateStyle: 'medium' });
  const body = html`<p>${t('centreIntro', { centre: o.centreName })}</p>
${dataTable({
    caption: t('centreCaption'),
    locale: o.locale,
    columns: [t('colReference'), t('colName'), t('colApproved')],
    rows: o.items.map((i) => [i.reference, `${i.surname.toUpperCase()}, ${i.givenNames}`, i.decidedAt ? date.format(i.decidedAt) : '—']),
  })}
${pagination({ path: '/centre', page: o.page, size: o.size, total: o.total, query: {}, locale: o.locale })}`;
  return page({
    title: t('centreTitle'),
    locale: o.locale,
    service: t('centreService'),
    path: '/centre',
    body,
    nav: [{ href: '/centre', label: t('centreTitle'), current: true }],
    signedInAs: o.staffName,
    csrfToken: o.csrfToken,
  });
}
