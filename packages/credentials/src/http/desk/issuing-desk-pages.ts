// SPDX-License-Identifier: Apache-2.0
import { csrfField, errorSummary, html, page, raw, selectField, summaryList, textInput, type Locale, type ValidationIssue } from '@tessera/platform';
import type { CreatedOffer, OfferGrant } from '../../store/oid4vci/create-offer.ts';
import { deskText } from './issuing-desk-messages.ts';

export const DESK_PATH = '/issuer/desk';

export interface DeskForm {
  holder?: string;
  documentRef?: string;
  configuration?: string;
  /** One of DESK_GRANTS' keys. */
  grant?: string;
}

/** The desk form's choice of grants: the transaction code (the default), sign-in at the issuer, or either. */
export const DESK_GRANTS = {
  'pre-authorized_code': ['pre-authorized_code'],
  authorization_code: ['authorization_code'],
  both: ['pre-authorized_code', 'authorization_code'],
} as const satisfies Record<string, readonly OfferGrant[]>;

/** The desk's form: holder, card and one credential configuration; the offer's fields are re-shown with the issues when refused. */
export function offerFormPage(o: {
  locale: Locale; configurations: Array<{ id: string; label: string }>; offerMinutes: number; staffName: string; csrfToken: string;
  /** The form's one-time Idempotency-Key: submitted twice, it is answered with the first offer. */
  idempotencyKey: string; form: DeskForm; issues: ValidationIssue[];
}) {
  const t = deskText(o.locale);
  const issueAt = (path: string) => o.issues.find((i) => i.path === path)?.message;
  const body = html`<p>${t('intro', { minutes: o.offerMinutes })}</p>
${errorSummary(o.issues, o.locale)}
<form method="post" action="${DESK_PATH}/offers" novalidate>${csrfField(o.csrfToken)}<input type="hidden" name="idempotencyKey" value="${o.idempotencyKey}">
${textInput({ name: 'holder', label: t('holder'), hint: t('holderHint'), value: o.form.holder ?? '', error: issueAt('body/holder'), autocomplete: 'off' })}
${textInput({ name: 'documentRef', label: t('documentRef'), hint: t('documentRefHint'), value: o.form.documentRef ?? '', error: issueAt('body/documentRef'), autocomplete: 'off' })}
${selectField({ name: 'configuration', label: t('configuration'), value: o.form.configuration ?? '', error: issueAt('body/configuration') ?? issueAt('/configurationIds/0'), options: [{ value: '', label: t('choose') }, ...o.configurations.map((c) => ({ value: c.id, label: c.label }))] })}
${selectField({ name: 'grant', label: t('grant'), hint: t('grantHint'), value: o.form.grant ?? 'pre-authorized_code', error: issueAt('body/grant'), options: [{ value: 'pre-authorized_code', label: t('grantPreAuthorized') }, { value: 'authorization_code', label: t('grantAuthorizationCode') }, { value: 'both', label: t('grantBoth') }] })}
<button type="submit" class="button">${t('create')}</button></form>`;
  return page({ title: t('newOffer'), locale: o.locale, service: t('service'), path: `${DESK_PATH}/offers/new`, body, signedInAs: o.staffName, csrfToken: o.csrfToken });
}

/** The created offer, shown once: the QR code and link for the wallet, the transaction code to tell the holder. */
export function offerCreatedPage(o: { locale: Locale; offer: CreatedOffer; staffName: string; csrfToken: string }) {
  const t = deskText(o.locale);
  const body = html`<div class="offer-qr" role="img" aria-label="${t('link')}">${raw(o.offer.qrSvg)}</div>
${summaryList([
    o.offer.txCode
      ? { key: t('txCode'), value: html`<strong class="tx-code">${o.offer.txCode}</strong> <span class="hint">${t('txCodeHint')}</span>` }
      : { key: t('grant'), value: t('signInInstead') },
    { key: t('expires'), value: new Intl.DateTimeFormat(o.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(o.offer.expiresAt) },
    { key: t('link'), value: html`<a href="${o.offer.referenceLink}">${t('link')}</a>` },
    { key: t('linkByValue'), value: html`<a href="${o.offer.link}">${t('linkByValue')}</a> <span class="hint">${t('linkByValueHint')}</span>` },
  ])}
<p><a class="button button--secondary" href="${DESK_PATH}/offers/new">${t('another')}</a></p>`;
  return page({ title: t('created'), locale: o.locale, service: t('service'), path: `${DESK_PATH}/offers`, body, signedInAs: o.staffName, csrfToken: o.csrfToken });
}
