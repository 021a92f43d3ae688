// SPDX-License-Identifier: Apache-2.0
import { defineMessages, translator, type Locale } from '@tessera/platform';
import type { Programme } from '../engine/types.ts';
import type { MemberDescription } from './describe-member.ts';

const messages = defineMessages({
  en: {
    subject: 'You may be entitled to {count} benefit(s)', greeting: 'Hello,', intro: 'Because of {reason}, we checked the programmes you may be entitled to. New for your household:',
    line: '- {name}{forWhom}: {amount} ({legal})', forWhom: ' for {who}', noAmount: 'amount to be set by the agency', apply: 'See why, and apply in one step: {link}',
    closing: 'You receive this because you asked to be told about benefits. You can change or withdraw your consent on the same page.',
    per_month: '{amount} a month', per_year: '{amount} a year', per_once: '{amount} once', per_loan: 'a loan of up to {amount}',
    reason_birth: 'a birth registered in your household', 'reason_turned-65': 'a birthday (65)', 'reason_household-change': 'a change in your household', 'reason_income-assessment': 'a new income assessment',
    reason_death: 'a death registered in your household', reason_periodic: 'our regular check', reason_consent: 'the consent you gave',
    member_self: 'you', member_household: 'your household', member_spouse: 'your spouse', member_child: 'your child born {month}', member_relative: 'a relative in your household',
    appliedSubject: 'Your application {reference} was sent', appliedText: 'Your application {reference} for {name} was sent to {agency}. Its reference there is {agencyReference}.',
  },
  et: {
    subject: 'Sul võib olla õigus {count} toetusele', greeting: 'Tere', intro: 'Seoses sündmusega „{reason}” kontrollisime toetusi, mis sulle võivad kuuluda. Sinu leibkonnale uued:',
    line: '- {name}{forWhom}: {amount} ({legal})', forWhom: ' isikule {who}', noAmount: 'summa määrab asutus', apply: 'Vaata põhjendust ja taotle ühe sammuga: {link}',
    closing: 'Saad selle kirja, sest soovisid toetustest teada saada. Nõusolekut saad muuta või tagasi võtta samal lehel.',
    per_month: '{amount} kuus', per_year: '{amount} aastas', per_once: '{amount} ühekordselt', per_loan: 'laen kuni {amount}',
    reason_birth: 'sinu leibkonnas registreeriti sünd', 'reason_turned-65': '65. sünnipäev', 'reason_household-change': 'muutus sinu leibkonnas', 'reason_income-assessment': 'uus sissetulekute hinnang',
    reason_death: 'sinu leibkonnas registreeriti surm', reason_periodic: 'korraline kontroll', reason_consent: 'sinu antud nõusolek',
    member_self: 'sina', member_household: 'sinu leibkond', member_spouse: 'sinu abikaasa', member_child: 'sinu laps (sündinud {month})', member_relative: 'sugulane sinu leibkonnas',
    appliedSubject: 'Sinu taotlus {reference} saadeti', appliedText: 'Sinu taotlus {reference} toetusele „{name}” saadeti asutusele {agency}. Selle viide seal on {agencyReference}.',
  },
  ko: {
    subject: '받을 수 있는 복지 혜택 {count}건', greeting: '안녕하세요.', intro: '{reason}에 따라 받을 수 있는 제도를 확인했습니다. 가구에 새로 해당하는 혜택:',
    line: '- {name}{forWhom}: {amount} ({legal})', forWhom: ' (대상: {who})', noAmount: '금액은 기관이 결정', apply: '이유를 확인하고 한 번에 신청하세요: {link}',
    closing: '복지 혜택 안내를 신청하셨기 때문에 이 메일을 받으셨습니다. 같은 페이지에서 동의를 변경하거나 철회할 수 있습니다.',
    per_month: '월 {amount}', per_year: '연 {amount}', per_once: '1회 {amount}', per_loan: '최대 {amount} 대출',
    reason_birth: '가구의 출생 신고', 'reason_turned-65': '만 65세 도래', 'reason_household-change': '가구 구성 변경', 'reason_income-assessment': '새 소득 조사',
    reason_death: '가구의 사망 신고', reason_periodic: '정기 확인', reason_consent: '동의하신 내용',
    member_self: '본인', member_household: '가구', member_spouse: '배우자', member_child: '{month} 출생 자녀', member_relative: '가구원',
    appliedSubject: '신청 {reference} 접수', appliedText: '{name} 신청({reference})이 {agency}에 전송되었습니다. 기관 접수 번호는 {agencyReference}입니다.',
  },
});

/** A household member as the person is told of them: by relation and birth month, not by identification code. */
export function memberName(locale: Locale, d: MemberDescription): string {
  const t = translator(messages, locale);
  const month = d.birthMonth ? new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(`${d.birthMonth}-01T00:00:00Z`)) : '?';
  return t(`member_${d.relation}`, { month });
}

export type EvaluationReason = 'birth' | 'turned-65' | 'household-change' | 'income-assessment' | 'death' | 'periodic' | 'consent';

export function formatAmount(amount: number, programme: Programme, locale: Locale): string {
  const t = translator(messages, locale);
  const money = new Intl.NumberFormat(locale, { style: 'currency', currency: programme.currency, maximumFractionDigits: programme.currency === 'KRW' ? 0 : 2 }).format(amount);
  return t(`per_${programme.amountPer ?? 'once'}`, { amount: money });
}

/** The notification of newly available programmes: the reason, each programme's amount and legal basis, and the link to apply. */
export function offerMail(locale: Locale, o: { reason: EvaluationReason; link: string; offers: ReadonlyArray<{ programme: Programme; beneficiary: MemberDescription; amount: number | null }> }): { subject: string; text: string } {
  const t = translator(messages, locale);
  const lines = o.offers.map((x) => t('line', {
    name: x.programme.name,
    forWhom: x.beneficiary.relation === 'self' || x.beneficiary.relation === 'household' ? '' : t('forWhom', { who: memberName(locale, x.beneficiary) }),
    amount: x.amount === null ? t('noAmount') : formatAmount(x.amount, x.programme, locale),
    legal: x.programme.sources[0] ?? x.programme.agency,
  }));
  return {
    subject: t('subject', { count: o.offers.length }),
    text: [t('greeting'), '', t('intro', { reason: t(`reason_${o.reason}`) }), ...lines, '', t('apply', { link: o.link }), '', t('closing')].join('\n'),
  };
}

/** The same news in a few words, for a push notification or an SMS: the title, and one line per programme with its amount. */
export function offerNotice(locale: Locale, o: { offers: ReadonlyArray<{ programme: Programme; beneficiary: MemberDescription; amount: number | null }> }): { title: string; body: string } {
  const t = translator(messages, locale);
  return {
    title: t('subject', { count: o.offers.length }),
    body: o.offers.map((x) => `${x.programme.name}${x.beneficiary.relation === 'self' || x.beneficiary.relation === 'household' ? '' : t('forWhom', { who: memberName(locale, x.beneficiary) })}: ${x.amount === null ? t('noAmount') : formatAmount(x.amount, x.programme, locale)}`).join('\n'),
  };
}

export function applicationMail(locale: Locale, o: { reference: string; programme: Programme; agencyReference: string }): { subject: string; text: string } {
  const t = translator(messages, locale);
  return { subject: t('appliedSubject', { reference: o.reference }), text: t('appliedText', { reference: o.reference, name: o.programme.name, agency: o.programme.agency, agencyReference: o.agencyReference }) };
}
