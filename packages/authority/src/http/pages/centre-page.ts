// SPDX-License-Identifier: Apache-2.0
import { csrfField, dataTable, html, page, pagination, statusTag, type Locale } from '@tessera/platform';
import type { CardSummary } from '../../cards/card-desk.ts';
import type { CentreHandover } from '../../store/list-centre-handovers.ts';
import { authorityText } from './authority-messages.ts';

export interface CentrePageOptions {
  locale: Locale;
  centreName: string;
  items: CentreHandover[];
  /** The card of each application, by reference; missing while it is being made. */
  cards: Map<string, CardSummary>;
  notice?: string;
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
<p class="hint">${t('handOverHint')}</p>
${dataTable({
    caption: t('centreCaption'),
    locale: o.locale,
    columns: [t('colReference'), t('colName'), t('colApproved'), t('colCard'), t('colAction')],
    rows: o.items.map((i) => {
      const card = o.cards.get(i.reference);
      return [
        i.reference,
        `${i.surname.toUpperCase()}, ${i.givenNames}`,
        i.decidedAt ? date.format(i.decidedAt) : '—',
        card ? html`${card.documentNumber} ${statusTag(t(`cardState_${card.state}`), card.state === 'active' ? 'success' : card.state === 'personalised' ? 'info' : 'danger')}${card.state === 'personalised' ? html`<br><span class="hint">${t('collectBy', { date: card.collectBy })}</span>` : ''}` : t('cardNotYet'),
        card?.state === 'personalised'
          ? html`<form method="post" action="/centre/handovers">${csrfField(o.csrfToken)}<input type="hidden" name="reference" value="${i.reference}"><button type="submit" class="button" aria-label="${t('handOverFor', { reference: i.reference })}">${t('handOver')}</button></form>`
          : '',
      ];
    }),
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
    ...(o.notice ? { notice: o.notice } : {}),
  });
}
