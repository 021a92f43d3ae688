// SPDX-License-Identifier: Apache-2.0
import { defineMessages, translator, type Locale } from '@tessera/platform';

const messages = defineMessages({
  en: {
    assertionTitle: 'Signing you in', assertionIntro: 'You are being signed in to the service you came from. If nothing happens, continue here.', assertionContinue: 'Continue',
    demoSignInTitle: 'Demo sign-in (development only)', demoSignInIntro: 'Sign in as one of the demo people without a card. This page does not exist in production.', demoSignInAs: 'Sign in as {name}',
    signInTitle: 'Sign in with your digi-ID', signInIntro: 'Your digi-ID card proves who you are; no password is needed.', signInStep1: 'Put the card in the card reader.', signInStep2: 'When your browser asks, choose your authentication certificate.', signInStep3: 'Enter PIN1. The card signs a one-time challenge from this site.', signInProtocol: 'This site uses the Web eID protocol: install the Web eID browser extension and app once. Each sign-in is checked with the certificate authority (OCSP); a suspended or revoked card cannot sign in.',
    citizenService: 'Citizen portal', citizenTitle: 'Signed in with your digi-ID', name: 'Name', yourDocuments: 'Your documents', yourCards: 'Your digi-ID cards', colValid: 'Valid until',
    consoleService: 'e-Residency officer console', applications: 'Applications', cards: 'Card register',
    cardsCaption: 'Cards, newest first', colDocument: 'Document', colOrder: 'Application', colState: 'State', colLocation: 'Pickup', colValidUntil: 'Valid until',
    filterState: 'State', filterLocation: 'Pickup location', filterDocument: 'Document number', filterAll: 'All', filter: 'Filter', clear: 'Clear',
    state_personalised: 'Personalised, on hold', state_active: 'Active', state_suspended: 'Suspended', state_revoked: 'Revoked',
    cardTitle: 'Card {documentNumber}', holder: 'Holder', holderCode: 'Identification code', validFrom: 'Valid from', validUntil: 'Valid until', collectBy: 'Collect by',
    revocationReason: 'Revocation reason', certificates: 'Certificates', colUsage: 'Use', colSerial: 'Serial number', colStatus: 'Status',
    status_good: 'Good', status_revoked: 'Revoked ({reason})', history: 'History', colWhen: 'When', colWho: 'Who', colWhat: 'What',
    actions: 'Change the card', suspend: 'Suspend', resume: 'Resume', revoke: 'Revoke', reason: 'Reason', choose: 'Choose…',
    reason_lost: 'Lost', reason_stolen: 'Stolen', reason_unclaimed: 'Not collected in time', reason_death: 'Holder died', reason_authority_decision: 'Authority decision', reason_renewed: 'Replaced by a new card',
    activateHint: 'A card is activated by its handover at the pickup point, not here.', noActions: 'This card can no longer change.', changed: 'The card has been changed; OCSP and CRL show it now.',
  },
  et: {
    assertionTitle: 'Sisselogimine', assertionIntro: 'Sind logitakse sisse teenusesse, kust tulid. Kui midagi ei juhtu, jätka siit.', assertionContinue: 'Jätka',
    demoSignInTitle: 'Demo-sisselogimine (ainult arenduseks)', demoSignInIntro: 'Logi kaardita sisse ühena demo inimestest. Tootmiskeskkonnas seda lehte ei ole.', demoSignInAs: 'Logi sisse kui {name}',
    signInTitle: 'Logi sisse digi-ID-ga', signInIntro: 'Digi-ID kaart tõendab, kes sa oled; parooli pole vaja.', signInStep1: 'Pane kaart kaardilugejasse.', signInStep2: 'Kui brauser küsib, vali oma isikutuvastuse sertifikaat.', signInStep3: 'Sisesta PIN1. Kaart allkirjastab selle saidi ühekordse väljakutse.', signInProtocol: 'See sait kasutab Web eID protokolli: paigalda üks kord Web eID brauserilaiendus ja rakendus. Iga sisselogimist kontrollitakse sertifitseerijaga (OCSP); peatatud või tühistatud kaardiga sisse ei saa.',
    citizenService: 'Kodanikuportaal', citizenTitle: 'Sisse logitud digi-ID-ga', name: 'Nimi', yourDocuments: 'Sinu dokumendid', yourCards: 'Sinu digi-ID kaardid', colValid: 'Kehtib kuni',
    consoleService: 'e-residentsuse ametniku töölaud', applications: 'Taotlused', cards: 'Kaardiregister',
    cardsCaption: 'Kaardid, uusimad eespool', colDocument: 'Dokument', colOrder: 'Taotlus', colState: 'Olek', colLocation: 'Väljastuskoht', colValidUntil: 'Kehtib kuni',
    filterState: 'Olek', filterLocation: 'Väljastuskoht', filterDocument: 'Dokumendi number', filterAll: 'Kõik', filter: 'Filtreeri', clear: 'Tühjenda',
    state_personalised: 'Isikustatud, peatatud', state_active: 'Aktiivne', state_suspended: 'Peatatud', state_revoked: 'Tühistatud',
    cardTitle: 'Kaart {documentNumber}', holder: 'Kasutaja', holderCode: 'Isikukood', validFrom: 'Kehtib alates', validUntil: 'Kehtib kuni', collectBy: 'Kätte saada hiljemalt',
    revocationReason: 'Tühistamise põhjus', certificates: 'Sertifikaadid', colUsage: 'Kasutus', colSerial: 'Seerianumber', colStatus: 'Olek',
    status_good: 'Kehtiv', status_revoked: 'Tühistatud ({reason})', history: 'Ajalugu', colWhen: 'Millal', colWho: 'Kes', colWhat: 'Mis',
    actions: 'Muuda kaarti', suspend: 'Peata', resume: 'Taasta', revoke: 'Tühista', reason: 'Põhjus', choose: 'Vali…',
    reason_lost: 'Kadunud', reason_stolen: 'Varastatud', reason_unclaimed: 'Õigeaegselt kätte saamata', reason_death: 'Kasutaja suri', reason_authority_decision: 'Ameti otsus', reason_renewed: 'Asendatud uue kaardiga',
    activateHint: 'Kaart aktiveeritakse üleandmisel väljastuskohas, mitte siin.', noActions: 'Seda kaarti ei saa enam muuta.', changed: 'Kaarti muudeti; OCSP ja CRL näitavad seda kohe.',
  },
  ko: {
    assertionTitle: '로그인 중', assertionIntro: '이전 서비스로 로그인하고 있습니다. 아무 일도 일어나지 않으면 여기에서 계속하십시오.', assertionContinue: '계속',
    demoSignInTitle: '데모 로그인 (개발 전용)', demoSignInIntro: '카드 없이 데모 인물 중 한 명으로 로그인합니다. 운영 환경에는 이 페이지가 없습니다.', demoSignInAs: '{name}(으)로 로그인',
    signInTitle: '디지털 ID로 로그인', signInIntro: '디지털 ID 카드가 본인임을 증명하므로 비밀번호가 필요 없습니다.', signInStep1: '카드를 카드 리더기에 넣으세요.', signInStep2: '브라우저가 요청하면 인증용 인증서를 선택하세요.', signInStep3: 'PIN1을 입력하세요. 카드가 이 사이트의 일회용 챌린지에 서명합니다.', signInProtocol: '이 사이트는 Web eID 프로토콜을 사용합니다. Web eID 브라우저 확장 프로그램과 앱을 한 번 설치하세요. 모든 로그인은 인증기관(OCSP)으로 확인되며, 정지되거나 폐지된 카드로는 로그인할 수 없습니다.',
    citizenService: '시민 포털', citizenTitle: '디지털 ID로 로그인됨', name: '이름', yourDocuments: '내 문서', yourCards: '내 디지털 ID 카드', colValid: '유효기간 만료',
    consoleService: '전자영주권 심사관 콘솔', applications: '신청 목록', cards: '카드 대장',
    cardsCaption: '카드, 최신순', colDocument: '문서 번호', colOrder: '신청', colState: '상태', colLocation: '수령처', colValidUntil: '유효기간 만료',
    filterState: '상태', filterLocation: '수령처', filterDocument: '문서 번호', filterAll: '전체', filter: '필터', clear: '지우기',
    state_personalised: '개인화됨, 정지 상태', state_active: '활성', state_suspended: '정지됨', state_revoked: '폐지됨',
    cardTitle: '카드 {documentNumber}', holder: '소지자', holderCode: '식별 번호', validFrom: '유효기간 시작', validUntil: '유효기간 만료', collectBy: '수령 기한',
    revocationReason: '폐지 사유', certificates: '인증서', colUsage: '용도', colSerial: '일련번호', colStatus: '상태',
    status_good: '유효', status_revoked: '폐지됨 ({reason})', history: '이력', colWhen: '일시', colWho: '처리자', colWhat: '내용',
    actions: '카드 변경', suspend: '정지', resume: '재개', revoke: '폐지', reason: '사유', choose: '선택…',
    reason_lost: '분실', reason_stolen: '도난', reason_unclaimed: '기한 내 미수령', reason_death: '소지자 사망', reason_authority_decision: '기관 결정', reason_renewed: '새 카드로 교체',
    activateHint: '카드는 수령처에서 교부할 때 활성화되며 여기서는 활성화할 수 없습니다.', noActions: '이 카드는 더 이상 변경할 수 없습니다.', changed: '카드가 변경되었습니다. OCSP와 CRL에 즉시 반영됩니다.',
  },
});

export type CardText = ReturnType<typeof cardText>;
export const cardText = (locale: Locale) => translator(messages, locale);
