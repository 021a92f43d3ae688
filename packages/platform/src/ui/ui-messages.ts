// SPDX-License-Identifier: Apache-2.0
import { defineMessages, translator, type Locale } from '../i18n/messages.ts';

const messages = defineMessages({
  en: {
    skipToContent: 'Skip to main content',
    language: 'Language',
    signedInAs: 'Signed in as {name}',
    signOut: 'Sign out',
    mainNavigation: 'Main navigation',
    footer: 'Tessera — open-source digital identity platform',
  },
  et: {
    skipToContent: 'Liigu põhisisu juurde',
    language: 'Keel',
    signedInAs: 'Sisse logitud: {name}',
    signOut: 'Logi välja',
    mainNavigation: 'Peamenüü',
    footer: 'Tessera — avatud lähtekoodiga digitaalse identiteedi platvorm',
  },
  ko: {
    skipToContent: '본문으로 건너뛰기',
    language: '언어',
    signedInAs: '{name}(으)로 로그인됨',
    signOut: '로그아웃',
    mainNavigation: '주 메뉴',
    footer: 'Tessera — 오픈 소스 디지털 신원 플랫폼',
  },
});

export const uiText = (locale: Locale) => translator(messages, locale);
