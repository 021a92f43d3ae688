// SPDX-License-Identifier: Apache-2.0
import { CatalogueAgencyUnknown } from '../credentials-errors.ts';
import type { CredentialType, LocalizedText, TypeDisplay, TypeLocale } from '../types/credential-type.ts';
import { EE_OTHER, EE_PUBLIC, KR_CENTRAL, KR_LOCAL, KR_OTHER, type AgencyRow } from './agencies.ts';
import { EE_DOCUMENTS, KR_DOCUMENTS, MDL_DOCTYPE } from './documents.ts';
import { familyTemplate, type Family } from './families.ts';
import { EE_UNIVERSITIES, KR_UNIVERSITIES } from './institutions.ts';
import { EE_PROFESSIONS, KR_PROFESSIONS } from './professions.ts';

export interface CatalogueOptions {
  /** `vct` values are `<vctBase>/<id>`. */
  vctBase: string;
  /** Agency emblems are `<logoBase>/<agency key>.svg`. */
  logoBase: string;
}

type Jurisdiction = 'KR' | 'EE';
/** Every body a catalogue row may name, by jurisdiction and key. */
const AGENCIES: Record<Jurisdiction, Map<string, AgencyRow>> = {
  KR: new Map([...KR_CENTRAL, ...KR_LOCAL, ...KR_OTHER, ...KR_UNIVERSITIES].map((r) => [r[0], r])),
  EE: new Map([...EE_PUBLIC, ...EE_OTHER, ...EE_UNIVERSITIES].map((r) => [r[0], r])),
};

/**
 * The catalogue of 300 Korean and Estonian credential types, built from the data tables:
 * a public-worker ID for every central and regional government body, a student ID for every
 * national university, the licensed professions, and the identity documents, certificates,
 * cards and permits. Every type is version 1; later versions are published through the store.
 */
export function buildCatalogue(options: CatalogueOptions): CredentialType[] {
  const types: CredentialType[] = [];
  const add = (j: Jurisdiction, agencyKey: string, name: string, family: Family, names: LocalizedText, extra: { doctype?: string; derivedFrom?: CredentialType['derivedFrom']; deferred?: boolean } = {}) => {
    types.push(makeType(options, { jurisdiction: j, agencyKey, name, family, names, ...extra }));
  };
  for (const [j, rows] of [['KR', [...KR_CENTRAL, ...KR_LOCAL]], ['EE', EE_PUBLIC]] as const) {
    for (const [key, , en, ko, et] of rows) {
      add(j, key, 'public-worker-id', 'public-worker', { en: `${en} public servant ID`, ko: `${ko} 공무원증`, et: `${et} – teenistustunnistus` }, { derivedFrom: 'id-card' });
    }
  }
  for (const [j, rows] of [['KR', KR_UNIVERSITIES], ['EE', EE_UNIVERSITIES]] as const) {
    for (const [key, , en, ko, et] of rows) {
      add(j, key, 'student-id', 'student', { en: `${en} student ID`, ko: `${ko} 학생증`, et: `${et} – õppuri pilet` });
    }
  }
  for (const [j, rows] of [['KR', KR_PROFESSIONS], ['EE', EE_PROFESSIONS]] as const) {
    for (const [key, agency, en, ko, et, extra] of rows) add(j, agency, key, 'professional-licence', { en, ko, et }, extra);
  }
  for (const [j, rows] of [['KR', KR_DOCUMENTS], ['EE', EE_DOCUMENTS]] as const) {
    for (const [key, agency, family, en, ko, et, extra] of rows) add(j, agency, key, family, { en, ko, et }, extra);
  }
  return types;
}

/** An issuing agency of the catalogue as an exchange member, with the subsystems its claims services live in. */
export interface CatalogueAgency {
  /** `<jurisdiction>.<key>` in lower case, e.g. `kr.nts`: the middle part of its types' ids. */
  key: string;
  memberClass: string;
  memberCode: string;
  name: LocalizedText;
  /** Its claims services, one per type it issues (subsystem and service code, as the types name them). */
  services: Array<{ subsystem: string; service: string; typeId: string }>;
}

/**
 * The agencies the catalogue's types come from, each with the services their claims are asked
 * of: what the exchange must register (member, subsystems, services) for every type to be issuable.
 */
export function catalogueAgencies(types: readonly CredentialType[]): CatalogueAgency[] {
  const byMember = new Map<string, CatalogueAgency>();
  for (const type of types) {
    const memberKey = `${type.agency.memberClass}/${type.agency.memberCode}`;
    let agency = byMember.get(memberKey);
    if (!agency) byMember.set(memberKey, agency = { key: type.id.split('.').slice(0, 2).join('.'), memberClass: type.agency.memberClass, memberCode: type.agency.memberCode, name: type.agency.name, services: [] });
    agency.services.push({ subsystem: type.source.subsystem, service: type.source.service, typeId: type.id });
  }
  return [...byMember.values()];
}

function makeType(options: CatalogueOptions, row: {
  jurisdiction: Jurisdiction; agencyKey: string; name: string; family: Family; names: LocalizedText;
  doctype?: string; derivedFrom?: CredentialType['derivedFrom']; deferred?: boolean;
}): CredentialType {
  const agency = AGENCIES[row.jurisdiction].get(row.agencyKey);
  if (!agency) throw new CatalogueAgencyUnknown(`${row.jurisdiction}/${row.agencyKey}`);
  const [, memberCode, en, ko, et] = agency;
  const agencyName: LocalizedText = { en, ko, et };
  const template = familyTemplate(row.family);
  const id = `${row.jurisdiction.toLowerCase()}.${row.agencyKey}.${row.name}`;
  const display = (locale: TypeLocale): TypeDisplay => ({
    name: row.names[locale],
    description: template.description[locale].replace('{agency}', agencyName[locale]),
    backgroundColor: template.backgroundColor[row.jurisdiction],
    textColor: '#ffffff',
    logo: { uri: `${options.logoBase}/${row.agencyKey}.svg`, altText: { en: `Emblem of ${en}`, ko: `${ko} 상징`, et: `${et} embleem` }[locale] },
  });
  const type: CredentialType = {
    id,
    version: 1,
    jurisdiction: row.jurisdiction,
    vct: `${options.vctBase}/${id}`,
    agency: { memberClass: 'GOV', memberCode, name: agencyName },
    source: { subsystem: template.subsystem, service: row.name },
    claims: template.claims,
    display: { en: display('en'), ko: display('ko'), et: display('et') },
    validityDays: template.validityDays,
    keyBinding: 'required',
    formats: row.doctype ? ['dc+sd-jwt', 'mso_mdoc'] : ['dc+sd-jwt'],
    derivedFrom: row.derivedFrom ?? null,
    approval: row.deferred ? 'deferred' : 'immediate',
  };
  if (row.doctype) {
    // ISO 18013-5 puts the mDL elements in its own namespace; national documents use their doctype.
    const namespace = row.doctype === MDL_DOCTYPE ? 'org.iso.18013.5.1' : row.doctype;
    type.mdoc = { doctype: row.doctype, namespaces: { [namespace]: template.claims.map((c) => c.name) } };
  }
  return type;
}
