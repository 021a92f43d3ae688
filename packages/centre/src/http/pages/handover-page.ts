// SPDX-License-Identifier: Apache-2.0
import { csrfField, fileInput, html, page, selectField, summaryList, textInput, type Locale, type NavLink } from '@tessera/platform';
import { HANDOVER_STOP_REASONS } from '../../domain/appointment-window.ts';
import type { HandoverIdentity } from '../../domain/authority-link.ts';
import type { HandoverRow, StockRow } from '../../store/schema.ts';
import { centreText } from '../centre-messages.ts';

export interface HandoverPageOptions {
  locale: Locale;
  handover: HandoverRow;
  card: StockRow;
  /** Shown only in the answer to the identity fetch, never stored. */
  identity?: HandoverIdentity;
  staffName: string;
  csrfToken: string;
  nav: NavLink[];
  notice?: string;
}

/** The guided handover: one step at a time, each refused outside the open appointment. */
export function handoverPage(o: HandoverPageOptions) {
  const t = centreText(o.locale);
  const base = `/centre/handovers/${o.handover.id}`;
  const h = o.handover;
  const biometric = h.checks.biometric as { score: number; decision: string } | undefined;
  const stopForm = html`<section aria-labelledby="stop-heading"><h2 id="stop-heading">${t('stopTitle')}</h2>
<form method="post" action="${base}/stop">${csrfField(o.csrfToken)}
${selectField({ name: 'reason', label: t('stopReason'), options: HANDOVER_STOP_REASONS.map((r) => ({ value: r, label: t(`reason_${r}`) })) })}
<button type="submit" class="button button--secondary">${t('stop')}</button></form></section>`;
  let step;
  if (h.state === 'completed') step = html`<p>${t('completed', { documentNumber: o.card.documentNumber })}</p>`;
  else if (h.state === 'stopped') step = html`<p>${t('stopped', { reason: h.reason ? t(`reason_${h.reason}`) : '' })}</p>`;
  else if (h.step === 'completing') step = html`<p>${t('completing')}</p>`;
  else if (h.step === 'receipt') {
    step = html`<h2>${t('stepReceipt')}</h2>${biometric ? html`<p>${t('biometricScore', { score: String(biometric.score), decision: biometric.decision })}</p>` : ''}
<p class="hint">${t('receiptHint')}</p>
<form method="post" action="${base}/complete">${csrfField(o.csrfToken)}
${textInput({ name: 'receiptSignedBy', label: t('receiptSignedBy'), autocomplete: 'off' })}
<button type="submit" class="button">${t('confirmHandover')}</button></form>${stopForm}`;
  } else if (h.step === 'check' && o.identity) {
    const id = o.identity;
    step = html`<h2>${t('stepCheck')}</h2>
<img src="data:${id.photo.mediaType};base64,${id.photo.base64}" alt="${t('photoAlt')}" width="180">
${summaryList([
    { key: t('surname'), value: id.surname.toUpperCase() }, { key: t('givenNames'), value: id.givenNames }, { key: t('dateOfBirth'), value: id.dateOfBirth },
    { key: t('citizenship'), value: id.citizenship }, { key: t('passport'), value: `${id.document.number} (${id.document.country}, ${id.document.expiresOn})` },
  ])}
<form method="post" action="${base}/checks" enctype="multipart/form-data">${csrfField(o.csrfToken)}
<div class="field"><div class="checkbox"><input type="checkbox" class="checkbox__input" id="passportMatches" name="passportMatches" value="yes"><label class="checkbox__label" for="passportMatches">${t('passportMatches')}</label></div></div>
<div class="field"><div class="checkbox"><input type="checkbox" class="checkbox__input" id="faceMatches" name="faceMatches" value="yes"><label class="checkbox__label" for="faceMatches">${t('faceMatches')}</label></div></div>
${fileInput({ name: 'sample', label: t('livePhoto'), hint: t('livePhotoHint'), accept: 'image/png,image/jpeg' })}
<button type="submit" class="button">${t('runChecks')}</button></form>${stopForm}`;
  } else {
    step = html`<h2>${t('stepIdentify')}</h2><p class="hint">${t('identifyHint')}</p>
<form method="post" action="${base}/identify">${csrfField(o.csrfToken)}<button type="submit" class="button">${t('fetchIdentity')}</button></form>${stopForm}`;
  }
  return page({ title: t('handoverTitle', { documentNumber: o.card.documentNumber }), locale: o.locale, service: t('service'), path: base, body: step, nav: o.nav, signedInAs: o.staffName, csrfToken: o.csrfToken, ...(o.notice ? { notice: o.notice } : {}) });
}
