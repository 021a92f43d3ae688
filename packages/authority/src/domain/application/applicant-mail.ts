// SPDX-License-Identifier: Apache-2.0
import { defineMessages, translator, type Locale } from '@tessera/platform';

/** The e-mail an applicant gets at each step; the link is their private status page. */
export type ApplicantMailKind = 'received' | 'submitted' | 'approved' | 'rejected' | 'withdrawn' | 'card_ordered' | 'card_ready';

const messages = defineMessages({
  en: {
    received_subject: 'Your e-Residency application {reference}: pay the state fee',
    received_body: 'Dear {name},\n\nwe have received your e-Residency application {reference}. It will be reviewed once the state fee of {fee} is paid.\n\nPay and follow your application here: {link}\n\nPolice and Border Guard Board',
    submitted_subject: 'Your e-Residency application {reference} is being reviewed',
    submitted_body: 'Dear {name},\n\nthank you, your payment was received and your application {reference} is now being reviewed. A decision is due within 30 days.\n\nFollow your application: {link}\n\nPolice and Border Guard Board',
    card_ordered_subject: 'Your digi-ID is being made ({reference})',
    card_ordered_body: 'Dear {name},\n\nyour digi-ID has been personalised and is on its way to {location}. It is usually there within 2–5 weeks. Collect it in person with the same passport you applied with, within 6 months; the sealed PIN envelope is handed over with the card.\n\nPolice and Border Guard Board',
    approved_subject: 'Your e-Residency application {reference} is approved',
    approved_body: 'Dear {name},\n\nyour e-Residency application {reference} has been approved. Your digi-ID will be sent to {location}; we will tell you when you can book a time to collect it in person with the same passport you applied with.\n\nFollow your application: {link}\n\nPolice and Border Guard Board',
    rejected_subject: 'Decision on your e-Residency application {reference}',
    rejected_body: 'Dear {name},\n\nwe are unable to grant your e-Residency application {reference}.\nReason: {reason}\n\nThe state fee will be refunded to the card you paid with.\n\nDetails: {link}\n\nPolice and Border Guard Board',
    withdrawn_subject: 'Your e-Residency application {reference} is withdrawn',
    withdrawn_body: 'Dear {name},\n\nyour e-Residency application {reference} has been withdrawn as you asked.\n\nPolice and Border Guard Board',
    card_ready_subject: 'Your digi-ID is ready for collection ({reference})',
    card_ready_body: 'Dear {name},\n\nyour digi-ID has arrived at {location}, {address}.\nOpening hours: {hours}\n\nBook, move or cancel your pickup time here: {link}\n\nBring the same passport you applied with. Collect the card by {collectBy}; after that it is returned and cannot be used.\n\nPolice and Border Guard Board',
  },
  et: {
    received_subject: 'Teie e-residendi taotlus {reference}: tasuge riigilõiv',
    received_body: 'Lugupeetud {name}\n\noleme kätte saanud Teie e-residendi taotluse {reference}. Taotlust hakatakse menetlema pärast riigilõivu {fee} tasumist.\n\nTasuge ja jälgige taotlust siin: {link}\n\nPolitsei- ja Piirivalveamet',
    submitted_subject: 'Teie e-residendi taotlus {reference} on menetluses',
    submitted_body: 'Lugupeetud {name}\n\naitäh, makse on laekunud ja Teie taotlus {reference} on menetluses. Otsus tehakse 30 päeva jooksul.\n\nJälgige taotlust: {link}\n\nPolitsei- ja Piirivalveamet',
    card_ordered_subject: 'Teie digi-ID on valmimas ({reference})',
    card_ordered_body: 'Lugupeetud {name}\n\nTeie digi-ID on isikustatud ja teel asukohta {location}. Tavaliselt jõuab see kohale 2–5 nädalaga. Võtke see isiklikult vastu sama passiga, millega taotlesite, 6 kuu jooksul; suletud PIN-ümbrik antakse üle koos kaardiga.\n\nPolitsei- ja Piirivalveamet',
    approved_subject: 'Teie e-residendi taotlus {reference} on rahuldatud',
    approved_body: 'Lugupeetud {name}\n\nTeie e-residendi taotlus {reference} on rahuldatud. Digi-ID saadetakse asukohta {location}; anname teada, kui saate broneerida aja, et see isiklikult kätte saada sama passiga, millega taotlesite.\n\nJälgige taotlust: {link}\n\nPolitsei- ja Piirivalveamet',
    rejected_subject: 'Otsus Teie e-residendi taotluse {reference} kohta',
    rejected_body: 'Lugupeetud {name}\n\nme ei saa Teie e-residendi taotlust {reference} rahuldada.\nPõhjus: {reason}\n\nRiigilõiv tagastatakse kaardile, millega maksite.\n\nÜksikasjad: {link}\n\nPolitsei- ja Piirivalveamet',
    withdrawn_subject: 'Teie e-residendi taotlus {reference} on tagasi võetud',
    withdrawn_body: 'Lugupeetud {name}\n\nTeie e-residendi taotlus {reference} on Teie soovil tagasi võetud.\n\nPolitsei- ja Piirivalveamet',
    card_ready_subject: 'Teie digi-ID on kättesaamiseks valmis ({reference})',
    card_ready_body: 'Lugupeetud {name}\n\nTeie digi-ID on jõudnud asukohta {location}, {address}.\nLahtiolekuajad: {hours}\n\nBroneerige, muutke või tühistage kättesaamise aeg siin: {link}\n\nVõtke kaasa sama pass, millega taotlesite. Võtke kaart vastu hiljemalt {collectBy}; hiljem see tagastatakse ega ole kasutatav.\n\nPolitsei- ja Piirivalveamet',
  },
  ko: {
    received_subject: '전자영주권 신청 {reference}: 수수료를 납부해 주세요',
    received_body: '{name}님께\n\n전자영주권 신청 {reference}이(가) 접수되었습니다. 수수료 {fee}를 납부하시면 심사가 시작됩니다.\n\n납부 및 진행 상황 확인: {link}\n\n에스토니아 경찰국경수비청',
    submitted_subject: '전자영주권 신청 {reference}을(를) 심사 중입니다',
    submitted_body: '{name}님께\n\n결제가 확인되어 신청 {reference}의 심사가 시작되었습니다. 결정은 30일 이내에 내려집니다.\n\n진행 상황 확인: {link}\n\n에스토니아 경찰국경수비청',
    card_ordered_subject: '디지털 ID 카드가 제작되고 있습니다 ({reference})',
    card_ordered_body: '{name}님께\n\n디지털 ID 카드가 개인화되어 {location}(으)로 발송 중입니다. 보통 2–5주 안에 도착합니다. 신청 시 사용한 여권을 지참하고 6개월 이내에 직접 수령하세요. 봉인된 PIN 봉투는 카드와 함께 전달됩니다.\n\n에스토니아 경찰국경수비청',
    approved_subject: '전자영주권 신청 {reference}이(가) 승인되었습니다',
    approved_body: '{name}님께\n\n전자영주권 신청 {reference}이(가) 승인되었습니다. 디지털 ID 카드는 {location}(으)로 발송되며, 신청 시 사용한 여권을 지참하고 직접 수령하실 수 있도록 예약이 가능해지면 알려 드리겠습니다.\n\n진행 상황 확인: {link}\n\n에스토니아 경찰국경수비청',
    rejected_subject: '전자영주권 신청 {reference}에 대한 결정',
    rejected_body: '{name}님께\n\n전자영주권 신청 {reference}을(를) 승인할 수 없습니다.\n사유: {reason}\n\n수수료는 결제하신 카드로 환불됩니다.\n\n자세한 내용: {link}\n\n에스토니아 경찰국경수비청',
    withdrawn_subject: '전자영주권 신청 {reference}이(가) 철회되었습니다',
    withdrawn_body: '{name}님께\n\n요청하신 대로 전자영주권 신청 {reference}이(가) 철회되었습니다.\n\n에스토니아 경찰국경수비청',
    card_ready_subject: '디지털 ID 카드를 수령하실 수 있습니다 ({reference})',
    card_ready_body: '{name}님께\n\n디지털 ID 카드가 {location}({address})에 도착했습니다.\n운영 시간: {hours}\n\n수령 시간 예약, 변경 또는 취소: {link}\n\n신청 시 사용한 여권을 지참하세요. {collectBy}까지 수령하지 않으면 카드는 반송되어 사용할 수 없습니다.\n\n에스토니아 경찰국경수비청',
  },
});

export function applicantMail(kind: ApplicantMailKind, locale: Locale, params: Record<string, string>): { subject: string; text: string } {
  const t = translator(messages, locale);
  return { subject: t(`${kind}_subject`, params), text: t(`${kind}_body`, params) };
}
