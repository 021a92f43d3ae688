// SPDX-License-Identifier: Apache-2.0
// 기초연금 Basic Pension, 2026: people 65+ whose recognised income is at or below the selection threshold.
import { add, and, countMembers, defineParameter, defineVariable, eq, floorTo, ge, household, le, max, mul, onlyIf, param, sub, sumMembers, value, when } from '../../engine/dsl.ts';
import type { Programme } from '../../engine/types.ts';
import { age, hasSpouse, isCoupleMember } from '../common.ts';
import { earnedIncome, householdRole, otherIncome, propertyValue } from '../inputs.ts';

const src = 'Basic Pension Act art. 3; MOHW notice on the 2026 selection threshold';
export const thresholdSingle = defineParameter({ id: 'kr.basic_pension.threshold_single', label: 'Selection threshold, single', unit: 'KRW/month', values: [
  { from: '2025-01-01', value: 2_280_000, source: 'MOHW notice (2025)' }, { from: '2026-01-01', value: 2_470_000, source: 'MOHW notice (2026)' }] });
export const thresholdCouple = defineParameter({ id: 'kr.basic_pension.threshold_couple', label: 'Selection threshold, couple', unit: 'KRW/month', values: [
  { from: '2025-01-01', value: 3_648_000, source: 'MOHW notice (2025)' }, { from: '2026-01-01', value: 3_952_000, source: 'MOHW notice (2026)' }] });
export const maximum = defineParameter({ id: 'kr.basic_pension.maximum', label: 'Standard pension amount', unit: 'KRW/month', values: [
  { from: '2025-01-01', value: 342_510, source: 'Basic Pension Act art. 5; MOHW (2025)' }, { from: '2026-01-01', value: 349_700, source: 'Basic Pension Act art. 5; MOHW (2026)' }] });
export const coupleReduction = defineParameter({ id: 'kr.basic_pension.couple_reduction', label: 'Reduction when both spouses receive', unit: 'ratio', reliability: 'secondary', values: [{ from: '2014-07-01', value: 0.2, source: 'Basic Pension Act art. 8(1)' }] });
export const earnedDeduction = defineParameter({ id: 'kr.basic_pension.earned_deduction', label: 'Earned income deduction', unit: 'KRW/month', reliability: 'secondary', values: [{ from: '2025-01-01', value: 1_120_000, source: 'MOHW Basic Pension guide 2025' }] });
export const propertyDeduction = defineParameter({ id: 'kr.basic_pension.property_deduction', label: 'Basic property deduction (large cities)', unit: 'KRW', reliability: 'secondary', values: [{ from: '2024-01-01', value: 135_000_000, source: 'Basic Pension Act Enforcement Decree art. 2; MOHW guide' }] });
export const propertyRate = defineParameter({ id: 'kr.basic_pension.property_rate', label: 'Property conversion rate per year', unit: 'ratio/year', reliability: 'secondary', values: [{ from: '2014-07-01', value: 0.04, source: 'Basic Pension Act Enforcement Decree art. 2' }] });

const ownIncome = defineVariable({ id: 'basic_pension.own_income', entity: 'person', type: 'number', label: 'Income evaluation of the person', reference: 'Basic Pension Act art. 2(4); Enforcement Decree art. 2',
  formula: () => add(mul(max(sub(value(earnedIncome), param(earnedDeduction)), 0), 0.7), value(otherIncome)) });
const propertyIncome = defineVariable({ id: 'basic_pension.property_income', entity: 'household', type: 'number', label: 'Property converted to monthly income', reference: 'Basic Pension Act Enforcement Decree art. 2',
  formula: () => mul(max(sub(value(propertyValue), param(propertyDeduction)), 0), param(propertyRate), 1 / 12) });
export const isCouple = defineVariable({ id: 'basic_pension.is_couple', entity: 'person', type: 'boolean', label: 'Assessed as a couple', reference: 'Basic Pension Act art. 3(1)', formula: () => and(value(isCoupleMember), household(value(hasSpouse))) });
export const recognised = defineVariable({ id: 'basic_pension.recognised_income', entity: 'person', type: 'number', label: 'Recognised income (single or couple)', reference: 'Basic Pension Act art. 2(4)',
  formula: () => when(value(isCouple),
    add(household(sumMembers(value(ownIncome), value(isCoupleMember))), household(value(propertyIncome))),
    // A single head of household holds the household's property; other relatives are assessed on their own income.
    add(value(ownIncome), when(eq(value(householdRole), 1), household(value(propertyIncome)), 0))) });
export const eligible = defineVariable({ id: 'basic_pension.eligible', entity: 'person', type: 'boolean', label: 'Basic Pension: eligible', reference: 'Basic Pension Act art. 3',
  formula: () => and(ge(value(age), 65), le(value(recognised), when(value(isCouple), param(thresholdCouple), param(thresholdSingle)))) });
const bothReceive = defineVariable({ id: 'basic_pension.both_spouses_receive', entity: 'household', type: 'boolean', label: 'Both spouses receive', reference: 'Basic Pension Act art. 8',
  formula: () => ge(countMembers(and(value(isCoupleMember), value(eligible))), 2) });
export const amount = defineVariable({ id: 'basic_pension.amount', entity: 'person', type: 'number', label: 'Basic Pension: monthly amount', reference: 'Basic Pension Act art. 5, art. 8',
  formula: () => onlyIf(value(eligible), floorTo(mul(param(maximum), when(and(value(isCoupleMember), household(value(bothReceive))), sub(1, param(coupleReduction)), 1)), 10)) });

export const basicPension: Programme = { id: 'kr.basic-pension', name: 'Basic Pension (기초연금)', jurisdiction: 'KR', currency: 'KRW', year: 2026, agency: 'National Pension Service', eligible, amount, amountPer: 'month', sources: [src] };
