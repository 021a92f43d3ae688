// SPDX-License-Identifier: Apache-2.0
import { defineMessages } from '@tessera/platform';

/** The authorization page's words in every language the issuer speaks. */
export const AUTHORIZATION_MESSAGES = defineMessages({
  en: {
    title: 'Add credentials to your wallet',
    service: 'Tessera credential issuer',
    intro: 'The wallet {client} asks for these credentials. Prove who you are to receive them; the issuer then asks the agencies that hold your data.',
    withCard: 'Sign in with your ID card',
    withCardSteps: 'Put your ID card in the reader, choose Sign in and enter PIN1 when the Web eID window asks for it.',
    withCredential: 'Or present an identity credential already in your wallet',
    withCredentialSteps: 'Your wallet shows which claims it discloses (your identification code) and signs with the key the credential is bound to.',
    signIn: 'Sign in',
    openInWallet: 'Present a credential from your wallet',
  },
  et: {
    title: 'Lisa tõendid oma rahakotti',
    service: 'Tessera tõendite väljaandja',
    intro: 'Rahakott {client} küsib neid tõendeid. Nende saamiseks tõenda oma isikut; seejärel küsib väljaandja andmeid neid hoidvatelt asutustelt.',
    withCard: 'Logi sisse ID-kaardiga',
    withCardSteps: 'Sisesta ID-kaart lugejasse, vali Logi sisse ja sisesta PIN1, kui Web eID aken seda küsib.',
    withCredential: 'Või esita rahakotis juba olev isikutõend',
    withCredentialSteps: 'Rahakott näitab, milliseid andmeid ta avaldab (isikukood), ja allkirjastab tõendiga seotud võtmega.',
    signIn: 'Logi sisse',
    openInWallet: 'Esita tõend oma rahakotist',
  },
  ko: {
    title: '지갑에 전자증명서 추가',
    service: 'Tessera 전자증명서 발급기관',
    intro: '지갑 {client}이(가) 다음 증명서를 요청합니다. 받으려면 본인임을 증명하세요. 그러면 발급기관이 귀하의 정보를 가진 기관에 조회합니다.',
    withCard: '신분증으로 로그인',
    withCardSteps: '신분증을 리더기에 넣고 로그인을 선택한 뒤 Web eID 창이 요청하면 PIN1을 입력하세요.',
    withCredential: '또는 지갑에 이미 있는 신분 증명서 제시',
    withCredentialSteps: '지갑은 공개할 정보(주민등록번호)를 보여 주고 증명서에 연결된 키로 서명합니다.',
    signIn: '로그인',
    openInWallet: '지갑에서 증명서 제시',
  },
});
