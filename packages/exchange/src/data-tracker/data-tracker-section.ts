// SPDX-License-Identifier: Apache-2.0
import { dataTable, defineMessages, html, pagination, translator, type Locale, type SafeHtml } from '@tessera/platform';
import type { accessesOf } from './data-access.ts';

const messages = defineMessages({
  en: { title: 'Who used your data', intro: 'Every request between organisations that carried your personal data, with the purpose the requester declared.', caption: 'Uses of your data, newest first', when: 'When', who: 'Who asked', what: 'Which service', why: 'Purpose' },
  et: { title: 'Kes sinu andmeid kasutas', intro: 'Iga asutustevaheline päring, mis sisaldas sinu isikuandmeid, koos pärija märgitud eesmärgiga.', caption: 'Sinu andmete kasutused, uusimad eespool', when: 'Millal', who: 'Kes küsis', what: 'Milline teenus', why: 'Eesmärk' },
  ko: { title: '내 정보를 이용한 기관', intro: '기관 간 요청 중 내 개인정보가 포함된 모든 요청과 요청 기관이 밝힌 목적입니다.', caption: '내 정보 이용 내역, 최신순', when: '일시', who: '요청 기관', what: '서비스', why: '목적' },
});

/** The data tracker as the person sees it on the citizen portal (Estonia's "Andmejälgija"). */
export function dataTrackerSection(result: Awaited<ReturnType<typeof accessesOf>>, o: { locale: Locale; page: number; size: number; path: string }): SafeHtml {
  const t = translator(messages, o.locale);
  const when = new Intl.DateTimeFormat(o.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Tallinn' });
  return html`<section aria-labelledby="data-tracker"><h2 id="data-tracker">${t('title')}</h2>
<p>${t('intro')}</p>
${dataTable({ caption: t('caption'), locale: o.locale, columns: [t('when'), t('who'), t('what'), t('why')], rows: result.items.map((a) => [when.format(a.at), a.client, a.service, a.purpose]) })}
${pagination({ path: o.path, page: o.page, size: o.size, total: result.total, query: {}, locale: o.locale })}
</section>`;
}
