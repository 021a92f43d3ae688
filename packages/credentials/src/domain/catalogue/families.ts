// SPDX-License-Identifier: Apache-2.0
// What each family of credential types says: its claims, how long it lives, its colours and a
// sentence describing it. A catalogue row picks a family and adds its own names.
import type { ClaimDefinition, ClaimValueType, LocalizedText } from '../types/credential-type.ts';
import type { DocumentFamily } from './documents.ts';

export type Family = DocumentFamily | 'public-worker' | 'student' | 'professional-licence';

export interface FamilyTemplate {
  claims: ClaimDefinition[];
  validityDays: number;
  /** The exchange subsystem of the agency the claims come from. */
  subsystem: string;
  backgroundColor: Record<'KR' | 'EE', string>;
  /** `{agency}` is replaced by the agency's name. */
  description: LocalizedText;
}

/** name, value type, mandatory, disclosable, en, ko, et */
type ClaimRow = readonly [string, ClaimValueType, boolean, boolean, string, string, string];
const claim = ([name, valueType, mandatory, disclosable, en, ko, et]: ClaimRow): ClaimDefinition => ({ name, valueType, mandatory, disclosable, display: { en, ko, et } });

const PERSON: readonly ClaimRow[] = [
  ['family_name', 'string', true, true, 'Family name', '성', 'Perekonnanimi'],
  ['given_name', 'string', true, true, 'Given name', '이름', 'Eesnimi'],
  ['birth_date', 'date', true, true, 'Date of birth', '생년월일', 'Sünniaeg'],
];
const PORTRAIT: ClaimRow = ['portrait', 'image', false, true, 'Photo', '사진', 'Foto'];
const PERSONAL_CODE: ClaimRow = ['personal_identifier', 'string', true, true, 'Personal identification code', '주민등록번호 / 개인식별번호', 'Isikukood'];
const AGE: readonly ClaimRow[] = [
  ['age_over_18', 'boolean', false, true, 'Aged 18 or over', '만 18세 이상', 'Vähemalt 18-aastane'],
  ['age_over_19', 'boolean', false, true, 'Aged 19 or over', '만 19세 이상', 'Vähemalt 19-aastane'],
];
const issued = (numberName: string, en: string, ko: string, et: string): readonly ClaimRow[] => [
  [numberName, 'string', true, true, en, ko, et],
  ['issue_date', 'date', true, false, 'Date of issue', '발급일', 'Väljaandmise kuupäev'],
  ['expiry_date', 'date', false, false, 'Date of expiry', '만료일', 'Kehtivuse lõpp'],
];

const ROWS: Record<Family, readonly ClaimRow[]> = {
  identity: [...PERSON, PERSONAL_CODE, PORTRAIT, ...AGE,
    ['sex', 'string', false, true, 'Sex', '성별', 'Sugu'],
    ['nationality', 'string', false, true, 'Nationality', '국적', 'Kodakondsus'],
    ['resident_address', 'string', false, true, 'Address', '주소', 'Aadress'],
    ...issued('document_number', 'Document number', '문서번호', 'Dokumendi number'),
    ['issuing_authority', 'string', true, false, 'Issuing authority', '발급기관', 'Väljaandja'],
  ],
  // The mDL data elements of ISO/IEC 18013-5 §7.2.1, by their names there.
  'driving-licence': [...PERSON, PORTRAIT, ...AGE,
    ...issued('document_number', 'Licence number', '면허번호', 'Juhiloa number'),
    ['issuing_country', 'string', true, false, 'Issuing country', '발급국가', 'Väljaandnud riik'],
    ['issuing_authority', 'string', true, false, 'Issuing authority', '발급기관', 'Väljaandja'],
    ['driving_privileges', 'string[]', true, true, 'Categories', '면허 종류', 'Kategooriad'],
    ['un_distinguishing_sign', 'string', true, false, 'Distinguishing sign', '국가 식별기호', 'Riigi tunnusmärk'],
  ],
  'civil-certificate': [...PERSON, PERSONAL_CODE,
    ...issued('certificate_number', 'Certificate number', '증명서 번호', 'Tõendi number'),
    ['record_details', 'string', true, true, 'Recorded facts', '기재 사항', 'Kantud andmed'],
  ],
  'household-certificate': [...PERSON, PERSONAL_CODE,
    ...issued('certificate_number', 'Certificate number', '증명서 번호', 'Tõendi number'),
    ['resident_address', 'string', true, true, 'Address', '주소', 'Aadress'],
    ['household_members', 'string[]', true, true, 'Household members', '세대 구성원', 'Leibkonna liikmed'],
    ['household_head', 'boolean', false, true, 'Head of household', '세대주 여부', 'Leibkonnapea'],
  ],
  'tax-certificate': [...PERSON, PERSONAL_CODE,
    ...issued('certificate_number', 'Certificate number', '증명서 번호', 'Tõendi number'),
    ['tax_year', 'integer', false, true, 'Tax year', '과세연도', 'Maksuaasta'],
    ['statement', 'string', true, true, 'Statement', '증명 내용', 'Tõendatav asjaolu'],
  ],
  insurance: [...PERSON, PERSONAL_CODE,
    ...issued('insurance_number', 'Insurance number', '보험 번호', 'Kindlustuse number'),
    ['coverage', 'string', true, true, 'Coverage', '자격 구분', 'Kindlustuse liik'],
    ['valid_from', 'date', false, true, 'Covered since', '자격 취득일', 'Kehtib alates'],
  ],
  'benefit-card': [...PERSON, PORTRAIT,
    ...issued('card_number', 'Card number', '카드 번호', 'Kaardi number'),
    ['category', 'string', true, true, 'Category', '구분', 'Liik'],
    ['degree', 'string', false, true, 'Degree or grade', '등급', 'Raskusaste'],
  ],
  permit: [...PERSON, PORTRAIT,
    ...issued('permit_number', 'Permit number', '허가 번호', 'Loa number'),
    ['permit_category', 'string', true, true, 'Category', '종류', 'Liik'],
    ['conditions', 'string', false, true, 'Conditions', '조건', 'Tingimused'],
  ],
  // A public servant ID is an ID card at work: it attests age too, derived from the card, without the birth date.
  'public-worker': [...PERSON, PORTRAIT, ...AGE,
    ...issued('employee_number', 'Employee number', '공무원 번호', 'Töötaja number'),
    ['organisation', 'string', true, true, 'Organisation', '소속 기관', 'Asutus'],
    ['department', 'string', false, true, 'Department', '부서', 'Osakond'],
    ['position', 'string', true, true, 'Position', '직위', 'Ametikoht'],
    ['grade', 'string', false, true, 'Grade', '직급', 'Palgaaste'],
  ],
  student: [...PERSON, PORTRAIT,
    ...issued('student_number', 'Student number', '학번', 'Matriklinumber'),
    ['institution', 'string', true, true, 'Institution', '학교', 'Õppeasutus'],
    ['faculty', 'string', false, true, 'Faculty', '단과대학', 'Teaduskond'],
    ['study_level', 'string', true, true, 'Level of study', '과정', 'Õppeaste'],
    ['enrolment_status', 'string', true, true, 'Enrolment', '학적 상태', 'Õppimise staatus'],
  ],
  'professional-licence': [...PERSON,
    ...issued('licence_number', 'Licence number', '면허 번호', 'Registreeringu number'),
    ['profession', 'string', true, true, 'Profession', '직종', 'Kutse'],
    ['specialty', 'string', false, true, 'Specialty', '전문 분야', 'Eriala'],
    ['licence_status', 'string', true, true, 'Status', '면허 상태', 'Staatus'],
  ],
};

