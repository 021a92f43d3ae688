// SPDX-License-Identifier: Apache-2.0
// Identity documents, certificates, cards and permits, one row each.
// Row: key, agency key, family, English, Korean, Estonian, and per-row options.
import type { SourceDocument } from '../types/credential-type.ts';

export const DOCUMENT_FAMILIES = ['identity', 'driving-licence', 'civil-certificate', 'household-certificate', 'tax-certificate', 'insurance', 'benefit-card', 'permit'] as const;
export type DocumentFamily = (typeof DOCUMENT_FAMILIES)[number];

export interface DocumentOptions {
  /** ISO 18013-5 doctype; the type is offered as mso_mdoc too. */
  doctype?: string;
  derivedFrom?: SourceDocument;
  deferred?: boolean;
}

export type DocumentRow = readonly [key: string, agency: string, family: DocumentFamily, en: string, ko: string, et: string, options?: DocumentOptions];

export const MDL_DOCTYPE = 'org.iso.18013.5.1.mDL';

export const KR_DOCUMENTS: readonly DocumentRow[] = [
  ['resident-registration-card', 'mois', 'identity', 'Resident registration card', '주민등록증', 'Elaniku registreerimiskaart', { doctype: 'kr.go.mois.rrc.1', derivedFrom: 'id-card' }],
  ['youth-id-card', 'mogef', 'identity', 'Youth ID card', '청소년증', 'Noore isikutunnistus'],
  ['alien-registration-card', 'moj', 'identity', 'Residence card for foreign nationals', '외국인등록증', 'Välismaalase elamiskaart', { derivedFrom: 'residence-permit-card' }],
  ['overseas-korean-residence-card', 'moj', 'identity', 'Domestic residence report card for overseas Koreans', '국내거소신고증', 'Välismaa korealase elukohakaart'],
  ['passport-information', 'mofa', 'identity', 'Passport information', '여권정보', 'Passi andmed'],
  ['mobile-driver-licence', 'knpa', 'driving-licence', 'Mobile driver\'s licence', '모바일 운전면허증', 'Mobiilne juhiluba', { doctype: MDL_DOCTYPE, derivedFrom: 'id-card' }],
  ['international-driving-permit', 'knpa', 'driving-licence', 'International driving permit', '국제운전면허증', 'Rahvusvaheline juhiluba', { derivedFrom: 'id-card' }],
  ['construction-machinery-licence', 'molit', 'driving-licence', 'Construction machinery operator licence', '건설기계조종사면허증', 'Ehitusmasina juhiluba'],
  ['water-leisure-licence', 'kcg', 'driving-licence', 'Water leisure craft operator licence', '수상레저기구 조종면허증', 'Väikelaeva juhtimisõigus'],
  ['basic-certificate', 'nca', 'civil-certificate', 'Basic certificate (family register)', '기본증명서', 'Põhitõend (perekonnaregister)'],
  ['family-relations-certificate', 'nca', 'household-certificate', 'Family relations certificate', '가족관계증명서', 'Perekonnasuhete tõend'],
  ['marriage-relations-certificate', 'nca', 'civil-certificate', 'Marriage relations certificate', '혼인관계증명서', 'Abielusuhete tõend'],
  ['adoption-relations-certificate', 'nca', 'civil-certificate', 'Adoption relations certificate', '입양관계증명서', 'Lapsendamissuhete tõend'],
  ['full-adoption-relations-certificate', 'nca', 'civil-certificate', 'Full adoption relations certificate', '친양자입양관계증명서', 'Täislapsendamise suhete tõend'],
  ['household-register-certificate', 'mois', 'household-certificate', 'Household register certificate (resident registration copy)', '주민등록표 등본', 'Leibkonna registritõend (rahvastikuregistri ärakiri)'],
  ['resident-registration-abstract', 'mois', 'civil-certificate', 'Resident registration abstract', '주민등록표 초본', 'Rahvastikuregistri väljavõte'],
  ['seal-registration-certificate', 'mois', 'civil-certificate', 'Seal registration certificate', '인감증명서', 'Pitseri registreerimise tõend'],
  ['national-tax-payment-certificate', 'nts', 'tax-certificate', 'National tax payment certificate', '납세증명서', 'Riiklike maksude tasumise tõend'],
  ['income-amount-certificate', 'nts', 'tax-certificate', 'Income amount certificate', '소득금액증명', 'Tulusumma tõend'],
  ['business-registration-certificate', 'nts', 'tax-certificate', 'Business registration certificate', '사업자등록증명', 'Ettevõtja registreerimise tõend'],
  ['vat-tax-base-certificate', 'nts', 'tax-certificate', 'VAT tax base certificate', '부가가치세 과세표준증명', 'Käibemaksu maksustatava väärtuse tõend'],
  ['local-tax-payment-certificate', 'mois', 'tax-certificate', 'Local tax payment certificate', '지방세 납세증명서', 'Kohalike maksude tasumise tõend'],
  ['local-tax-assessment-certificate', 'mois', 'tax-certificate', 'Local tax assessment certificate by tax item', '지방세 세목별 과세증명서', 'Kohalike maksude määramise tõend'],
  ['health-insurance-card', 'nhis', 'insurance', 'National health insurance card', '건강보험증', 'Ravikindlustuskaart', { derivedFrom: 'id-card' }],
  ['health-insurance-eligibility', 'nhis', 'insurance', 'Health insurance eligibility certificate', '건강보험 자격득실확인서', 'Ravikindlustuse kehtivuse tõend'],
  ['health-insurance-payment', 'nhis', 'insurance', 'Health insurance contribution payment certificate', '건강보험료 납부확인서', 'Ravikindlustusmaksete tõend'],
  ['national-pension-subscription', 'nps', 'insurance', 'National pension subscription certificate', '국민연금 가입내역확인서', 'Riikliku pensionikindlustuse tõend'],
  ['employment-insurance-history', 'moel', 'insurance', 'Employment insurance eligibility history', '고용보험 자격이력내역서', 'Töötuskindlustuse ajaloo tõend'],
  ['long-term-care-certificate', 'nhis', 'insurance', 'Long-term care recognition certificate', '장기요양인정서', 'Pikaajalise hoolduse tunnustamise tõend', { deferred: true }],
  ['disability-registration-card', 'mohw', 'benefit-card', 'Disability registration card', '장애인등록증', 'Puudega inimese registreerimiskaart', { derivedFrom: 'id-card' }],
  ['national-merit-card', 'mpva', 'benefit-card', 'Person of national merit card', '국가유공자증', 'Riikliku teenetemärgi kandja kaart'],
  ['independence-patriot-card', 'mpva', 'benefit-card', 'Independence patriot card', '독립유공자증', 'Iseseisvusvõitleja kaart'],
  ['may-18-merit-card', 'mpva', 'benefit-card', 'May 18 democratisation merit card', '5·18민주유공자증', '18. mai demokratiseerimise teenete kaart'],
  ['special-mission-merit-card', 'mpva', 'benefit-card', 'Special mission merit card', '특수임무유공자증', 'Eriülesande teenete kaart'],
  ['war-veteran-card', 'mpva', 'benefit-card', 'War veteran card', '참전유공자증', 'Sõjaveterani kaart'],
  ['veterans-compensation-card', 'mpva', 'benefit-card', 'Veterans compensation recipient card', '보훈보상대상자증', 'Veteranide hüvitise saaja kaart'],
  ['basic-livelihood-certificate', 'mohw', 'benefit-card', 'Basic livelihood security recipient certificate', '국민기초생활수급자 증명서', 'Toimetulekutoetuse saaja tõend'],
  ['single-parent-family-certificate', 'mogef', 'benefit-card', 'Single-parent family certificate', '한부모가족 증명서', 'Üksikvanemaga pere tõend'],
  ['multi-child-family-card', 'mohw', 'benefit-card', 'Multi-child family card', '다자녀 가정 카드', 'Lasterikka pere kaart'],
  ['senior-transit-card', 'seoul', 'benefit-card', 'Senior citizen transit card', '어르신 교통카드', 'Eakate sõidukaart'],
  ['culture-nuri-card', 'mcst', 'benefit-card', 'Culture Nuri card', '문화누리카드', 'Kultuurikaart Nuri'],
  ['organ-donor-card', 'mohw', 'benefit-card', 'Organ donor registration card', '장기기증 희망등록증', 'Elundidoonori registreerimiskaart'],
  ['military-service-certificate', 'mma', 'civil-certificate', 'Military service record certificate', '병적증명서', 'Ajateenistuse tõend'],
  ['reserve-forces-id', 'mnd', 'identity', 'Reserve forces ID', '예비군 신분증', 'Reservväelase tunnistus', { derivedFrom: 'id-card' }],
  ['vaccination-certificate', 'kdca', 'civil-certificate', 'Vaccination certificate', '예방접종증명서', 'Vaktsineerimistõend'],
  ['firearm-possession-permit', 'knpa', 'permit', 'Firearm possession permit', '총포소지허가증', 'Tulirelva valdamise luba', { deferred: true }],
  ['hunting-licence', 'me', 'permit', 'Hunting licence', '수렵면허증', 'Jahitunnistus'],
  ['vehicle-registration-certificate', 'molit', 'permit', 'Vehicle registration certificate', '자동차등록증', 'Sõiduki registreerimistunnistus'],
  ['land-register-certificate', 'molit', 'permit', 'Land register certificate', '토지대장', 'Kinnistusraamatu tõend'],
  ['apec-business-travel-card', 'mofa', 'permit', 'APEC business travel card', 'APEC 기업인 여행카드', 'APEC ärireisikaart', { deferred: true }],
];

