// SPDX-License-Identifier: Apache-2.0
// 근로장려금 earned income tax credit: claimed in a year on the previous year's income.
import { and, countMembers, defineParameter, defineVariable, div, eq, floorTo, ge, gt, lt, max, min, mul, not, onlyIf, or, param, sub, sumMembers, value, when } from '../../engine/dsl.ts';
import type { Parameter, Programme } from '../../engine/types.ts';
import { hasSpouse } from '../common.ts';
import { annualIncome, householdRole, propertyValue } from '../inputs.ts';

const law = 'Restriction of Special Taxation Act art. 100-3, 100-5';
const money = (id: string, label: string, v: number, reliability: Parameter['reliability'] = 'secondary') =>
  defineParameter({ id, label, unit: 'KRW', reliability, values: [{ from: '2023-01-01', value: v, source: `${law} (as amended for 2023 income onward)` }] });
/** Per household type: income limit, maximum credit, end of phase-in, end of the flat part, and the phase-out span. */
const schedule = (type: string, limit: number, maximum: number, phaseIn: number, flat: number) => ({
  limit: money(`kr.eitc.${type}.income_limit`, `Total income limit, ${type}`, limit), maximum: money(`kr.eitc.${type}.maximum`, `Maximum credit, ${type}`, maximum),
  phaseIn: money(`kr.eitc.${type}.phase_in_end`, `End of phase-in, ${type}`, phaseIn), flat: money(`kr.eitc.${type}.flat_end`, `End of the flat part, ${type}`, flat),
  // The phase-out runs from the flat end to the limit; its span is a parameter so the division stays exact.
  span: money(`kr.eitc.${type}.phase_out_span`, `Phase-out span (limit − flat end), ${type}`, limit - flat),
});
export const single = schedule('single', 22_000_000, 1_650_000, 4_000_000, 9_000_000);
export const singleEarner = schedule('single_earner', 32_000_000, 2_850_000, 7_000_000, 14_000_000);
export const dualEarner = schedule('dual_earner', 44_000_000, 3_300_000, 8_000_000, 17_000_000);
export const assetLimit = money('kr.eitc.asset_limit', 'Household property limit', 240_000_000, 'unverified');
export const assetHalving = money('kr.eitc.asset_halving', 'Property above which the credit is halved', 170_000_000, 'unverified');
export const spouseEarnerFloor = money('kr.eitc.spouse_earner_floor', 'Spouse income making a dual-earner household', 3_000_000);

/** Household income of the head and spouse, last year. */
export const eitcIncome = defineVariable({ id: 'eitc.income', entity: 'household', type: 'number', label: "Head and spouse's total income last year", reference: `${law}`,
  formula: () => sumMembers(value(annualIncome, 1), or(eq(value(householdRole), 1), eq(value(householdRole), 2))) });
/** 1 single, 2 single-earner, 3 dual-earner. */
export const eitcType = defineVariable({ id: 'eitc.household_type', entity: 'household', type: 'number', label: 'Household type (1 single, 2 single-earner, 3 dual-earner)', reference: `${law} (단독·홑벌이·맞벌이)`,
  formula: () => when<'household', 'number'>(and(value(hasSpouse), ge(sumMembers(value(annualIncome, 1), eq(value(householdRole), 2)), param(spouseEarnerFloor))), 3,
    when<'household', 'number'>(and(not(value(hasSpouse)), eq(countMembers(or(eq(value(householdRole), 3), eq(value(householdRole), 4))), 0)), 1, 2)) });
const credit = (s: ReturnType<typeof schedule>) => when(lt(value(eitcIncome), param(s.limit)), max(0, min(
  div(mul(value(eitcIncome), param(s.maximum)), param(s.phaseIn)),
  param(s.maximum),
  sub(param(s.maximum), div(mul(sub(value(eitcIncome), param(s.flat)), param(s.maximum)), param(s.span))))), 0);

export const eitcEligible = defineVariable({ id: 'eitc.eligible', entity: 'household', type: 'boolean', label: 'Earned income tax credit: eligible', reference: `${law}: income below the limit of the household type, property below the limit`,
  formula: () => and(gt(value(eitcIncome), 0), lt(value(eitcIncome), when(eq(value(eitcType), 1), param(single.limit), when(eq(value(eitcType), 2), param(singleEarner.limit), param(dualEarner.limit)))), lt(value(propertyValue), param(assetLimit))) });
export const eitcAmount = defineVariable({ id: 'eitc.amount', entity: 'household', type: 'number', label: 'Earned income tax credit: yearly amount', reference: `${law} art. 100-5 (schedule); property above the halving line halves it`,
  formula: () => onlyIf(value(eitcEligible), floorTo(mul(when(eq(value(eitcType), 1), credit(single), when(eq(value(eitcType), 2), credit(singleEarner), credit(dualEarner))),
    when(ge(value(propertyValue), param(assetHalving)), 0.5, 1)), 10)) });
export const eitc: Programme = { id: 'kr.eitc', name: 'Earned income tax credit (근로장려금)', jurisdiction: 'KR', currency: 'KRW', year: 2025, agency: 'National Tax Service', eligible: eitcEligible, amount: eitcAmount, amountPer: 'year', sources: [law] };