const t = (en: string, ko: string, et: string): LocalizedText => ({ en, ko, et });
const colours = (KR: string, EE: string) => ({ KR, EE });

const META: Record<Family, Omit<FamilyTemplate, 'claims'>> = {
  identity: { validityDays: 1825, subsystem: 'population-register', backgroundColor: colours('#0b3d91', '#00497a'), description: t('An identity document issued by {agency}.', '{agency}에서 발급하는 신분증입니다.', 'Isikut tõendav dokument, välja andnud {agency}.') },
  'driving-licence': { validityDays: 1825, subsystem: 'driver-register', backgroundColor: colours('#1d5c2e', '#1f5a36'), description: t('A licence to drive issued by {agency}.', '{agency}에서 발급하는 운전 자격입니다.', 'Juhtimisõigus, välja andnud {agency}.') },
  'civil-certificate': { validityDays: 90, subsystem: 'civil-register', backgroundColor: colours('#5b2a86', '#4b2c7a'), description: t('A certificate of recorded facts from {agency}.', '{agency}의 기록 사항에 관한 증명서입니다.', 'Tõend registrisse kantud andmete kohta, välja andnud {agency}.') },
  'household-certificate': { validityDays: 90, subsystem: 'population-register', backgroundColor: colours('#7a3b00', '#6d3a0a'), description: t('A certificate of household and family from {agency}, submitted without paper.', '{agency}에서 발급하는 세대·가족 증명서로, 종이 없이 제출할 수 있습니다.', 'Leibkonna ja perekonna tõend, välja andnud {agency}; esitatav paberita.') },
  'tax-certificate': { validityDays: 90, subsystem: 'tax', backgroundColor: colours('#004d4d', '#00524f'), description: t('A tax certificate from {agency}.', '{agency}에서 발급하는 세금 증명서입니다.', 'Maksutõend, välja andnud {agency}.') },
  insurance: { validityDays: 365, subsystem: 'insurance-register', backgroundColor: colours('#00557f', '#005a8c'), description: t('Proof of social insurance from {agency}.', '{agency}의 사회보험 증명입니다.', 'Sotsiaalkindlustuse tõend, välja andnud {agency}.') },
  'benefit-card': { validityDays: 730, subsystem: 'benefits', backgroundColor: colours('#8a1538', '#7f1d3a'), description: t('A card for benefits and support from {agency}.', '{agency}에서 발급하는 복지·지원 카드입니다.', 'Toetuste ja soodustuste kaart, välja andnud {agency}.') },
  permit: { validityDays: 1825, subsystem: 'permits', backgroundColor: colours('#4a4a4a', '#3d4451'), description: t('A permit granted by {agency}.', '{agency}에서 발급하는 허가입니다.', 'Luba, välja andnud {agency}.') },
  'public-worker': { validityDays: 365, subsystem: 'personnel', backgroundColor: colours('#002c5f', '#003865'), description: t('Identifies a public servant of {agency}.', '{agency} 소속 공무원임을 증명합니다.', 'Tõendab, et isik on {agency} teenistuja.') },
  student: { validityDays: 365, subsystem: 'study-register', backgroundColor: colours('#3b3b98', '#2e4a8c'), description: t('Proof of enrolment at {agency}.', '{agency} 재학을 증명합니다.', 'Tõendab õppimist: {agency}.') },
  'professional-licence': { validityDays: 1825, subsystem: 'professional-register', backgroundColor: colours('#5c3d00', '#4d3b12'), description: t('A professional licence or registration from {agency}.', '{agency}에서 발급하는 전문 자격·면허입니다.', 'Kutse- või tegevusluba, välja andnud {agency}.') },
};

export function familyTemplate(family: Family): FamilyTemplate {
  return { ...META[family], claims: ROWS[family].map(claim) };
}
