// SPDX-License-Identifier: Apache-2.0
import { seededRandom } from '@tessera/platform';
import type { Graph } from '../engine/graph.ts';
import { monthIndex } from '../engine/period.ts';
import type { Population } from '../engine/population.ts';

// Household sizes 1–6 (Statistics Korea 2024: one-person 36%, two 29%, three 19%, four 13%, five or more 3%).
const SIZES = [0.36, 0.29, 0.19, 0.13, 0.02, 0.01];
// Age of the household head, by 10-year band from 20 (a rough 2025 Korean pyramid; more old heads than young).
const HEAD_AGES = [0.12, 0.15, 0.18, 0.2, 0.18, 0.12, 0.05];

const pick = (weights: readonly number[], r: number) => {
  let acc = 0;
  for (let i = 0; i < weights.length; i++) if (r < (acc += weights[i]!)) return i;
  return weights.length - 1;
};
/** Log-normal around a median, from two uniforms (Box–Muller). */
const logNormal = (rnd: () => number, median: number, sigma: number) => median * Math.exp(sigma * Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd()));

/** The inputs the generator models, by input id; any other input the graph reads stays unknown. */
export const SYNTHETIC_INPUTS = {
  person: ['birth_month', 'household_role', 'birth_order', 'multiple_birth', 'studying', 'lives_apart_from_parents', 'parents_household_size', 'earned_income_monthly', 'other_income_monthly', 'total_income', 'parents_household_income_monthly', 'on_parental_leave', 'parental_reference_income'],
  household: ['region', 'depopulating_area', 'newlywed', 'property_value', 'monthly_rent', 'homeowner', 'first_time_buyer', 'house_price'],
} as const;
type SyntheticInput = (typeof SYNTHETIC_INPUTS)['person' | 'household'][number];

/** Where generated people go: a household index and the columns to fill, each at least `persons` long. */
export interface SyntheticTarget {
  readonly household: Int32Array;
  /** Arrays by input id; an input absent here is not written. */
  readonly inputs: Partial<Record<SyntheticInput, Float64Array>>;
}

/**
 * Fills `target` with `persons` synthetic people in households (sizes, an age pyramid,
 * log-normal earnings and property, home ownership, the capital region's share), deterministic
 * for a seed, and returns the number of households. It writes straight into the arrays, with no
 * per-person or per-household objects, so worker threads can generate a chunk into buffers they
 * reuse. `now` is the evaluated month's index.
 */