export const EE_DOCUMENTS: readonly DocumentRow[] = [
  ['id-card', 'ppa', 'identity', 'Identity card', '에스토니아 신분증', 'Isikutunnistus (ID-kaart)', { doctype: 'ee.politsei.idcard.1', derivedFrom: 'id-card' }],
  ['digi-id', 'ppa', 'identity', 'Digital identity card (digi-ID)', '에스토니아 디지털 신분증 (digi-ID)', 'Digitaalne isikutunnistus (digi-ID)', { derivedFrom: 'digi-id' }],
  ['e-resident-digi-id', 'ppa', 'identity', 'e-Resident\'s digital identity card', '에스토니아 전자영주권 디지털 신분증', 'E-residendi digitaalne isikutunnistus', { derivedFrom: 'e-resident-digi-id' }],
  ['diplomatic-id-card', 'vm', 'identity', 'Diplomatic identity card', '에스토니아 외교관 신분증', 'Diplomaatiline isikutunnistus'],
  ['passport-information', 'ppa', 'identity', 'Passport information', '에스토니아 여권정보', 'Passi andmed'],
  ['citizenship-certificate', 'ppa', 'civil-certificate', 'Certificate of Estonian citizenship', '에스토니아 시민권 증명서', 'Eesti kodakondsuse tõend'],
  ['residence-permit-employment', 'ppa', 'permit', 'Temporary residence permit for employment', '에스토니아 취업 임시거주허가', 'Tähtajaline elamisluba töötamiseks', { derivedFrom: 'residence-permit-card' }],
  ['residence-permit-study', 'ppa', 'permit', 'Temporary residence permit for study', '에스토니아 유학 임시거주허가', 'Tähtajaline elamisluba õppimiseks', { derivedFrom: 'residence-permit-card' }],
  ['residence-permit-family', 'ppa', 'permit', 'Temporary residence permit for settling with a family member', '에스토니아 가족동반 임시거주허가', 'Tähtajaline elamisluba abikaasa või lähedase juurde elama asumiseks', { derivedFrom: 'residence-permit-card' }],
  ['residence-permit-business', 'ppa', 'permit', 'Temporary residence permit for business', '에스토니아 사업 임시거주허가', 'Tähtajaline elamisluba ettevõtluseks', { derivedFrom: 'residence-permit-card' }],
  ['long-term-resident', 'ppa', 'permit', 'Long-term resident\'s residence permit', '에스토니아 장기거주자 거주허가', 'Pikaajalise elaniku elamisluba', { derivedFrom: 'residence-permit-card' }],
  ['eu-right-of-residence', 'ppa', 'permit', 'Right of residence of an EU citizen', 'EU 시민 거주권', 'EL kodaniku elamisõigus', { derivedFrom: 'residence-permit-card' }],
  ['eu-family-member-card', 'ppa', 'permit', 'Residence card of a family member of an EU citizen', 'EU 시민 가족 거주카드', 'EL kodaniku pereliikme elamisloakaart', { derivedFrom: 'residence-permit-card' }],
  ['digital-nomad-visa', 'vm', 'permit', 'Long-stay visa for digital nomads', '에스토니아 디지털 노마드 비자', 'Digitaalse nomaadi pikaajaline viisa', { deferred: true }],
  ['driving-licence', 'transpordiamet', 'driving-licence', 'Driving licence', '에스토니아 운전면허', 'Juhiluba', { doctype: MDL_DOCTYPE, derivedFrom: 'id-card' }],
  ['recreational-craft-licence', 'transpordiamet', 'driving-licence', 'Recreational craft operator\'s licence', '에스토니아 소형선박 조종면허', 'Väikelaeva juhtimisõigus'],
  ['driver-qualification-card', 'transpordiamet', 'driving-licence', 'Driver qualification card', '에스토니아 직업운전자 자격카드', 'Ametikoolituse kaart'],
  ['tachograph-driver-card', 'transpordiamet', 'driving-licence', 'Tachograph driver card', '에스토니아 운행기록계 운전자카드', 'Digitaalse sõidumeeriku juhikaart'],
  ['drone-operator-certificate', 'transpordiamet', 'permit', 'Drone remote pilot certificate', '에스토니아 드론 조종 자격', 'Drooni kaugpiloodi tunnistus'],
  ['population-register-extract', 'siseministeerium', 'civil-certificate', 'Population register extract', '에스토니아 주민등록부 발췌본', 'Rahvastikuregistri väljavõte'],
  ['birth-certificate', 'siseministeerium', 'civil-certificate', 'Birth certificate', '에스토니아 출생증명서', 'Sünnitunnistus'],
  ['marriage-certificate', 'siseministeerium', 'civil-certificate', 'Marriage certificate', '에스토니아 혼인증명서', 'Abielutunnistus'],
  ['name-change-certificate', 'siseministeerium', 'civil-certificate', 'Certificate of change of name', '에스토니아 개명증명서', 'Nimemuutmise tunnistus'],
  ['residence-address-certificate', 'siseministeerium', 'household-certificate', 'Certificate of residence address', '에스토니아 거주지 증명서', 'Elukoha tõend'],
  ['family-members-certificate', 'siseministeerium', 'household-certificate', 'Certificate of family members', '에스토니아 가족구성원 증명서', 'Perekonnaliikmete tõend'],
  ['tax-residency-certificate', 'emta', 'tax-certificate', 'Tax residency certificate', '에스토니아 조세거주자 증명서', 'Residentsustõend'],
  ['income-statement', 'emta', 'tax-certificate', 'Statement of declared income', '에스토니아 신고소득 확인서', 'Deklareeritud tulude tõend'],
  ['no-tax-debt-certificate', 'emta', 'tax-certificate', 'Certificate of no tax arrears', '에스토니아 체납없음 증명서', 'Maksuvõla puudumise tõend'],
  ['criminal-record-extract', 'jdm', 'civil-certificate', 'Criminal records database extract', '에스토니아 범죄경력 조회서', 'Karistusregistri väljavõte', { deferred: true }],
  ['health-insurance-certificate', 'tervisekassa', 'insurance', 'Health insurance certificate', '에스토니아 건강보험 증명서', 'Ravikindlustuse tõend', { derivedFrom: 'id-card' }],
  ['european-health-insurance-card', 'tervisekassa', 'insurance', 'European health insurance card', '유럽 건강보험카드', 'Euroopa ravikindlustuskaart'],
  ['unemployment-registration', 'tootukassa', 'insurance', 'Registration as unemployed', '에스토니아 실업자 등록 증명', 'Töötuna arvelevõtmise tõend'],
  ['pension-certificate', 'ska', 'benefit-card', 'Pension certificate', '에스토니아 연금증', 'Pensionitunnistus'],
  ['disability-card', 'ska', 'benefit-card', 'Disability card', '에스토니아 장애인 카드', 'Puudega inimese kaart', { derivedFrom: 'id-card' }],
  ['work-ability-decision', 'tootukassa', 'benefit-card', 'Decision on work ability', '에스토니아 근로능력 판정서', 'Töövõime hindamise otsus', { deferred: true }],
  ['large-family-card', 'ska', 'benefit-card', 'Large family card', '에스토니아 다자녀 가족카드', 'Lasterikka pere kaart'],
  ['veteran-card', 'kaitseministeerium', 'benefit-card', 'Veteran\'s card of the Defence Forces', '에스토니아 방위군 참전용사 카드', 'Kaitseväe veteranikaart'],
  ['vaccination-certificate', 'terviseamet', 'civil-certificate', 'Vaccination certificate', '에스토니아 예방접종 증명서', 'Vaktsineerimistõend'],
  ['hunting-certificate', 'keskkonnaamet', 'permit', 'Hunting certificate', '에스토니아 수렵증', 'Jahitunnistus'],
  ['fishing-card', 'keskkonnaamet', 'permit', 'Fishing card', '에스토니아 낚시카드', 'Kalastuskaart'],
  ['firearms-permit', 'ppa', 'permit', 'Firearms permit', '에스토니아 총기소지 허가', 'Relvaluba', { deferred: true }],
  ['security-officer-card', 'ppa', 'permit', 'Security officer qualification card', '에스토니아 경비원 자격카드', 'Turvatöötaja kutsekaart'],
  ['language-proficiency-certificate', 'harno', 'civil-certificate', 'Estonian language proficiency certificate', '에스토니아어 능력 증명서', 'Eesti keele tasemetunnistus'],
];
