// SPDX-License-Identifier: Apache-2.0
import { csrfField, dataTable, errorSummary, html, page, selectField, statusTag, summaryList, type Locale, type ValidationIssue } from '@tessera/platform';
import { allowedCardActions, REVOCATION_REASONS } from '../../domain/card-status.ts';
import type { getCard } from '../../register/find-cards.ts';
import { cardText } from './card-messages.ts';
import { cardTone, consoleNav } from './card-register-page.ts';

/** One card for an officer: holder, certificates with their live status, history, and the changes allowed now. */
export function cardPage(o: {
  locale: Locale; detail: Awaited<ReturnType<typeof getCard>>; canManage: boolean; staffName: string; csrfToken: string; issues: ValidationIssue[]; notice?: string;
}) {
  const t = cardText(o.locale);
  const { card, certificates, history } = o.detail;
  const when = new Intl.DateTimeFormat(o.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Tallinn' });
  const actions = allowedCardActions(card.state).filter((a) => a !== 'activate');
  const action = `/officer/cards/${card.id}/state`;
  const manage = !o.canManage ? '' : actions.length === 0 ? html`<p>${t('noActions')}</p>` : html`${errorSummary(o.issues, o.locale)}
${card.state === 'personalised' ? html`<p class="hint">${t('activateHint')}</p>` : ''}
${actions.filter((a) => a !== 'revoke').map((a) => html`<form method="post" action="${action}" class="inline-form">${csrfField(o.csrfToken)}<input type="hidden" name="action" value="${a}"><button type="submit" class="button button--secondary">${t(a as 'suspend' | 'resume')}</button></form>`)}
${actions.includes('revoke') ? html`<form method="post" action="${action}">${csrfField(o.csrfToken)}<input type="hidden" name="action" value="revoke">
${selectField({ name: 'reason', label: t('reason'), value: '', error: o.issues.find((i) => i.path.endsWith('reason'))?.message, options: [{ value: '', label: t('choose') }, ...Object.keys(REVOCATION_REASONS).filter((r) => r !== 'renewed').map((r) => ({ value: r, label: t(`reason_${r}` as never) }))] })}
<button type="submit" class="button button--warning">${t('revoke')}</button></form>` : ''}`;
  const body = html`<p>${statusTag(t(`state_${card.state}`), cardTone(card.state))}</p>
${summaryList([
    { key: t('holder'), value: card.holderName },
    { key: t('holderCode'), value: card.holderCode },
    { key: t('colOrder'), value: card.orderReference },
    { key: t('colLocation'), value: card.pickupLocation },
    { key: t('validFrom'), value: card.validFrom },
    { key: t('validUntil'), value: card.validUntil },
    ...(card.state === 'personalised' ? [{ key: t('collectBy'), value: card.collectBy }] : []),
    ...(card.revocationReason ? [{ key: t('revocationReason'), value: t(`reason_${card.revocationReason}`) }] : []),
  ])}
<section aria-labelledby="certificates"><h2 id="certificates">${t('certificates')}</h2>
${dataTable({
    caption: t('certificates'), locale: o.locale, columns: [t('colUsage'), t('colSerial'), t('colStatus')],
    rows: certificates.map((c) => [html`<a href="/officer/cards/${card.id}/certificates/${c.usage}.pem" download>${c.usage}.pem</a>`, html`<code>${c.serial}</code>`, c.status === 'good' ? statusTag(t('status_good'), 'success') : statusTag(t('status_revoked', { reason: c.reason ?? '' }), c.reason === 'certificateHold' ? 'warning' : 'danger')]),
  })}</section>
${o.canManage ? html`<section aria-labelledby="actions"><h2 id="actions">${t('actions')}</h2>${manage}</section>` : ''}
<section aria-labelledby="history"><h2 id="history">${t('history')}</h2>
${dataTable({
    caption: t('history'), locale: o.locale, columns: [t('colWhen'), t('colWho'), t('colWhat')],
    rows: history.map((h) => [when.format(h.at), h.actor, `${h.type}${h.toState ? ` → ${h.toState}` : ''}`]),
  })}</section>`;
  return page({
    title: t('cardTitle', { documentNumber: card.documentNumber }), locale: o.locale, service: t('consoleService'), path: `/officer/cards/${card.id}`, body,
    nav: consoleNav(t, ''), signedInAs: o.staffName, csrfToken: o.csrfToken, ...(o.notice ? { notice: o.notice } : {}),
  });
}
