// SPDX-License-Identifier: Apache-2.0
import { html, page, type Locale } from '@tessera/platform';
import { authorityText } from './authority-messages.ts';

export function homePage(o: { locale: Locale; path: string }) {
  const t = authorityText(o.locale);
  return page({
    title: t('homeTitle'),
    locale: o.locale,
    service: t('service'),
    path: o.path,
    body: html`<p class="lead">${t('homeIntro')}</p>
<p><a class="button button--start" href="/apply" role="button" draggable="false">${t('homeStart')}</a></p>
<p><a href="/officer">${t('homeOfficer')}</a></p>`,
  });
}
