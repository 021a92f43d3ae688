// SPDX-License-Identifier: Apache-2.0
import { checkQueryWithinRegistration, type RegisteredClaims } from '../dcql/check-registration.ts';
import type { CredentialQuery, DcqlQuery } from '../dcql/dcql-query.ts';

type Text = Record<'en' | 'ko' | 'et', string>;

/** An ISO mdoc that answers a template's credential as well as its SD-JWT VC: its doctype and the namespace of its elements. */
export interface TemplateMdoc {
  /** Part of the credential query id (`<credential id>-<key>`). */
  key: string;
  doctype: string;
  namespace: string;
}

export interface VerificationTemplate {
  title: Text;
  /** What the clerk sees before asking: what will be checked, in plain words. */
  summary: Text;
  /**
   * Each credential the check needs, answered by an SD-JWT VC of one of `types` or by one of the
   * `mdoc` documents, with the same claims (element identifiers) either way. `retain` is the
   * relying party's ISO/IEC 18013-5 intent to retain, asked with each mdoc element and shown
   * to the person.
   */
  credentials: Array<{ id: string; types: string[]; mdoc?: TemplateMdoc[]; claims: string[]; values?: Record<string, Array<string | number | boolean>>; retain?: boolean }>;
}

const MDL: TemplateMdoc = { key: 'mdl', doctype: 'org.iso.18013.5.1.mDL', namespace: 'org.iso.18013.5.1' };
const RESIDENT_CARD: TemplateMdoc = { key: 'rrc', doctype: 'kr.go.mois.rrc.1', namespace: 'kr.go.mois.rrc.1' };
const NURSE: TemplateMdoc = { key: 'mdoc', doctype: 'kr.go.mohw.nurse.1', namespace: 'kr.go.mohw.nurse.1' };

/**
 * The verification app's ready requests. Age over 19 asks for the issuer's derived
 * `age_over_19` (only `true` answers it) and never for the birth date; hiring asks for a name
 * and one licence; the household register certificate replaces the paper copy an agency used
 * to ask for. Opening an account, age over 19 and hiring accept an ISO mdoc as well as an
 * SD-JWT VC (a DCQL credential set with one option per form).
 */
export const VERIFICATION_TEMPLATES = {
  'open-account': {
    title: { en: 'Open an account', ko: '계좌 개설', et: 'Konto avamine' },
    summary: { en: 'Name, date of birth, photo and document number from a mobile driver’s licence or resident registration card.', ko: '모바일 운전면허증 또는 주민등록증의 이름, 생년월일, 사진, 문서번호.', et: 'Nimi, sünniaeg, foto ja dokumendi number mobiilsest juhiloast või elaniku registreerimiskaardilt.' },
    // Customer identification records are kept by law: the bank says so with each element.
    credentials: [{ id: 'identity', types: ['kr.knpa.mobile-driver-licence'], mdoc: [MDL, RESIDENT_CARD], claims: ['family_name', 'given_name', 'birth_date', 'portrait', 'document_number'], retain: true }],
  },
  'age-over-19': {
    title: { en: 'Age over 19', ko: '만 19세 이상 확인', et: 'Vanus üle 19' },
    summary: { en: 'Name and whether the person is 19 or over — no date of birth.', ko: '이름과 만 19세 이상 여부 — 생년월일은 받지 않습니다.', et: 'Nimi ja kas isik on vähemalt 19-aastane — sünniaega ei küsita.' },
    credentials: [{ id: 'age', types: ['kr.mois.public-worker-id', 'kr.knpa.mobile-driver-licence'], mdoc: [MDL, RESIDENT_CARD], claims: ['family_name', 'given_name', 'age_over_19'], values: { age_over_19: [true] }, retain: false }],
  },
  hire: {
    title: { en: 'Hire a nurse', ko: '간호사 채용', et: 'Õe töölevõtmine' },
    summary: { en: 'Name and a valid nurse licence.', ko: '이름과 유효한 간호사 면허.', et: 'Nimi ja kehtiv õe registreering.' },
    credentials: [{ id: 'licence', types: ['kr.mohw.nurse'], mdoc: [NURSE], claims: ['family_name', 'given_name', 'profession', 'licence_number', 'licence_status'], retain: true }],
  },
  'household-register': {
    title: { en: 'Household register certificate', ko: '주민등록표 등본 제출', et: 'Leibkonna registritõend' },
    summary: { en: 'The household register certificate, verified, instead of a paper copy.', ko: '종이 등본 대신 검증된 주민등록표 등본.', et: 'Kontrollitud leibkonna registritõend paberkoopia asemel.' },
    credentials: [{ id: 'household', types: ['kr.mois.household-register-certificate'], claims: ['family_name', 'given_name', 'personal_identifier', 'resident_address', 'household_members', 'certificate_number'] }],
  },
} as const satisfies Record<string, VerificationTemplate>;

