// SPDX-License-Identifier: Apache-2.0
import { csrfField, html, page, statusTag, summaryList, type Locale } from '@tessera/platform';
import type { findOwnApplication } from '../../store/find-own-application.ts';
import { formatFee } from '../../store/links.ts';
import { authorityText } from './authority-messages.ts';
import { statusTone } from './status-tone.ts';

export interface StatusPageOptions {
  locale: Locale;
  path: string;
  application: Awaited<ReturnType<typeof findOwnApplication>>;
  token: string;
  csrfToken: string;
  notice?: 'paymentReturnSucceeded' | 'paymentReturnFailed' | 'withdrawn';
}

/** The applicant's private status page, reached only through the link in their e-mail. */
export function statusPage(o: StatusPageOptions) {
  const t = authorityText(o.locale);
  const a = o.application;
  const date = new Intl.DateTimeFormat(o.locale, { dateStyle: 'long' });
  const canPay = a.status === 'awaiting_payment' && a.paymentStatus !== 'succeeded';
  const canWithdraw = ['awaiting_payment', 'in_review', 'awaiting_second_approval'].includes(a.status);
  const body = html`${summaryList([
    { key: t('statusReference'), value: a.reference },
    { key: t('statusName'), value: `${a.givenNames} ${a.surname}` },
    { key: t('statusState'), value: statusTag(t(`status_${a.status}`), statusTone(a.status)) },
    { key: t('statusFee'), value: formatFee(a.feeMinor, a.currency, o.locale) },
    { key: t('statusPayment'), value: t(`payment_${a.paymentStatus}`) },
    { key: t('statusLocation'), value: a.pickupLocation },
    ...(a.submittedAt ? [{ key: t('statusSubmitted'), value: date.format(a.submittedAt) }] : []),
    ...(a.decidedAt ? [{ key: t('statusDecided'), value: date.format(a.decidedAt) }] : []),
    ...(a.status === 'rejected' && a.rejectionNote ? [{ key: t('statusReason'), value: a.rejectionNote }] : []),
  ])}
${canPay ? html`<form method="post" action="/applications/status/${o.token}/payment">${csrfField(o.csrfToken)}<button type="submit" class="button">${t('payNow')}</button></form>` : ''}
${canWithdraw ? html`<details class="details"><summary>${t('withdraw')}</summary><div class="details__text"><p>${t('withdrawWarning')}</p>
<form method="post" action="/applications/status/${o.token}/withdrawal">${csrfField(o.csrfToken)}<button type="submit" class="button button--warning">${t('withdraw')}</button></form></div></details>` : ''}
<p class="hint">${t('keepLink')}</p>`;
  return page({
    title: t('statusTitle', { reference: a.reference }),
    locale: o.locale,
    service: t('service'),
    path: o.path,
    body,
    ...(o.notice ? { notice: t(o.notice) } : {}),
  });
}
