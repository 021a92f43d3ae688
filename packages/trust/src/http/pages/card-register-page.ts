// SPDX-License-Identifier: Apache-2.0
import { dataTable, filterForm, html, page, pagination, statusTag, type Locale, type NavLink } from '@tessera/platform';
import { CARD_STATES } from '../../domain/card-status.ts';
import type { listCards } from '../../register/find-cards.ts';
import { cardText, type CardText } from './card-messages.ts';

export const cardTone = (state: string) => (state === 'active' ? 'success' : state === 'revoked' ? 'danger' : state === 'suspended' ? 'warning' : 'info');

export function consoleNav(t: CardText, current: string): NavLink[] {
  return [
    { href: '/officer', label: t('applications'), current: current === '/officer' },
    { href: '/officer/cards', label: t('cards'), current: current === '/officer/cards' },
  ];
}

export function cardRegisterPage(o: {
  locale: Locale; result: Awaited<ReturnType<typeof listCards>>; page: number; size: number; filters: Record<string, string>;
  locations: Array<{ value: string; label: string }>; staffName: string; csrfToken: string;
}) {
  const t = cardText(o.locale);
  const body = html`${filterForm({
    action: '/officer/cards', locale: o.locale, submitLabel: t('filter'), clearLabel: t('clear'),
    fields: [
      { kind: 'select', name: 'state', label: t('filterState'), value: o.filters.state ?? '', options: [{ value: '', label: t('filterAll') }, ...CARD_STATES.map((s) => ({ value: s, label: t(`state_${s}`) }))] },
      { kind: 'select', name: 'location', label: t('filterLocation'), value: o.filters.location ?? '', options: [{ value: '', label: t('filterAll') }, ...o.locations] },
      { kind: 'text', name: 'document', label: t('filterDocument'), value: o.filters.document ?? '' },
    ],
  })}
${dataTable({
    caption: t('cardsCaption'), locale: o.locale,
    columns: [t('colDocument'), t('colOrder'), t('colState'), t('colLocation'), t('colValidUntil')],
    rows: o.result.items.map((c) => [html`<a href="/officer/cards/${c.id}">${c.documentNumber}</a>`, c.orderReference, statusTag(t(`state_${c.state}`), cardTone(c.state)), c.pickupLocation, c.validUntil]),
  })}
${pagination({ path: '/officer/cards', page: o.page, size: o.size, total: o.result.total, query: o.filters, locale: o.locale })}`;
  return page({ title: t('cards'), locale: o.locale, service: t('consoleService'), path: '/officer/cards', body, nav: consoleNav(t, '/officer/cards'), signedInAs: o.staffName, csrfToken: o.csrfToken });
}
