// SPDX-License-Identifier: Apache-2.0
import { csrfField, defineMessages, errorSummary, html, page, summaryList, textInput, translator, type Locale, type ValidationIssue } from '@tessera/platform';
import type { SandboxPayment } from './sandbox-payments.ts';

const messages = defineMessages({
  en: {
    service: 'Tessera Pay (sandbox)', title: 'Pay', merchant: 'Payee', merchantName: 'Police and Border Guard Board', description: 'For',
    amount: 'Amount', cardNumber: 'Card number', cardHint: 'Sandbox: 4242 4242 4242 4242 succeeds, 4000 0000 0000 0002 is declined.',
    expiry: 'Expiry (MM/YY)', cvc: 'Security code', pay: 'Pay {amount}', cancel: 'Cancel and go back', declined: 'The card was declined. Try another card.',
    closed: 'This payment is no longer open.', back: 'Back to the merchant',
  },
  et: {
    service: 'Tessera Pay (liivakast)', title: 'Maksmine', merchant: 'Saaja', merchantName: 'Politsei- ja Piirivalveamet', description: 'Selgitus',
    amount: 'Summa', cardNumber: 'Kaardi number', cardHint: 'Liivakast: 4242 4242 4242 4242 õnnestub, 4000 0000 0000 0002 lükatakse tagasi.',
    expiry: 'Kehtivus (KK/AA)', cvc: 'Turvakood', pay: 'Maksa {amount}', cancel: 'Tühista ja mine tagasi', declined: 'Kaart lükati tagasi. Proovi teist kaarti.',
    closed: 'See makse ei ole enam avatud.', back: 'Tagasi kaupmehe juurde',
  },
  ko: {
    service: 'Tessera Pay (샌드박스)', title: '결제', merchant: '수취인', merchantName: '에스토니아 경찰국경수비청', description: '내용',
    amount: '금액', cardNumber: '카드 번호', cardHint: '샌드박스: 4242 4242 4242 4242는 승인, 4000 0000 0000 0002는 거절됩니다.',
    expiry: '유효기간 (MM/YY)', cvc: '보안 코드', pay: '{amount} 결제', cancel: '취소하고 돌아가기', declined: '카드가 거절되었습니다. 다른 카드를 사용하세요.',
    closed: '이 결제는 더 이상 진행할 수 없습니다.', back: '가맹점으로 돌아가기',
  },
});

export const sandboxText = (locale: Locale) => translator(messages, locale);

/** The provider's hosted card page; the merchant never sees the card number. */
export function hostedPaymentPage(o: { payment: SandboxPayment; locale: Locale; csrfToken: string; issues: ValidationIssue[]; declined: boolean }) {
  const t = sandboxText(o.locale);
  const p = o.payment;
  const amount = new Intl.NumberFormat(o.locale, { style: 'currency', currency: p.currency }).format(p.amountMinor / 100);
  const path = `/pay/${p.id}`;
  const summary = summaryList([
    { key: t('merchant'), value: t('merchantName') },
    { key: t('description'), value: p.description },
    { key: t('amount'), value: amount },
  ]);
  const body = p.status !== 'open'
    ? html`${summary}<p>${t('closed')}</p><p><a href="${p.returnUrl}">${t('back')}</a></p>`
    : html`${errorSummary(o.declined ? [{ code: 'card_declined', path: 'body/cardNumber', message: t('declined') }, ...o.issues] : o.issues, o.locale)}
${summary}
<form class="card-form" method="post" action="${path}" novalidate>
${csrfField(o.csrfToken)}
${textInput({ name: 'cardNumber', label: t('cardNumber'), hint: t('cardHint'), autocomplete: 'cc-number', error: o.issues.find((i) => i.path.endsWith('cardNumber'))?.message })}
${textInput({ name: 'expiry', label: t('expiry'), autocomplete: 'cc-exp' })}
${textInput({ name: 'cvc', label: t('cvc'), autocomplete: 'cc-csc' })}
<button class="button" type="submit" name="action" value="pay">${t('pay', { amount })}</button>
</form>
<form method="post" action="${path}">${csrfField(o.csrfToken)}<button class="button button--secondary" type="submit" name="action" value="cancel">${t('cancel')}</button></form>`;
  return page({ title: t('title'), locale: o.locale, service: t('service'), path, body });
}
