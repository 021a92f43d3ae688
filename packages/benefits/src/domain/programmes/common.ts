// SPDX-License-Identifier: Apache-2.0
// Rules shared by several programmes: ages, household composition, median income, recognised income.
import { add, countMembers, defineParameter, defineVariable, div, eq, floor, ge, lookup, max, mul, or, param, periodMonth, sub, sumMembers, value } from '../engine/dsl.ts';
import type { TableValue } from '../engine/types.ts';
import { birthMonth, earnedIncome, householdRole, otherIncome, propertyValue, region } from './inputs.ts';

export const ageMonths = defineVariable({ id: 'age_months', entity: 'person', type: 'number', label: 'Age in whole months', reference: 'Civil Act art. 157–158 (age counted from birth)', formula: () => sub(periodMonth(), value(birthMonth)) });
export const age = defineVariable({ id: 'age', entity: 'person', type: 'number', label: 'Age in whole years', reference: 'Act on Unifying Age Calculation (2023): age in full years', formula: () => floor(div(value(ageMonths), 12)) });
export const isCoupleMember = defineVariable({ id: 'is_head_or_spouse', entity: 'person', type: 'boolean', label: 'Head of household or spouse', reference: 'Resident Registration Act art. 10', formula: () => or(eq(value(householdRole), 1), eq(value(householdRole), 2)) });
export const householdSize = defineVariable({ id: 'household_size', entity: 'household', type: 'number', label: 'Household members', reference: 'National Basic Living Security Act art. 2(8)', formula: () => countMembers(true) });
export const hasSpouse = defineVariable({ id: 'has_spouse', entity: 'household', type: 'boolean', label: 'Household has a spouse of the head', reference: 'Resident Registration Act art. 10', formula: () => ge(countMembers(eq(value(householdRole), 2)), 1) });

export const medianIncome = defineParameter<TableValue>({
  id: 'kr.standard_median_income', label: 'Standard median income per month by household size (1–7)', unit: 'KRW/month',
  values: [
    { from: '2025-01-01', value: { minKey: 1, values: [2392013, 3932658, 5025353, 6097773, 7108192, 8064805, 8988428] }, source: 'MOHW notice 2024-140, Central Living Security Committee (2025)' },
    { from: '2026-01-01', value: { minKey: 1, values: [2564238, 4199292, 5359036, 6494738, 7556719, 8555952, 9515150] }, source: 'MOHW notice, Central Living Security Committee (2026); sizes 5–7 secondary' },
  ],
});
export const medianForHousehold = defineVariable({ id: 'median_income', entity: 'household', type: 'number', label: 'Standard median income for this household size', reference: 'National Basic Living Security Act art. 6-2', formula: () => lookup(medianIncome, value(householdSize)) });

export const earnedDeduction = defineParameter({ id: 'kr.nbls.earned_income_deduction', label: 'Share of earned income not counted (NBLS)', unit: 'ratio', reliability: 'secondary', values: [{ from: '2020-01-01', value: 0.3, source: 'NBLS Act Enforcement Decree art. 3 (30% earned-income deduction)' }] });
export const propertyDeduction = defineParameter<TableValue>({ id: 'kr.nbls.basic_property_deduction', label: 'Basic property deduction by region (1 capital, 2 elsewhere)', unit: 'KRW', reliability: 'secondary', values: [{ from: '2024-01-01', value: { minKey: 1, values: [99_000_000, 53_000_000] }, source: 'MOHW NBLS guide 2024 (Seoul 99M, small cities 53M)' }] });
export const propertyConversion = defineParameter({ id: 'kr.nbls.property_conversion_rate', label: 'Monthly income conversion rate of residential property', unit: 'ratio/month', reliability: 'secondary', values: [{ from: '2020-01-01', value: 0.0104, source: 'NBLS Act Enforcement Decree art. 5-3 (residential property 1.04%/month)' }] });

/** 소득인정액: income evaluation plus property converted to monthly income. */
export const recognisedIncome = defineVariable({
  id: 'nbls.recognised_income', entity: 'household', type: 'number', label: 'Recognised income of the household per month', reference: 'National Basic Living Security Act art. 2(9), art. 6-3',
  formula: () => floor(add(
    sumMembers(add(mul(value(earnedIncome), sub(1, param(earnedDeduction))), value(otherIncome))),
    mul(max(sub(value(propertyValue), lookup(propertyDeduction, value(region))), 0), param(propertyConversion)),
  )),
});

/**
 * The agency asks for the applicant's household as registered (주민등록표 등본, the household
 * register certificate) with the application; the person may present it from their wallet.
 */
export const HOUSEHOLD_REGISTER = ['household-register'] as const;
