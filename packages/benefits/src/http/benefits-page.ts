// SPDX-License-Identifier: Apache-2.0
import { csrfField, dataTable, html, page, radios, selectField, statusTag, textInput, type Locale, type SafeHtml } from '@tessera/platform';
import { formatClockTime } from '../domain/proactive/quiet-hours.ts';
import type { Programme } from '../domain/engine/types.ts';
import { formatAmount, memberName } from '../domain/proactive/offer-mail.ts';
import type { PersonOverview } from '../store/person-overview.ts';
import { benefitsText } from './benefits-messages.ts';


/** The person's benefits page: answers, one-step application, consent with receipts, the loan question, and what is kept. */
export function benefitsPage(o: {
  locale: Locale; overview: PersonOverview; subject: string; programmes: readonly Programme[]; csrfToken: string; notice?: string;
  /** The channels beyond e-mail this deployment offers: push with its VAPID public key, SMS. */
  channels: { push: string | null; sms: boolean };
}): SafeHtml {
  const t = benefitsText(o.locale);
  const { person, offers } = o.overview;
  const programme = (id: string) => o.programmes.find((p) => p.id === id);
  const forWhom = (b: string) => memberName(o.locale, o.overview.member(b));
  const when = new Intl.DateTimeFormat(o.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
  const eligible = offers.filter((x) => x.status === 'eligible' && programme(x.programme));
  const unknown = offers.filter((x) => x.status === 'cannot-tell' && programme(x.programme) && person?.tier);
  const applicationOf = (offerId: string) => o.overview.applications.find((a) => a.offerId === offerId);
  const applyCell = (offerId: string) => {
    const a = applicationOf(offerId);
    if (a?.status === 'awaiting-certificate') return html`${t('applied', { reference: a.reference, status: t('status_awaiting_certificate') })} <a href="/citizen/benefits/applications/${a.id}/certificate">${t('certLink')}</a>`;
    if (a) return t('applied', { reference: a.reference, status: t(`status_${a.status}`) });
    return html`<form method="post" action="/citizen/benefits/applications">${csrfField(o.csrfToken)}<input type="hidden" name="offer" value="${offerId}"><button class="button" type="submit">${t('apply')}</button></form>`;
  };
  const offersSection = html`<section aria-labelledby="offers"><h2 id="offers">${t('offersHeading')}</h2>
${eligible.length === 0 ? html`<p>${t('noOffers')}</p>` : dataTable({
    caption: t('offersCaption'), locale: o.locale, columns: [t('colProgramme'), t('colFor'), t('colAmount'), t('colWhy'), t('colApply')],
    rows: eligible.map((x) => {
      const p = programme(x.programme)!;
      return [p.name, forWhom(x.beneficiary), x.amount === null ? '—' : formatAmount(x.amount, p, o.locale),
        html`<details><summary>${t('why')}</summary><pre>${x.explanation}</pre></details>`, applyCell(x.id)];
    }),
  })}
</section>`;
  const notified = offers.filter((x) => x.notifiedAt && programme(x.programme)).sort((a, b) => b.notifiedAt!.getTime() - a.notifiedAt!.getTime());
  const inboxSection = notified.length === 0 ? html`` : html`<section aria-labelledby="inbox"><h2 id="inbox">${t('inboxHeading')}</h2>
${dataTable({ caption: t('inboxCaption'), locale: o.locale, columns: [t('colNotified'), t('colProgramme'), t('colFor'), t('colAmount')],
    rows: notified.map((x) => [when.format(x.notifiedAt!), programme(x.programme)!.name, forWhom(x.beneficiary), x.amount === null ? '—' : formatAmount(x.amount, programme(x.programme)!, o.locale)]) })}
</section>`;
  const unknownSection = unknown.length === 0 ? html`` : html`<section aria-labelledby="unknown"><h2 id="unknown">${t('unknownHeading')}</h2>
<p>${t('unknownIntro')}</p>
<ul>${unknown.map((x) => html`<li><strong>${programme(x.programme)!.name}</strong> (${forWhom(x.beneficiary)}): ${x.consentsNeeded.length
    ? t('needsConsent', { tier: x.consentsNeeded.map((c) => t(`tier_${c}`)).join(', ') })
    : t('needsData', { inputs: [...new Set(x.missing.map((m) => m.label))].join('; ') })}</li>`)}</ul>
</section>`;
  const tierOptions = (['basic', 'extended', 'financial', 'none'] as const).map((v) => ({ value: v, label: t(`tier_${v}`), hint: t(`tierHint_${v}`) }));
  const consentSection = html`<section aria-labelledby="consent"><h2 id="consent">${t('consentHeading')}</h2>
<p>${person?.tier ? t('consentCurrent', { tier: t(`tier_${person.tier}`) }) : t('consentNone')}</p>
<form method="post" action="/citizen/benefits/consent" novalidate>${csrfField(o.csrfToken)}
${radios({ name: 'tier', label: t('tierLegend'), value: person?.tier ?? 'basic', options: person?.tier ? tierOptions : tierOptions.slice(0, 3) })}
${textInput({ name: 'email', label: t('email'), hint: t('emailHint'), type: 'email', autocomplete: 'email', value: person?.email ?? '' })}
<button class="button" type="submit">${t('save')}</button></form>
${o.overview.receipts.length ? dataTable({
    caption: t('receiptsCaption'), locale: o.locale, columns: [t('colWhen'), t('colFrom'), t('colTo'), t('colReceipt')],
    rows: o.overview.receipts.map((r) => [when.format(r.at), r.fromTier ? t(`tier_${r.fromTier as 'basic'}`) : t('nothing'), r.toTier ? t(`tier_${r.toTier as 'basic'}`) : t('nothing'), html`<code>${r.leafHash.slice(0, 16)}…</code>`]),
  }) : ''}
</section>`;
  const loan = offers.find((x) => x.programme === 'kr.didimdol' && programme('kr.didimdol'));
  const loanSection = !person?.tier || !programme('kr.didimdol') ? html`` : html`<section aria-labelledby="loan"><h2 id="loan">${t('loanHeading')}</h2>
${person.tier !== 'financial' ? html`<p>${t('loanNeedsTier')}</p>` : html`<p>${t('loanIntro')}</p>
${loan?.status === 'eligible' && loan.amount !== null ? html`<p role="status"><strong>${t('loanAnswer', { amount: formatAmount(loan.amount, programme('kr.didimdol')!, o.locale) })}</strong></p>` : loan?.status === 'not-eligible' ? html`<p>${t('loanNo')}</p>` : ''}
<form method="post" action="/citizen/benefits/house-price" novalidate>${csrfField(o.csrfToken)}
${textInput({ name: 'price', label: t('price'), autocomplete: 'off' })}
<button class="button" type="submit">${t('ask')}</button></form>`}
</section>`;
  const prefs = o.overview.preferences;
  const channelBox = (value: 'email' | 'push' | 'sms', i: number) => html`<div class="checkbox"><input type="checkbox" class="checkbox__input" id="channels-${i}" name="channels" value="${value}"${prefs.channels.includes(value) ? html` checked` : ''}><label class="checkbox__label" for="channels-${i}">${t(`channel_${value}`)}</label></div>`;
  const offered = (['email', ...(o.channels.push ? ['push' as const] : []), ...(o.channels.sms ? ['sms' as const] : [])] as const);
  const zones = Intl.supportedValuesOf('timeZone');
  const channelsSection = !person?.tier ? html`` : html`<section aria-labelledby="channels"><h2 id="channels">${t('channelsHeading')}</h2>
<form method="post" action="/citizen/benefits/notifications" novalidate>${csrfField(o.csrfToken)}
<fieldset class="field"><legend class="label">${t('channelsLegend')}</legend>${offered.map((c, i) => channelBox(c, i))}</fieldset>
${o.channels.sms ? textInput({ name: 'phone', label: t('phone'), hint: t('phoneHint'), type: 'tel', autocomplete: 'tel', value: prefs.phone ?? '' }) : ''}
${selectField({ name: 'timeZone', label: t('timeZone'), value: prefs.timeZone, options: (zones.includes(prefs.timeZone) ? zones : [prefs.timeZone, ...zones]).map((z) => ({ value: z, label: z })) })}
${textInput({ name: 'quietFrom', label: t('quietFrom'), hint: t('quietHint'), autocomplete: 'off', value: prefs.quiet ? formatClockTime(prefs.quiet.from) : '' })}
${textInput({ name: 'quietUntil', label: t('quietUntil'), autocomplete: 'off', value: prefs.quiet ? formatClockTime(prefs.quiet.until) : '' })}
<button class="button" type="submit">${t('saveChannels')}</button></form>
${o.channels.push ? html`<p>${t('pushBrowsers', { count: o.overview.pushSubscriptions })}</p>
<div id="push-controls" hidden data-vapid-key="${o.channels.push}" data-csrf="${o.csrfToken}" data-failed="${t('pushFailed')}">
<button class="button button--secondary" type="button" id="push-on">${t('pushOn')}</button> <button class="button button--secondary" type="button" id="push-off">${t('pushOff')}</button>
<p id="push-status" role="status"></p></div>
<script src="/citizen/benefits/push.js" defer></script>` : ''}
</section>`;
  const keptSection = html`<section aria-labelledby="kept"><h2 id="kept">${t('keptHeading')}</h2>
${dataTable({ caption: t('keptCaption'), locale: o.locale, columns: [t('colSource'), t('colAbout'), t('colTier'), t('colFetched')],
    rows: o.overview.kept.map((k) => [t(`source_${k.source as 'declared'}`), forWhom(k.subject), statusTag(t(`tier_${k.tier}`), 'info'), when.format(k.fetchedAt)]) })}
<p><a href="/citizen#data-tracker">${t('trackerLink')}</a></p>
</section>`;
  return page({
    title: t('title'), locale: o.locale, service: t('service'), path: '/citizen/benefits', ...(o.notice ? { notice: o.notice } : {}),
    body: html`<p>${t('intro')}</p>${inboxSection}${offersSection}${unknownSection}${consentSection}${channelsSection}${loanSection}${keptSection}`,
  });
}
