// SPDX-License-Identifier: Apache-2.0
import type { HouseholdCase, InputValue, InputValues } from '../engine/case.ts';
import type { Graph } from '../engine/graph.ts';
import type { ConsentTier, InputVariable } from '../engine/types.ts';
import type { AgencyAnswer, AgencyRequest } from './agency-data.ts';

/** What one agency released about one subject under one tier: the unit that is kept, and deleted when the tier is withdrawn. */
export interface FetchedRecord {
  readonly source: string;
  readonly subject: string;
  readonly tier: ConsentTier;
  readonly inputs: { readonly person?: InputValues; readonly household?: InputValues };
}

/** Every input the rules read, by id. */
export function inputsOf(graph: Graph): Map<string, InputVariable> {
  return new Map([...graph.columns.values()].map((n) => [n.input.id, n.input]));
}

/**
 * The requests a person's evaluation makes, with only the inputs their consent allows (data
 * minimisation: a tier not given is never asked for). The population register is asked first,
 * about the person; it names the household, whose members are then asked about one by one.
 */
export function registerRequest(inputs: ReadonlyMap<string, InputVariable>, tiers: readonly ConsentTier[], subject: string, purpose: string): AgencyRequest {
  return { source: 'population-register', subject, purpose, inputs: allowed(inputs, tiers, (i) => i.source === 'population-register') };
}

export function agencyRequests(inputs: ReadonlyMap<string, InputVariable>, tiers: readonly ConsentTier[], o: { subject: string; members: readonly string[]; purpose: string }): AgencyRequest[] {
  const requests: AgencyRequest[] = [];
  for (const source of ['tax-board', 'property-register', 'social-insurance-board'] as const) {
    const personInputs = allowed(inputs, tiers, (i) => i.source === source && i.entity === 'person');
    const householdInputs = allowed(inputs, tiers, (i) => i.source === source && i.entity === 'household');
    for (const member of personInputs.length ? o.members : []) requests.push({ source, subject: member, inputs: personInputs, purpose: o.purpose });
    // Household facts are asked about the person who consented, not about the other members.
    if (householdInputs.length) requests.push({ source, subject: o.subject, inputs: householdInputs, purpose: o.purpose });
  }
  return requests;
}

const allowed = (inputs: ReadonlyMap<string, InputVariable>, tiers: readonly ConsentTier[], where: (i: InputVariable) => boolean) =>
  [...inputs.values()].filter((i) => where(i) && tiers.includes(i.consent)).map((i) => i.id).sort();

/** Splits an accepted answer into records by subject and tier, the way it is kept. */
export function recordsOf(request: AgencyRequest, answer: AgencyAnswer, inputs: ReadonlyMap<string, InputVariable>): FetchedRecord[] {
  const out = new Map<string, { source: string; subject: string; tier: ConsentTier; inputs: { person: Record<string, unknown>; household: Record<string, unknown> } }>();
  const put = (subject: string, part: 'person' | 'household', values: InputValues | undefined) => {
    for (const [id, value] of Object.entries(values ?? {})) {
      const tier = inputs.get(id)!.consent;
      const key = `${subject}\n${tier}`;
      const record = out.get(key) ?? { source: request.source, subject, tier, inputs: { person: {}, household: {} } };
      record.inputs[part][id] = value;
      out.set(key, record);
    }
  };
  put(request.subject, 'person', answer.person);
  put(request.subject, 'household', answer.household);
  for (const m of answer.members ?? []) put(m.subject, 'person', m.inputs);
  return [...out.values()] as FetchedRecord[];
}

/** The household as the rules see it, from what was kept: nothing kept means unknown, never zero. */
export function householdCase(members: readonly string[], records: readonly FetchedRecord[]): HouseholdCase {
  const merge = (parts: Array<InputValues | undefined>) => Object.assign({}, ...parts.filter(Boolean)) as Record<string, InputValue>;
  return {
    inputs: merge(records.map((r) => r.inputs.household)),
    members: members.map((subject) => ({ id: subject, inputs: merge(records.filter((r) => r.subject === subject).map((r) => r.inputs.person)) })),
  };
}
