// SPDX-License-Identifier: Apache-2.0
import { defineMessages, translator, type Locale } from '@tessera/platform';

const messages = defineMessages({
  en: {
    service: 'Credential issuer administration', types: 'Credential types', typesCaption: 'Credential types, current versions',
    search: 'Search by id or name', status: 'Status', all: 'All', filter: 'Filter', clear: 'Clear',
    colType: 'Type', colName: 'Name', colAgency: 'Agency', colVersion: 'Version', colStatus: 'Status', colFormats: 'Formats', colPublished: 'Published', colRetired: 'Retired', colIssued: 'Issued',
    status_active: 'Active', status_superseded: 'Superseded', status_retired: 'Retired',
    versions: 'Versions', versionsCaption: 'Published versions, newest first', claims: 'Claims', claimsCaption: 'Claims of the current version',
    colClaim: 'Claim', colValueType: 'Value type', colMandatory: 'Mandatory', colDisclosable: 'Selectively disclosable', yes: 'Yes', no: 'No',
    source: 'Claims come from', derivedFrom: 'Status follows', none: 'nothing (valid on its own)', validity: 'Valid for', days: '{days} days', approval: 'Approval', approval_immediate: 'immediate', approval_deferred: 'by the agency (deferred)',
    retire: 'Retire this type', retireHint: 'No new offers or credentials of this type. Credentials already issued stay valid until they expire or their status says otherwise.', retireButton: 'Retire type',
    retired: 'The type was retired: no new credentials of it are issued.', issued: 'Issued credentials', issuedCaption: 'Issued credentials of this type, newest first (no claim values, no holders)',
    colCredential: 'Credential', colIssuedAt: 'Issued', colExpires: 'Expires', colReason: 'Reason', colActions: 'Actions',
    cstatus_valid: 'Valid', cstatus_suspended: 'Suspended', cstatus_invalid: 'Revoked',
    suspend: 'Suspend', resume: 'Resume', revoke: 'Revoke', reason: 'Reason', choose: 'Choose…', changed: 'The credential’s status was changed; verifiers see it in the next status list.',
    reason_holder_request: 'Holder’s request', reason_device_lost: 'Device lost or stolen', reason_under_investigation: 'Under investigation', reason_data_under_review: 'Data under review',
    reason_data_incorrect: 'Data incorrect', reason_issued_in_error: 'Issued in error', reason_entitlement_ended: 'Entitlement ended', reason_fraud: 'Fraud',
    followsCard: 'follows the card', noActions: 'Revoked: no further change.',
  },
  et: {
    service: 'Tõendite väljaandja haldus', types: 'Tõendiliigid', typesCaption: 'Tõendiliigid, kehtivad versioonid',
    search: 'Otsi tunnuse või nime järgi', status: 'Olek', all: 'Kõik', filter: 'Filtreeri', clear: 'Tühjenda',
    colType: 'Liik', colName: 'Nimi', colAgency: 'Asutus', colVersion: 'Versioon', colStatus: 'Olek', colFormats: 'Vormingud', colPublished: 'Avaldatud', colRetired: 'Kasutuselt võetud', colIssued: 'Välja antud',
    status_active: 'Kehtiv', status_superseded: 'Asendatud', status_retired: 'Kasutuselt võetud',
    versions: 'Versioonid', versionsCaption: 'Avaldatud versioonid, uusim esimesena', claims: 'Andmed', claimsCaption: 'Kehtiva versiooni andmed',
    colClaim: 'Andmeväli', colValueType: 'Väärtuse tüüp', colMandatory: 'Kohustuslik', colDisclosable: 'Valikuliselt avaldatav', yes: 'Jah', no: 'Ei',
    source: 'Andmed tulevad', derivedFrom: 'Olek järgib', none: 'midagi (kehtib iseseisvalt)', validity: 'Kehtib', days: '{days} päeva', approval: 'Kinnitamine', approval_immediate: 'kohe', approval_deferred: 'asutuse otsusel (edasilükatud)',
    retire: 'Võta see liik kasutuselt', retireHint: 'Uusi pakkumisi ega tõendeid selle liigi kohta ei anta. Juba välja antud tõendid kehtivad, kuni aeguvad või nende olek ütleb teisiti.', retireButton: 'Võta kasutuselt',
    retired: 'Liik võeti kasutuselt: uusi tõendeid selle kohta ei anta.', issued: 'Välja antud tõendid', issuedCaption: 'Selle liigi välja antud tõendid, uusim esimesena (ilma andmete ja omanikuta)',
    colCredential: 'Tõend', colIssuedAt: 'Välja antud', colExpires: 'Aegub', colReason: 'Põhjus', colActions: 'Toimingud',
    cstatus_valid: 'Kehtiv', cstatus_suspended: 'Peatatud', cstatus_invalid: 'Tühistatud',
    suspend: 'Peata', resume: 'Taasta', revoke: 'Tühista', reason: 'Põhjus', choose: 'Vali…', changed: 'Tõendi olekut muudeti; kontrollijad näevad seda järgmises olekunimekirjas.',
    reason_holder_request: 'Omaniku soov', reason_device_lost: 'Seade kadunud või varastatud', reason_under_investigation: 'Uurimisel', reason_data_under_review: 'Andmed ülevaatusel',
    reason_data_incorrect: 'Andmed on valed', reason_issued_in_error: 'Välja antud ekslikult', reason_entitlement_ended: 'Õigus lõppenud', reason_fraud: 'Pettus',
    followsCard: 'järgib kaarti', noActions: 'Tühistatud: muuta ei saa.',
  },
  ko: {
    service: '전자증명서 발급 관리', types: '증명서 종류', typesCaption: '증명서 종류(현재 버전)',
    search: '식별자 또는 이름으로 검색', status: '상태', all: '전체', filter: '필터', clear: '초기화',
    colType: '종류', colName: '이름', colAgency: '기관', colVersion: '버전', colStatus: '상태', colFormats: '형식', colPublished: '게시일', colRetired: '폐지일', colIssued: '발급 수',
    status_active: '사용 중', status_superseded: '대체됨', status_retired: '폐지됨',
    versions: '버전', versionsCaption: '게시된 버전(최신순)', claims: '항목', claimsCaption: '현재 버전의 항목',
    colClaim: '항목', colValueType: '값 유형', colMandatory: '필수', colDisclosable: '선택적 공개', yes: '예', no: '아니요',
    source: '데이터 출처', derivedFrom: '상태 연동', none: '없음(독립적으로 유효)', validity: '유효 기간', days: '{days}일', approval: '승인', approval_immediate: '즉시', approval_deferred: '기관 승인 후(지연 발급)',
    retire: '이 종류 폐지', retireHint: '이 종류의 새 제안이나 증명서는 발급되지 않습니다. 이미 발급된 증명서는 만료되거나 상태가 달라질 때까지 유효합니다.', retireButton: '종류 폐지',
    retired: '종류가 폐지되었습니다. 더 이상 새 증명서가 발급되지 않습니다.', issued: '발급된 증명서', issuedCaption: '이 종류의 발급된 증명서(최신순, 항목 값과 소지자 제외)',
    colCredential: '증명서', colIssuedAt: '발급일', colExpires: '만료일', colReason: '사유', colActions: '작업',
    cstatus_valid: '유효', cstatus_suspended: '정지', cstatus_invalid: '폐기',
    suspend: '정지', resume: '정지 해제', revoke: '폐기', reason: '사유', choose: '선택…', changed: '증명서 상태가 변경되었습니다. 검증자는 다음 상태 목록에서 이를 확인합니다.',
    reason_holder_request: '소지자 요청', reason_device_lost: '기기 분실 또는 도난', reason_under_investigation: '조사 중', reason_data_under_review: '데이터 검토 중',
    reason_data_incorrect: '데이터 오류', reason_issued_in_error: '잘못 발급됨', reason_entitlement_ended: '자격 종료', reason_fraud: '부정 사용',
    followsCard: '신분증과 연동', noActions: '폐기됨: 더 이상 변경할 수 없습니다.',
  },
});

export const adminText = (locale: Locale) => translator(messages, locale);
export type AdminText = ReturnType<typeof adminText>;
/** `holder-request` → `reason_holder_request`. */
export const reasonKey = (reason: string) => `reason_${reason.replaceAll('-', '_')}` as Parameters<AdminText>[0];
