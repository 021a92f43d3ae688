// SPDX-License-Identifier: Apache-2.0
import { csrfField, dataTable, html, page, statusTag, type Locale, type NavLink } from '@tessera/platform';
import { isAppointmentOpen, OPEN_AFTER_MINUTES, OPEN_BEFORE_MINUTES } from '../../domain/appointment-window.ts';
import type { CentreConfig } from '../../domain/centre-config.ts';
import type { listAppointments } from '../../store/list-appointments.ts';
import { centreText } from '../centre-messages.ts';

/** Today's booked pickups; a handover starts from an open one only. */
export function appointmentsPage(o: { locale: Locale; centre: CentreConfig; rows: Awaited<ReturnType<typeof listAppointments>>; now: Date; staffName: string; csrfToken: string; nav: NavLink[]; notice?: string }) {
  const t = centreText(o.locale);
  const time = new Intl.DateTimeFormat(o.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: o.centre.timeZone });
  const body = html`<p>${t('appointmentsIntro', { centre: o.centre.name, before: String(OPEN_BEFORE_MINUTES), after: String(OPEN_AFTER_MINUTES) })}</p>
${dataTable({
    caption: t('appointmentsCaption'),
    locale: o.locale,
    columns: [t('colTime'), t('colDocument'), t('colReference'), t('colHandover')],
    rows: o.rows.map((r) => [
      time.format(r.appointment.startsAt),
      r.card.documentNumber,
      r.card.reference,
      r.handover && r.handover.state !== 'stopped'
        ? html`<a href="/centre/handovers/${r.handover.id}">${r.handover.state === 'completed' ? t('state_handed_over') : t('colHandover')}</a>`
        : isAppointmentOpen(r.appointment, o.now)
          ? html`${r.handover?.reason ? html`${statusTag(t(`reason_${r.handover.reason}`), 'danger')} ` : ''}<form method="post" action="/centre/appointments/${r.appointment.id}/handover">${csrfField(o.csrfToken)}<button type="submit" class="button" aria-label="${t('startHandoverFor', { documentNumber: r.card.documentNumber })}">${t('startHandover')}</button></form>`
          : t('notOpenYet'),
    ]),
  })}`;
  return page({ title: t('appointmentsTitle'), locale: o.locale, service: t('service'), path: '/centre/appointments', body, nav: o.nav, signedInAs: o.staffName, csrfToken: o.csrfToken, ...(o.notice ? { notice: o.notice } : {}) });
}
