// SPDX-License-Identifier: Apache-2.0
import { defineMessages, translator, type Locale } from '@tessera/platform';

const messages = defineMessages({
  en: {
    resetBreakTitle: 'The centre’s log key was reset: its history has a break',
    resetBreak: 'On {date} the log key of this centre, which had lost its key, was replaced: proposed by {proposer}, approved by {approver}. Reason: {reason}',
    resetUnproven: 'Consistency across the reset cannot be proven: the heads accepted after it are not shown to extend the heads before it (the last accepted before it had {size} entries), so the log’s history before the reset is not checked against the log after it.',
    resetUnprovenNoHead: 'Consistency across the reset cannot be proven; no head had been accepted before it.',
    resetPendingTitle: 'A reset of the log key waits for a second overseer',
    resetPending: 'Proposed on {date} by {proposer}: {reason}. New key {key}. Until another overseer approves it, the centre’s heads are checked against the key pinned now.',
  },
  et: {
    resetBreakTitle: 'Keskuse logivõti lähtestati: logi ajaloos on katkestus',
    resetBreak: '{date} asendati võtme kaotanud keskuse logivõti: ettepaneku tegi {proposer}, kinnitas {approver}. Põhjus: {reason}',
    resetUnproven: 'Järjepidevust üle lähtestamise ei saa tõestada: pärast seda vastu võetud päiseid ei näidata varasemate päiste jätkuna (viimases enne seda vastu võetud päises oli {size} kirjet), seega logi ajalugu enne lähtestamist ei kontrollita pärastise logi vastu.',
    resetUnprovenNoHead: 'Järjepidevust üle lähtestamise ei saa tõestada; enne seda ei olnud ühtki päist vastu võetud.',
    resetPendingTitle: 'Logivõtme lähtestamine ootab teise järelevaataja kinnitust',
    resetPending: 'Ettepaneku tegi {date} {proposer}: {reason}. Uus võti {key}. Kuni teine järelevaataja seda ei kinnita, kontrollitakse keskuse päiseid praegu kinnitatud võtmega.',
  },
  ko: {
    resetBreakTitle: '센터의 로그 키가 재설정되었습니다: 기록에 단절이 있습니다',
    resetBreak: '{date}에 키를 잃어버린 이 센터의 로그 키가 교체되었습니다. 제안: {proposer}, 승인: {approver}. 사유: {reason}',
    resetUnproven: '재설정 전후의 일관성은 증명할 수 없습니다. 재설정 후 수락된 헤드가 이전 헤드의 확장임이 증명되지 않으므로(재설정 전 마지막으로 수락된 헤드의 항목 수: {size}) 재설정 전의 로그 기록은 이후의 로그와 대조되지 않습니다.',
    resetUnprovenNoHead: '재설정 전후의 일관성은 증명할 수 없습니다. 재설정 전에 수락된 헤드가 없었습니다.',
    resetPendingTitle: '로그 키 재설정이 두 번째 감독자의 승인을 기다리고 있습니다',
    resetPending: '{date}에 {proposer}이(가) 제안: {reason}. 새 키 {key}. 다른 감독자가 승인할 때까지 센터의 헤드는 현재 고정된 키로 확인됩니다.',
  },
});

export const logKeyResetText = (locale: Locale) => translator(messages, locale);