export function fillSyntheticPopulation(target: SyntheticTarget, o: { persons: number; seed: number; now: number }): number {
  const rnd = seededRandom(o.seed);
  const { now, persons } = o;
  const household = target.household;
  const x = target.inputs;
  const birth = x.birth_month, role = x.household_role, order = x.birth_order, multiple = x.multiple_birth, studying = x.studying;
  const apart = x.lives_apart_from_parents, parentsSize = x.parents_household_size, earnedOut = x.earned_income_monthly;
  const otherOut = x.other_income_monthly, total = x.total_income, parentsIncome = x.parents_household_income_monthly;
  const region = x.region, depopulating = x.depopulating_area, newlywed = x.newlywed, property = x.property_value;
  const rent = x.monthly_rent, owner = x.homeowner, first = x.first_time_buyer, price = x.house_price;
  const leave = x.on_parental_leave, reference = x.parental_reference_income;
  let p = 0;
  let h = 0;
  while (p < persons) {
    const size = Math.min(1 + pick(SIZES, rnd()), persons - p);
    const headAge = 20 + pick(HEAD_AGES, rnd()) * 10 + Math.floor(rnd() * 10);
    const couple = size >= 2 && (size > 2 || rnd() < 0.75);
    const head = p;
    let baby = false;
    for (let m = 0; m < size; m++, p++) {
      household[p] = h;
      const isChild = m >= (couple ? 2 : 1);
      const age = isChild ? Math.max(0, Math.min(headAge - 22 - Math.floor(rnd() * 12), 30)) : m === 1 ? Math.max(19, headAge + Math.floor(rnd() * 7) - 3) : headAge;
      const born = now - age * 12 - Math.floor(rnd() * 12);
      const working = !isChild && age < 65 ? rnd() < 0.72 : isChild && age >= 19 ? rnd() < 0.5 : false;
      const earned = working ? Math.round(logNormal(rnd, 3_000_000, 0.55) / 1000) * 1000 : 0;
      const other = age >= 65 ? Math.round(logNormal(rnd, 650_000, 0.6) / 1000) * 1000 : rnd() < 0.1 ? Math.round(logNormal(rnd, 300_000, 0.8) / 1000) * 1000 : 0;
      if (birth) birth[p] = born;
      if (role) role[p] = isChild ? 3 : m === 1 && couple ? 2 : 1;
      if (order) order[p] = isChild ? m - (couple ? 1 : 0) : NaN;
      if (multiple) multiple[p] = isChild ? 1 : NaN;
      if (studying) studying[p] = now - born < 19 * 12 && now - born >= 7 * 12 ? 1 : 0;
      // An adult of 19–34 heading or sharing a household has left the parents' home (the youth
      // rent support's case); the parents' household is then another one, of two or three.
      const leftHome = !isChild && age >= 19 && age <= 34;
      if (apart) apart[p] = leftHome ? 1 : 0;
      if (parentsSize) parentsSize[p] = isChild ? size : leftHome ? 2 + Math.floor(rnd() * 2) : NaN;
      if (earnedOut) earnedOut[p] = earned;
      if (otherOut) otherOut[p] = other;
      if (total) total[p] = 12 * (earned + other);
      if (parentsIncome) parentsIncome[p] = leftHome ? Math.round(logNormal(rnd, 4_000_000, 0.6) / 1000) * 1000 : NaN;
      if (leave) leave[p] = 0;
      if (reference) reference[p] = NaN;
      if (isChild && now - born < 18) baby = true;
    }
    // A parent of a child under 18 months is on parental leave in most such households (Estonia:
    // 475 days shared by the parents). The reference income is in euros, the Estonian rule's money.
    if (baby && rnd() < 0.8) {
      if (leave) leave[head] = 1;
      if (reference) reference[head] = Math.round(logNormal(rnd, 1_800, 0.5));
    }
    const inCapital = rnd() < 0.51;
    const owns = rnd() < (headAge >= 40 ? 0.64 : 0.3);
    const depop = !inCapital && rnd() < 0.15 ? 1 : 0;
    const wed = couple && headAge < 40 && rnd() < 0.4 ? 1 : 0;
    const value = Math.round(logNormal(rnd, owns ? 320_000_000 : 60_000_000, 0.7) / 1_000_000) * 1_000_000;
    const monthly = owns ? 0 : Math.round(logNormal(rnd, 550_000, 0.4) / 10_000) * 10_000;
    const firstTime = owns ? 0 : rnd() < 0.8 ? 1 : 0;
    const housePrice = Math.round(logNormal(rnd, 450_000_000, 0.35) / 1_000_000) * 1_000_000;
    if (region) region[h] = inCapital ? 1 : 2;
    if (depopulating) depopulating[h] = depop;
    if (newlywed) newlywed[h] = wed;
    if (property) property[h] = value;
    if (rent) rent[h] = monthly;
    if (owner) owner[h] = owns ? 1 : 0;
    if (first) first[h] = firstTime;
    if (price) price[h] = housePrice;
    h++;
  }
  return h;
}

const modelled = new Set<string>([...SYNTHETIC_INPUTS.person, ...SYNTHETIC_INPUTS.household]);

/**
 * A synthetic population (see `fillSyntheticPopulation`) laid out as the columns the graph reads.
 * Persons are grouped by household, as the runners need. Inputs the generator does not model
 * stay unknown (NaN): nothing is silently zero. `shared` allocates every array in shared memory,
 * which worker threads read without a copy.
 */
export function syntheticPopulation(graph: Graph, o: { persons: number; seed: number; shared?: boolean }): Population {
  const array = (length: number) => new Float64Array(o.shared ? new SharedArrayBuffer(length * 8) : new ArrayBuffer(length * 8));
  const household = new Int32Array(o.shared ? new SharedArrayBuffer(o.persons * 4) : new ArrayBuffer(o.persons * 4));
  // Household columns are allocated for the most households there can be, then cut to length.
  const inputs: Partial<Record<SyntheticInput, Float64Array>> = {};
  for (const node of graph.columns.values()) {
    const id = node.input.id;
    if (modelled.has(id) && !inputs[id as SyntheticInput]) inputs[id as SyntheticInput] = array(o.persons);
  }
  const households = fillSyntheticPopulation({ household, inputs }, { persons: o.persons, seed: o.seed, now: monthIndex(graph.period) });
  const columns = new Map<string, Float64Array>();
  for (const [name, node] of graph.columns) {
    const length = node.entity === 'person' ? o.persons : households;
    const filled = inputs[node.input.id as SyntheticInput];
    columns.set(name, filled ? filled.subarray(0, length) : array(length).fill(NaN));
  }
  return { persons: o.persons, households, household, columns };
}
