// SPDX-License-Identifier: Apache-2.0
import type { FetchedRecord } from './data-plan.ts';

/** How a household member is named to the person: by relation and birth month, never by identification code. */
export type MemberDescription = { readonly relation: 'self' | 'spouse' | 'child' | 'household' | 'relative'; readonly birthMonth?: string };

export function describeMember(beneficiary: string, self: string, records: readonly Pick<FetchedRecord, 'source' | 'subject' | 'inputs'>[]): MemberDescription {
  if (beneficiary === self) return { relation: 'self' };
  if (beneficiary === 'household') return { relation: 'household' };
  const own = records.filter((r) => r.source === 'population-register' && r.subject === beneficiary).map((r) => r.inputs.person ?? {});
  const role = own.map((i) => i.household_role).find((v) => typeof v === 'number');
  const birth = own.map((i) => i.birth_month).find((v) => typeof v === 'string');
  const relation = role === 2 ? 'spouse' : role === 3 ? 'child' : 'relative';
  return { relation, ...(typeof birth === 'string' ? { birthMonth: birth } : {}) };
}
