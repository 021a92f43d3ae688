// SPDX-License-Identifier: Apache-2.0
import { defineMessages, translator, type Locale } from '@tessera/platform';

const messages = defineMessages({
  en: {
    service: 'Credential issuing desk', newOffer: 'New credential offer',
    intro: 'Check the holder’s identity first (ID card). The offer is valid for {minutes} minutes; the holder scans the code with their wallet and enters the transaction code.',
    holder: 'Holder’s identification code', holderHint: '11 digits, as on the ID card', documentRef: 'ID card authentication certificate serial', documentRefHint: 'Optional: the credential then follows the card’s status (hexadecimal)',
    configuration: 'Credential', configurationHint: 'Choose the credential to offer.', choose: 'Choose…', create: 'Create offer',
    grant: 'How the holder receives it', grantHint: 'With the transaction code shown now, by signing in at the issuer with their ID card, or either way.', grantPreAuthorized: 'With the transaction code', grantAuthorizationCode: 'By signing in with the ID card', grantBoth: 'Either way', signInInstead: 'The holder signs in at the issuer with their ID card when the wallet asks; there is no transaction code.',
    created: 'Offer created', link: 'Offer link', linkByValue: 'The whole offer in the link', linkByValueHint: 'For a wallet that cannot fetch offers by reference; too long for a QR code.', txCode: 'Transaction code', txCodeHint: 'Tell the holder this code; it is shown only now.', expires: 'Valid until', another: 'Create another offer', formExpired: 'This form has expired. Check the fields and create the offer again.',
  },
  et: {
    service: 'Tõendite väljastamise teenindus', newOffer: 'Uus tõendi pakkumine',
    intro: 'Kontrolli esmalt omaniku isikut (ID-kaart). Pakkumine kehtib {minutes} minutit; omanik skannib koodi rahakotiga ja sisestab tehingukoodi.',
    holder: 'Omaniku isikukood', holderHint: '11 numbrit, nagu ID-kaardil', documentRef: 'ID-kaardi isikutuvastussertifikaadi seerianumber', documentRefHint: 'Valikuline: tõendi olek järgib siis kaardi olekut (kuueteistkümnendsüsteemis)',
    configuration: 'Tõend', configurationHint: 'Vali pakutav tõend.', choose: 'Vali…', create: 'Loo pakkumine',
    grant: 'Kuidas omanik tõendi saab', grantHint: 'Praegu näidatava tehingukoodiga, väljaandja juures ID-kaardiga sisse logides või kummalgi viisil.', grantPreAuthorized: 'Tehingukoodiga', grantAuthorizationCode: 'ID-kaardiga sisse logides', grantBoth: 'Kummalgi viisil', signInInstead: 'Omanik logib rahakoti palvel väljaandja juures ID-kaardiga sisse; tehingukoodi pole.',
    created: 'Pakkumine loodud', link: 'Pakkumise link', linkByValue: 'Kogu pakkumine lingis', linkByValueHint: 'Rahakotile, mis ei oska pakkumist viite järgi laadida; QR-koodiks liiga pikk.', txCode: 'Tehingukood', txCodeHint: 'Ütle see kood omanikule; seda näidatakse ainult praegu.', expires: 'Kehtib kuni', another: 'Loo uus pakkumine', formExpired: 'See vorm on aegunud. Kontrolli välju ja loo pakkumine uuesti.',
  },
  ko: {
    service: '전자증명서 발급 창구', newOffer: '새 증명서 발급 제안',
    intro: '먼저 소지자의 신원을 확인하십시오(신분증). 제안은 {minutes}분 동안 유효하며, 소지자는 지갑으로 코드를 스캔하고 거래 코드를 입력합니다.',
    holder: '소지자 식별번호', holderHint: '신분증에 있는 11자리 숫자', documentRef: '신분증 인증서 일련번호', documentRefHint: '선택 사항: 입력하면 증명서 상태가 신분증 상태를 따릅니다(16진수)',
    configuration: '증명서', configurationHint: '제안할 증명서를 선택하십시오.', choose: '선택…', create: '제안 만들기',
    grant: '소지자가 받는 방법', grantHint: '지금 표시되는 거래 코드로, 발급기관에서 신분증으로 로그인하여, 또는 둘 중 어느 방법으로든.', grantPreAuthorized: '거래 코드로', grantAuthorizationCode: '신분증으로 로그인하여', grantBoth: '어느 방법으로든', signInInstead: '지갑이 요청하면 소지자가 발급기관에서 신분증으로 로그인합니다. 거래 코드는 없습니다.',
    created: '제안이 만들어졌습니다', link: '제안 링크', linkByValue: '링크에 담긴 전체 제안', linkByValueHint: '참조로 제안을 가져올 수 없는 지갑용입니다. QR 코드로는 너무 깁니다.', txCode: '거래 코드', txCodeHint: '이 코드를 소지자에게 알려 주십시오. 지금만 표시됩니다.', expires: '유효 기한', another: '다른 제안 만들기', formExpired: '이 양식은 만료되었습니다. 입력 내용을 확인하고 제안을 다시 만드십시오.',
  },
});

export const deskText = (locale: Locale) => translator(messages, locale);
