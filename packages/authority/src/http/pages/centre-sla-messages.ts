// SPDX-License-Identifier: Apache-2.0
import { defineMessages, translator, type Locale } from '@tessera/platform';

const messages = defineMessages({
  en: {
    slaTitle: 'Service levels',
    slaExplain: 'The alerts above and the check that the centre’s log holds every action it reported use these values. A change is kept in the authority’s transparency log with your name.',
    sla_checkInDays: 'Days from dispatch to check-in',
    sla_reconciliationHours: 'Hours between daily reconciliations',
    sla_treeHeadHours: 'Hours between accepted heads of the centre’s log',
    sla_disposalDays: 'Days after the collection deadline to return or destroy a card',
    sla_inclusionGraceMinutes: 'Minutes for a reported action to be proven in the centre’s log',
    slaRange: 'A whole number from {minimum} to {maximum}',
    slaRangeError: 'Enter a whole number from {minimum} to {maximum}',
    slaSave: 'Save the service levels',
    slaSavedNotice: 'The service levels are saved.',
  },
  et: {
    slaTitle: 'Teenustasemed',
    slaExplain: 'Ülalolevad hoiatused ja kontroll, et keskuse logis on iga teatatud toiming, kasutavad neid väärtusi. Muudatus jääb sinu nimega ameti läbipaistvuslogisse.',
    sla_checkInDays: 'Päevi saatmisest vastuvõtmiseni',
    sla_reconciliationHours: 'Tunde igapäevaste võrdluste vahel',
    sla_treeHeadHours: 'Tunde keskuse logi vastuvõetud päiste vahel',
    sla_disposalDays: 'Päevi pärast kättesaamise tähtaega kaardi tagastamiseks või hävitamiseks',
    sla_inclusionGraceMinutes: 'Minuteid, mille jooksul teatatud toiming peab keskuse logis tõestatud olema',
    slaRange: 'Täisarv {minimum} kuni {maximum}',
    slaRangeError: 'Sisesta täisarv {minimum} kuni {maximum}',
    slaSave: 'Salvesta teenustasemed',
    slaSavedNotice: 'Teenustasemed on salvestatud.',
  },
  ko: {
    slaTitle: '서비스 수준',
    slaExplain: '위의 경고와 센터 로그가 보고된 모든 조치를 담고 있는지에 대한 확인은 이 값을 사용합니다. 변경 사항은 귀하의 이름과 함께 기관의 투명성 로그에 보관됩니다.',
    sla_checkInDays: '발송부터 입고 확인까지의 일수',
    sla_reconciliationHours: '일일 대사 사이의 시간',
    sla_treeHeadHours: '센터 로그의 헤드가 수락되는 간격(시간)',
    sla_disposalDays: '수령 기한 후 카드를 반송하거나 폐기하기까지의 일수',
    sla_inclusionGraceMinutes: '보고된 조치가 센터 로그에서 증명되어야 하는 시간(분)',
    slaRange: '{minimum}~{maximum}의 정수',
    slaRangeError: '{minimum}~{maximum}의 정수를 입력하세요',
    slaSave: '서비스 수준 저장',
    slaSavedNotice: '서비스 수준이 저장되었습니다.',
  },
});

export const centreSlaText = (locale: Locale) => translator(messages, locale);
