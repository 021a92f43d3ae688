// SPDX-License-Identifier: Apache-2.0
import { csrfField, html, page, radios, type Locale } from '@tessera/platform';
import type { CentreConfig } from '../../domain/centre-config.ts';
import { openingHoursText } from '../../domain/opening-hours-text.ts';
import type { PickupSlot } from '../../domain/pickup-slots.ts';
import type { AppointmentRow, StockRow } from '../../store/schema.ts';
import { centreText } from '../centre-messages.ts';

export interface BookingPageOptions {
  locale: Locale;
  token: string;
  centre: CentreConfig;
  card: StockRow;
  appointment: AppointmentRow | null;
  slots: PickupSlot[];
  taken: Map<number, number>;
  csrfToken: string;
  notice?: string;
}

/** The applicant's public page behind their booking link: book, move or cancel the pickup time. */
export function bookingPage(o: BookingPageOptions) {
  const t = centreText(o.locale);
  const time = new Intl.DateTimeFormat(o.locale, { weekday: 'short', dateStyle: undefined, day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone: o.centre.timeZone });
  const path = `/book/${o.token}`;
  const free = o.slots.filter((s) => (o.taken.get(s.startsAt.getTime()) ?? 0) < o.centre.slotCapacity).slice(0, 40);
  const bookable = o.card.state === 'in_stock';
  const body = html`<p>${t('bookingIntro', { centre: o.centre.name, address: o.centre.address })}</p>
<p>${t('bookingHours', { hours: openingHoursText(o.centre, o.locale) })}</p>
<p>${t('bookingBring', { collectBy: o.card.collectBy })}</p>
<p><strong>${o.appointment ? t('bookedFor', { time: time.format(o.appointment.startsAt), city: o.centre.city }) : t('notBooked')}</strong></p>
${!bookable ? html`<p>${t('cardNotBookable')}</p>` : free.length === 0 ? html`<p>${t('noSlots')}</p>` : html`<form method="post" action="${path}">${csrfField(o.csrfToken)}
${radios({ name: 'startsAt', label: t('chooseSlot'), options: free.map((s) => ({ value: s.startsAt.toISOString(), label: time.format(s.startsAt) })) })}
<button type="submit" class="button">${o.appointment ? t('move') : t('book')}</button>
</form>`}
${bookable && o.appointment ? html`<form method="post" action="${path}/cancel">${csrfField(o.csrfToken)}<button type="submit" class="button button--secondary">${t('cancel')}</button></form>` : ''}`;
  return page({ title: t('bookingTitle'), locale: o.locale, service: t('service'), path, body, ...(o.notice ? { notice: o.notice } : {}) });
}