export type TemplateId = keyof typeof VERIFICATION_TEMPLATES;
export const isTemplateId = (id: unknown): id is TemplateId => typeof id === 'string' && Object.hasOwn(VERIFICATION_TEMPLATES, id);

type TemplateCredential = VerificationTemplate['credentials'][number];

/** Each form that answers a template credential, as a credential query: the SD-JWT VC first, then each mdoc. */
function alternatives(c: TemplateCredential, vctBase: string): CredentialQuery[] {
  const valuesOf = (name: string) => (c.values?.[name] ? { values: [...c.values[name]] } : {});
  return [
    { id: c.id, format: 'dc+sd-jwt', meta: { vct_values: c.types.map((t) => `${vctBase}/${t}`) }, claims: c.claims.map((name) => ({ path: [name], ...valuesOf(name) })) },
    ...(c.mdoc ?? []).map((m): CredentialQuery => ({
      id: `${c.id}-${m.key}`, format: 'mso_mdoc', meta: { doctype_value: m.doctype },
      claims: c.claims.map((name) => ({ path: [m.namespace, name], ...valuesOf(name), intent_to_retain: c.retain ?? false })),
    })),
  ];
}

const withinRegistration = (q: CredentialQuery, registered: RegisteredClaims[]) => {
  try {
    checkQueryWithinRegistration({ credentials: [q] }, registered);
    return true;
  } catch {
    return false;
  }
};

/**
 * The DCQL query of a template, for the issuer's types under `vctBase`: per credential, one
 * credential set whose options are its forms. Given the relying party's registration, only the
 * forms it is registered for are asked (a bank registered for the SD-JWT VCs alone asks for
 * those); a credential none of whose forms is registered stays whole, so the registration check
 * refuses the template.
 */
export function templateQuery(id: TemplateId, vctBase: string, registered?: RegisteredClaims[]): DcqlQuery {
  const template: VerificationTemplate = VERIFICATION_TEMPLATES[id];
  const sets = template.credentials.map((c) => {
    const all = alternatives(c, vctBase);
    const allowed = registered ? all.filter((q) => withinRegistration(q, registered)) : all;
    return allowed.length ? allowed : all;
  });
  const credentials = sets.flat();
  if (sets.every((s) => s.length === 1)) return { credentials };
  return { credentials, credential_sets: sets.map((s) => ({ options: s.map((q) => [q.id]), required: true })) };
}

/** What a relying party using these templates registers: every type and claim they ask for, in either form. */
export function templateRegistration(ids: TemplateId[], vctBase: string): RegisteredClaims[] {
  const byType = new Map<string, Set<string>>();
  for (const id of ids) {
    for (const c of (VERIFICATION_TEMPLATES[id] as VerificationTemplate).credentials) {
      const names: Array<[string, string[]]> = [
        ...c.types.map((t): [string, string[]] => [`${vctBase}/${t}`, c.claims]),
        ...(c.mdoc ?? []).map((m): [string, string[]] => [m.doctype, c.claims.map((n) => `${m.namespace}/${n}`)]),
      ];
      for (const [type, claims] of names) {
        const set = byType.get(type) ?? new Set();
        claims.forEach((n) => set.add(n));
        byType.set(type, set);
      }
    }
  }
  return [...byType].map(([vct, claims]) => ({ vct, claims: [...claims] }));
}
