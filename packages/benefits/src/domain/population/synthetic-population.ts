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

/**
 * A synthetic population with realistic shapes (household sizes, an age pyramid, log-normal
 * earnings and property, home ownership, the capital region's share), deterministic for a seed,
 * laid out as the columns the graph reads. Persons are grouped by household, as the runners need.
 * Inputs the generator does not model stay unknown (NaN): nothing is silently zero.
 */
export function syntheticPopulation(graph: Graph, o: { persons: number; seed: number; shared?: boolean }): Population {
  const rnd = seededRandom(o.seed);
  const now = monthIndex(graph.period);
  const household = new Int32Array(o.persons);
  // Per person and per household facts, then copied into the graph's columns.
  const birth = new Float64Array(o.persons);
  const role = new Float64Array(o.persons);
  const order = new Float64Array(o.persons);
  const earned = new Float64Array(o.persons);
  const other = new Float64Array(o.persons);
  const hh: Array<{ region: number; depopulating: number; newlywed: number; property: number; rent: number; owner: number; first: number; price: number }> = [];
  let p = 0;
  let h = 0;
  while (p < o.persons) {
    const size = Math.min(1 + pick(SIZES, rnd()), o.persons - p);
    const headAge = 20 + pick(HEAD_AGES, rnd()) * 10 + Math.floor(rnd() * 10);
    const couple = size >= 2 && (size > 2 || rnd() < 0.75);
    for (let m = 0; m < size; m++, p++) {
      household[p] = h;
      const isChild = m >= (couple ? 2 : 1);
      const age = isChild ? Math.max(0, Math.min(headAge - 22 - Math.floor(rnd() * 12), 30)) : m === 1 ? Math.max(19, headAge + Math.floor(rnd() * 7) - 3) : headAge;
      birth[p] = now - age * 12 - Math.floor(rnd() * 12);
      role[p] = isChild ? 3 : m === 1 && couple ? 2 : 1;
      order[p] = isChild ? m - (couple ? 1 : 0) : NaN;
      const working = !isChild && age < 65 ? rnd() < 0.72 : isChild && age >= 19 ? rnd() < 0.5 : false;
      earned[p] = working ? Math.round(logNormal(rnd, 3_000_000, 0.55) / 1000) * 1000 : 0;
      other[p] = age >= 65 ? Math.round(logNormal(rnd, 650_000, 0.6) / 1000) * 1000 : rnd() < 0.1 ? Math.round(logNormal(rnd, 300_000, 0.8) / 1000) * 1000 : 0;
    }
    const region = rnd() < 0.51 ? 1 : 2;
    const owner = rnd() < (headAge >= 40 ? 0.64 : 0.3) ? 1 : 0;
    hh.push({
      region, depopulating: region === 2 && rnd() < 0.15 ? 1 : 0, newlywed: couple && headAge < 40 && rnd() < 0.4 ? 1 : 0,
      property: Math.round(logNormal(rnd, owner ? 320_000_000 : 60_000_000, 0.7) / 1_000_000) * 1_000_000,
      rent: owner ? 0 : Math.round(logNormal(rnd, 550_000, 0.4) / 10_000) * 10_000,
      owner, first: owner ? 0 : rnd() < 0.8 ? 1 : 0, price: Math.round(logNormal(rnd, 450_000_000, 0.35) / 1_000_000) * 1_000_000,
    });
    h++;
  }
  const households = h;
  const sizeOf = new Float64Array(households);
  for (let i = 0; i < o.persons; i++) sizeOf[household[i]!]!++;
  const personColumn = (f: (i: number) => number) => Float64Array.from({ length: o.persons }, (_, i) => f(i));
  const householdColumn = (f: (x: (typeof hh)[number]) => number) => Float64Array.from(hh, f);
  const columns = new Map<string, Float64Array>();
  for (const [name, node] of graph.columns) {
    const id = node.input.id;
    const column = (() => {
      switch (id) {
        case 'birth_month': return birth;
        case 'household_role': return role;
        case 'birth_order': return order;
        case 'multiple_birth': return personColumn((i) => (role[i] === 3 ? 1 : NaN));
        case 'studying': return personColumn((i) => (now - birth[i]! < 19 * 12 && now - birth[i]! >= 7 * 12 ? 1 : 0));
        case 'lives_apart_from_parents': return personColumn(() => 0);
        case 'parents_household_size': return personColumn((i) => (role[i] === 3 ? sizeOf[household[i]!]! : NaN));
        case 'earned_income_monthly': return earned;
        case 'other_income_monthly': return other;
        case 'total_income': return personColumn((i) => 12 * (earned[i]! + other[i]!));
        case 'parents_household_income_monthly': return personColumn(() => NaN);
        case 'region': return householdColumn((x) => x.region);
        case 'depopulating_area': return householdColumn((x) => x.depopulating);
        case 'newlywed': return householdColumn((x) => x.newlywed);
        case 'property_value': return householdColumn((x) => x.property);
        case 'monthly_rent': return householdColumn((x) => x.rent);
        case 'homeowner': return householdColumn((x) => x.owner);
        case 'first_time_buyer': return householdColumn((x) => x.first);
        case 'house_price': return householdColumn((x) => x.price);
        default: return new Float64Array(node.entity === 'person' ? o.persons : households).fill(NaN);
      }
    })();
    columns.set(name, column);
  }
  if (!o.shared) return { persons: o.persons, households, household, columns };
  // Worker threads read shared memory as it is; anything else they would copy first. (The
  // Population type names ArrayBuffer-backed arrays; the runners accept shared ones too.)
  const sharedHousehold = new Int32Array(new SharedArrayBuffer(household.byteLength));
  sharedHousehold.set(household);
  const sharedColumns = new Map<string, Float64Array>();
  for (const [k, v] of columns) {
    const s = new Float64Array(new SharedArrayBuffer(v.byteLength));
    s.set(v);
    sharedColumns.set(k, s);
  }
  return { persons: o.persons, households, household: sharedHousehold, columns: sharedColumns };
}
