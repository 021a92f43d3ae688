// SPDX-License-Identifier: Apache-2.0
import type { RegisteredClaims } from '../dcql/check-registration.ts';
import type { DcqlQuery } from '../dcql/dcql-query.ts';

type Text = Record<'en' | 'ko' | 'et', string>;

export interface VerificationTemplate {
  title: Text;
  /** What the clerk sees before asking: what will be checked, in plain words. */
  summary: Text;
  credentials: Array<{ id: string; types: string[]; claims: string[]; values?: Record<string, Array<string | number | boolean>> }>;
}

/**
 * The verification app's ready requests. Age over 19 asks for the issuer's derived
 * `age_over_19` (only `true` answers it) and never for the birth date; hiring asks for a name
 * and one licence; the household register certificate replaces the paper copy an agency used
 * to ask for.
 */
export const VERIFICATION_TEMPLATES = {
  'open-account': {
    title: { en: 'Open an account', ko: '계좌 개설', et: 'Konto avamine' },
    summary: { en: 'Name, date of birth, photo and licence number from a mobile driver’s licence.', ko: '모바일 운전면허증의 이름, 생년월일, 사진, 면허번호.', et: 'Nimi, sünniaeg, foto ja juhiloa number mobiilsest juhiloast.' },
    credentials: [{ id: 'identity', types: ['kr.knpa.mobile-driver-licence'], claims: ['family_name', 'given_name', 'birth_date', 'portrait', 'document_number'] }],
  },
  'age-over-19': {
    title: { en: 'Age over 19', ko: '만 19세 이상 확인', et: 'Vanus üle 19' },
    summary: { en: 'Name and whether the person is 19 or over — no date of birth.', ko: '이름과 만 19세 이상 여부 — 생년월일은 받지 않습니다.', et: 'Nimi ja kas isik on vähemalt 19-aastane — sünniaega ei küsita.' },
    credentials: [{ id: 'age', types: ['kr.mois.public-worker-id', 'kr.knpa.mobile-driver-licence'], claims: ['family_name', 'given_name', 'age_over_19'], values: { age_over_19: [true] } }],
  },
  hire: {
    title: { en: 'Hire a nurse', ko: '간호사 채용', et: 'Õe töölevõtmine' },
    summary: { en: 'Name and a valid nurse licence.', ko: '이름과 유효한 간호사 면허.', et: 'Nimi ja kehtiv õe registreering.' },
    credentials: [{ id: 'licence', types: ['kr.mohw.nurse'], claims: ['family_name', 'given_name', 'profession', 'licence_number', 'licence_status'] }],
  },
  'household-register': {
    title: { en: 'Household register certificate', ko: '주민등록표 등본 제출', et: 'Leibkonna registritõend' },
    summary: { en: 'The household register certificate, verified, instead of a paper copy.', ko: '종이 등본 대신 검증된 주민등록표 등본.', et: 'Kontrollitud leibkonna registritõend paberkoopia asemel.' },
    credentials: [{ id: 'household', types: ['kr.mois.household-register-certificate'], claims: ['family_name', 'given_name', 'personal_identifier', 'resident_address', 'household_members', 'certificate_number'] }],
  },
} as const satisfies Record<string, VerificationTemplate>;

export type TemplateId = keyof typeof VERIFICATION_TEMPLATES;
export const isTemplateId = (id: unknown): id is TemplateId => typeof id === 'string' && Object.hasOwn(VERIFICATION_TEMPLATES, id);

/** The DCQL query of a template, for the issuer's types under `vctBase`. */
export function templateQuery(id: TemplateId, vctBase: string): DcqlQuery {
  const template: VerificationTemplate = VERIFICATION_TEMPLATES[id];
  return {
    credentials: template.credentials.map((c) => ({
      id: c.id, format: 'dc+sd-jwt', meta: { vct_values: c.types.map((t) => `${vctBase}/${t}`) },
      claims: c.claims.map((name) => ({ path: [name], ...(c.values?.[name] ? { values: c.values[name] } : {}) })),
    })),
  };
}

/** What a relying party using these templates registers: every type and claim they ask for. */
export function templateRegistration(ids: TemplateId[], vctBase: string): RegisteredClaims[] {
  const byVct = new Map<string, Set<string>>();
  for (const id of ids) {
    for (const c of (VERIFICATION_TEMPLATES[id] as VerificationTemplate).credentials) {
      for (const t of c.types) {
        const set = byVct.get(`${vctBase}/${t}`) ?? new Set();
        c.claims.forEach((n) => set.add(n));
        byVct.set(`${vctBase}/${t}`, set);
      }
    }
  }
  return [...byVct].map(([vct, claims]) => ({ vct, claims: [...claims] }));
}
