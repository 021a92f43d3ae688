// SPDX-License-Identifier: Apache-2.0
import type { HouseholdCase } from '../engine/case.ts';
import { evaluatePerson, renderExplanation, type Status } from '../engine/evaluate-person.ts';
import type { Graph } from '../engine/graph.ts';
import type { ConsentTier, Programme } from '../engine/types.ts';

/** One programme's answer for one member of the household (or the household as a whole). */
export interface ProgrammeAnswer {
  readonly programme: string;
  readonly beneficiary: string;
  readonly status: Status;
  readonly amount: number | null;
  readonly missing: ReadonlyArray<{ input: string; label: string; holder: string; consent?: ConsentTier }>;
  readonly consentsNeeded: readonly ConsentTier[];
  readonly explanation: string;
}

/**
 * Runs every programme of the household's jurisdiction for each member (once for the household
 * when the programme's eligibility is a household rule), under the consents given.
 */
export function evaluateHousehold(graph: Graph, programmes: readonly Programme[], household: HouseholdCase, consents: readonly ConsentTier[]): ProgrammeAnswer[] {
  const answers: ProgrammeAnswer[] = [];
  for (const p of programmes) {
    const beneficiaries = p.eligible.entity === 'household' ? household.members.slice(0, 1) : household.members;
    for (const m of beneficiaries) {
      const variables = [p.eligible.id, ...(p.amount ? [p.amount.id] : [])];
      const [eligible, amount] = evaluatePerson(graph, household, { person: m.id, consents, variables }).outcomes;
      const status = eligible!.status ?? 'cannot-tell';
      const missing = [...eligible!.missing, ...(status === 'eligible' ? (amount?.missing ?? []) : [])];
      answers.push({
        programme: p.id,
        beneficiary: p.eligible.entity === 'household' ? 'household' : m.id,
        status,
        amount: status === 'eligible' && typeof amount?.value === 'number' ? amount.value : null,
        missing: dedupe(missing.map((g) => ({ input: g.input, label: g.label, holder: g.holder, ...(g.consent ? { consent: g.consent } : {}) }))),
        consentsNeeded: [...new Set([...eligible!.consentsNeeded, ...(status === 'eligible' ? (amount?.consentsNeeded ?? []) : [])])],
        explanation: renderExplanation(eligible!.explanation),
      });
    }
  }
  return answers;
}

const dedupe = <T extends { input: string; holder: string }>(list: T[]) => [...new Map(list.map((g) => [`${g.input}:${g.holder}`, g])).values()];
