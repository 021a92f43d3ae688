// SPDX-License-Identifier: Apache-2.0
import { buildColumnarKernel } from '../engine/columnar-kernel.ts';
import { compileRules } from '../engine/compile-rules.ts';
import { evaluatePopulation } from '../engine/evaluate-population.ts';
import type { ParameterValue, Programme } from '../engine/types.ts';
import { syntheticPopulation } from '../population/synthetic-population.ts';

export interface BandCounts { readonly band: string; readonly eligible: number; readonly gainers: number; readonly losers: number; readonly cost: number }

export interface ProgrammePreview {
  readonly programme: string;
  readonly period: string;
  readonly against: string;
  readonly persons: number;
  readonly eligible: number;
  readonly eligibleBefore: number;
  /** Sum of amounts for the period (per month, once or loan, as the programme pays). */
  readonly cost: number;
  readonly costBefore: number;
  readonly gainers: number;
  readonly losers: number;
  readonly byAge: readonly BandCounts[];
  readonly byIncome: readonly BandCounts[];
}

const AGE_BANDS = ['0–9', '10–19', '20–29', '30–39', '40–49', '50–59', '60–69', '70–79', '80+'];
const INCOME_BANDS = ['0', '< 1 M', '1–2 M', '2–3 M', '3–4 M', '4–5 M', '5 M +'];

/**
 * The effect of a programme on the synthetic population: how many are eligible and what it costs
 * in `period`, against the rules in force in `against` (the published parameters), who gains and
 * who loses, by age band and by monthly income band (household programmes by the head).
 */
export function previewProgramme(programme: Programme, o: {
  period: string; against: string; persons: number; seed: number;
  /** A draft's parameter values: the preview is then the draft in `period` against the published programme in `period`. */
  draft?: ReadonlyMap<string, readonly ParameterValue<unknown>[]>;
}): ProgrammePreview {
  const run = (period: string, parameterValues?: ReadonlyMap<string, readonly ParameterValue<unknown>[]>) => {
    const graph = compileRules([programme], period, [], parameterValues ? { parameterValues } : {});
    const outputs = [programme.eligible.id, ...(programme.amount ? [programme.amount.id] : [])].map((id) => graph.variables.get(id)!);
    const population = syntheticPopulation(graph, { persons: o.persons, seed: o.seed });
    const result = evaluatePopulation(graph, population, buildColumnarKernel(graph, outputs));
    return { graph, population, eligible: result.get(programme.eligible.id)!, amount: programme.amount ? result.get(programme.amount.id)! : undefined };
  };
  const now = run(o.period, o.draft);
  const before = o.draft ? run(o.period) : run(o.against);
  const { population, graph } = now;
  const column = (prefix: string) => population.columns.get([...graph.columns.keys()].find((k) => k.startsWith(`${prefix}@`)) ?? '');
  const birth = column('birth_month');
  const earned = column('earned_income_monthly');
  const other = column('other_income_monthly');
  const household = programme.eligible.entity === 'household';
  const holders = household ? population.households : population.persons;
  // The person a household answer is shown under: its first member (the head).
  const headOf = new Int32Array(population.households).fill(-1);
  for (let i = 0; i < population.persons; i++) if (headOf[population.household[i]!] === -1) headOf[population.household[i]!] = i;
  const bandsOf = (labels: string[]) => labels.map((band) => ({ band, eligible: 0, gainers: 0, losers: 0, cost: 0 }));
  const byAge = bandsOf(AGE_BANDS);
  const byIncome = bandsOf(INCOME_BANDS);
  const value = (a: Float64Array | undefined, e: Float64Array, i: number) => (e[i] === 1 ? (a ? (Number.isNaN(a[i]!) ? 0 : a[i]!) : 1) : 0);
  let eligible = 0, eligibleBefore = 0, cost = 0, costBefore = 0, gainers = 0, losers = 0;
  for (let i = 0; i < holders; i++) {
    const person = household ? headOf[i]! : i;
    const age = birth ? Math.floor((graph.monthIndex - birth[person]!) / 12) : NaN;
    const income = (earned?.[person] ?? NaN) + (other?.[person] ?? 0);
    const ageBand = byAge[Math.min(8, Math.max(0, Math.floor(age / 10)))]!;
    const incomeBand = byIncome[!(income > 0) ? 0 : Math.min(6, 1 + Math.floor(income / 1_000_000))]!;
    const a = value(now.amount, now.eligible, i);
    const b = value(before.amount, before.eligible, i);
    const isEligible = now.eligible[i] === 1;
    eligible += isEligible ? 1 : 0;
    eligibleBefore += before.eligible[i] === 1 ? 1 : 0;
    if (now.amount) cost += a;
    if (before.amount) costBefore += b;
    const gain = a > b + 0.5;
    const loss = a < b - 0.5;
    gainers += gain ? 1 : 0;
    losers += loss ? 1 : 0;
    for (const band of [ageBand, incomeBand]) {
      band.eligible += isEligible ? 1 : 0;
      band.gainers += gain ? 1 : 0;
      band.losers += loss ? 1 : 0;
      band.cost += now.amount ? a : 0;
    }
  }
  return { programme: programme.id, period: o.period, against: o.draft ? 'published' : o.against, persons: o.persons, eligible, eligibleBefore, cost, costBefore, gainers, losers, byAge, byIncome };
}
