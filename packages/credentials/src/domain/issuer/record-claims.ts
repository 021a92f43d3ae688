// SPDX-License-Identifier: Apache-2.0
import type { CredentialType } from '../types/credential-type.ts';

/** What an agency's register holds about a person, the part every type draws on. */
export interface PersonRecord {
  identificationCode: string;
  givenName: string;
  familyName: string;
  birthDate: string;
  /** Further facts by claim name (employee number, driving privileges, …). */
  facts?: Record<string, unknown>;
}

/**
 * An agency register's answer for one type and person: the person's own data, the register's
 * facts, and for every other mandatory claim a value the register derives (document numbers,
 * issue dates, ages). This is how the demo world's agencies answer; a real agency answers from
 * its own database through its exchange service.
 */
export function recordClaims(type: CredentialType, person: PersonRecord, today: Date): Record<string, unknown> {
  const age = ageOn(person.birthDate, today);
  const base: Record<string, unknown> = {
    family_name: person.familyName, given_name: person.givenName, birth_date: person.birthDate, personal_identifier: person.identificationCode,
    age_over_18: age >= 18, age_over_19: age >= 19, issue_date: today.toISOString().slice(0, 10),
    issuing_authority: type.agency.name.en, issuing_country: type.jurisdiction, un_distinguishing_sign: type.jurisdiction === 'KR' ? 'ROK' : 'EST',
    organisation: type.agency.name.en, institution: type.agency.name.en,
  };
  const claims: Record<string, unknown> = {};
  for (const c of type.claims) {
    const value = person.facts?.[c.name] ?? base[c.name];
    if (value !== undefined) claims[c.name] = value;
    else if (c.mandatory) claims[c.name] = derived(c.valueType, c.name, person);
  }
  return claims;
}

function derived(valueType: string, name: string, person: PersonRecord): unknown {
  switch (valueType) {
    case 'string[]': return [];
    case 'integer': return 0;
    case 'boolean': return false;
    case 'date': return person.birthDate;
    default: return `${name.toUpperCase().slice(0, 3)}-${person.identificationCode.slice(-6)}`;
  }
}

function ageOn(birthDate: string, today: Date): number {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  let age = today.getUTCFullYear() - y;
  if (today.getUTCMonth() + 1 < m || (today.getUTCMonth() + 1 === m && today.getUTCDate() < d)) age--;
  return age;
}
