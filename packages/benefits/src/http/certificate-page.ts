// SPDX-License-Identifier: Apache-2.0
import { csrfField, html, page, type Locale, type SafeHtml } from '@tessera/platform';
import { benefitsText } from './benefits-messages.ts';

/**
 * Presenting the household register certificate from the wallet for one application: open the
 * request at the verifier, open the wallet on it, then tell the service it was presented.
 */
export function certificatePage(o: { locale: Locale; applicationId: string; reference: string; programme: string; link: string | null; csrfToken: string; notice?: string }): SafeHtml {
  const t = benefitsText(o.locale);
  const base = `/citizen/benefits/applications/${o.applicationId}/certificate`;
  return page({
    title: t('certTitle'), locale: o.locale, service: t('service'), path: '/citizen/benefits', ...(o.notice ? { notice: o.notice } : {}),
    body: html`<p>${t('certIntro', { programme: o.programme, reference: o.reference })}</p>
${o.link ? html`<ol>
<li><a class="button" href="${o.link}">${t('certOpenWallet')}</a></li>
<li><form method="post" action="${base}/check">${csrfField(o.csrfToken)}<button class="button" type="submit">${t('certCheck')}</button></form></li>
</ol>
<form method="post" action="${base}/request">${csrfField(o.csrfToken)}<button class="button button--secondary" type="submit">${t('certAgain')}</button></form>`
    : html`<form method="post" action="${base}/request">${csrfField(o.csrfToken)}<button class="button" type="submit">${t('certPresent')}</button></form>`}
<p><a href="/citizen/benefits">${t('certBack')}</a></p>`,
  });
}
