// SPDX-License-Identifier: Apache-2.0
// 국민기초생활보장 National Basic Livelihood Security: livelihood, medical, housing, education (2026).
import { and, between, defineParameter, defineVariable, floor, gt, household, le, lookup, max, min, mul, onlyIf, param, sub, value, when, eq } from '../../engine/dsl.ts';
import { HOUSEHOLD_REGISTER } from '../common.ts';
import type { Programme, TableValue } from '../../engine/types.ts';
import { age, householdSize, medianForHousehold, recognisedIncome } from '../common.ts';
import { monthlyRent, region } from '../inputs.ts';

const share = (id: string, label: string, values: Array<{ from: string; value: number; source: string }>) => defineParameter({ id, label, unit: 'share of median income', values });
export const livelihoodShare = share('kr.nbls.livelihood_share', 'Livelihood benefit threshold', [
  { from: '2020-01-01', value: 0.3, source: 'NBLS Act art. 8(2)' }, { from: '2024-01-01', value: 0.32, source: 'NBLS Act art. 8(2); Central Living Security Committee (2024)' }]);
export const medicalShare = share('kr.nbls.medical_share', 'Medical benefit threshold', [{ from: '2015-07-01', value: 0.4, source: 'NBLS Act art. 12-3' }]);
export const housingShare = share('kr.nbls.housing_share', 'Housing benefit threshold', [{ from: '2024-01-01', value: 0.48, source: 'Housing Benefit Act art. 5; MOLIT (2024)' }]);
export const educationShare = share('kr.nbls.education_share', 'Education benefit threshold', [{ from: '2015-07-01', value: 0.5, source: 'NBLS Act art. 12(3)' }]);

const line = (id: string, label: string, p: typeof livelihoodShare) =>
  defineVariable({ id, entity: 'household', type: 'number', label, reference: 'NBLS Act art. 8, 12, 12-3; Housing Benefit Act art. 5', formula: () => floor(mul(value(medianForHousehold), param(p))) });
export const livelihoodLine = line('nbls.livelihood_line', 'Livelihood benefit line', livelihoodShare);
const medicalLine = line('nbls.medical_line', 'Medical benefit line', medicalShare);
const housingLine = line('nbls.housing_line', 'Housing benefit line', housingShare);
const educationLine = line('nbls.education_line', 'Education benefit line', educationShare);

export const livelihoodEligible = defineVariable({ id: 'nbls.livelihood.eligible', entity: 'household', type: 'boolean', label: 'Livelihood benefit: eligible', reference: 'NBLS Act art. 8(2)', formula: () => le(value(recognisedIncome), value(livelihoodLine)) });
export const livelihoodAmount = defineVariable({ id: 'nbls.livelihood.amount', entity: 'household', type: 'number', label: 'Livelihood benefit: monthly amount', reference: 'NBLS Act art. 8(2): line minus recognised income',
  formula: () => onlyIf(value(livelihoodEligible), sub(value(livelihoodLine), value(recognisedIncome))) });
export const livelihood: Programme = { id: 'kr.nbls-livelihood', name: 'NBLS livelihood benefit (생계급여)', jurisdiction: 'KR', currency: 'KRW', year: 2026, agency: 'Ministry of Health and Welfare', eligible: livelihoodEligible, amount: livelihoodAmount, amountPer: 'month', sources: ['NBLS Act art. 8', 'MOHW 2026 standard median income'], evidence: HOUSEHOLD_REGISTER };

export const medicalEligible = defineVariable({ id: 'nbls.medical.eligible', entity: 'household', type: 'boolean', label: 'Medical benefit: eligible', reference: 'NBLS Act art. 12-3', formula: () => le(value(recognisedIncome), value(medicalLine)) });
export const medical: Programme = { id: 'kr.nbls-medical', name: 'NBLS medical benefit (의료급여)', jurisdiction: 'KR', currency: 'KRW', year: 2026, agency: 'Ministry of Health and Welfare', eligible: medicalEligible, sources: ['NBLS Act art. 12-3', 'Medical Benefit Act'], evidence: HOUSEHOLD_REGISTER };

export const standardRent = defineParameter<TableValue>({ id: 'kr.housing.standard_rent_capital', label: 'Standard rent, Seoul (grade 1), by household size 1–6', unit: 'KRW/month', reliability: 'secondary',
  values: [{ from: '2025-01-01', value: { minKey: 1, values: [369_000, 414_000, 492_000, 571_000, 591_000, 699_000] }, source: 'MOLIT standard rent notice 2025 (press)' }] });
export const standardRentOther = defineParameter<TableValue>({ id: 'kr.housing.standard_rent_other', label: 'Standard rent, other regions (grade 3), by household size 1–6', unit: 'KRW/month', reliability: 'unverified',
  values: [{ from: '2025-01-01', value: { minKey: 1, values: [238_000, 267_000, 317_000, 368_000, 381_000, 451_000] }, source: 'MOLIT standard rent notice 2025 (grade-3 figures to confirm)' }] });
export const housingSelfShare = defineParameter({ id: 'kr.housing.self_share', label: 'Share of income above the livelihood line borne by the tenant', unit: 'ratio', reliability: 'secondary', values: [{ from: '2015-07-01', value: 0.3, source: 'Housing Benefit Act Enforcement Decree art. 7' }] });
export const housingEligible = defineVariable({ id: 'nbls.housing.eligible', entity: 'household', type: 'boolean', label: 'Housing benefit: eligible', reference: 'Housing Benefit Act art. 5', formula: () => le(value(recognisedIncome), value(housingLine)) });
export const housingAmount = defineVariable({ id: 'nbls.housing.amount', entity: 'household', type: 'number', label: 'Housing benefit: monthly rent support', reference: 'Housing Benefit Act art. 7; Enforcement Decree art. 7',
  formula: () => onlyIf(value(housingEligible), floor(max(sub(
    min(value(monthlyRent), when(eq(value(region), 1), lookup(standardRent, value(householdSize)), lookup(standardRentOther, value(householdSize)))),
    when(gt(value(recognisedIncome), value(livelihoodLine)), mul(sub(value(recognisedIncome), value(livelihoodLine)), param(housingSelfShare)), 0)), 0))) });
export const housing: Programme = { id: 'kr.nbls-housing', name: 'NBLS housing benefit (주거급여)', jurisdiction: 'KR', currency: 'KRW', year: 2026, agency: 'Ministry of Land, Infrastructure and Transport', eligible: housingEligible, amount: housingAmount, amountPer: 'month', sources: ['Housing Benefit Act art. 5, 7', 'MOLIT standard rent 2025'], evidence: HOUSEHOLD_REGISTER };

const edu = (id: string, label: string, v: number) => defineParameter({ id, label, unit: 'KRW/year', reliability: 'secondary', values: [{ from: '2025-01-01', value: v, source: 'MOE education benefit (education activity support) 2025' }] });
export const eduElementary = edu('kr.education.elementary', 'Education activity support, elementary', 487_000);
export const eduMiddle = edu('kr.education.middle', 'Education activity support, middle school', 679_000);
export const eduHigh = edu('kr.education.high', 'Education activity support, high school', 768_000);
export const educationEligible = defineVariable({ id: 'nbls.education.eligible', entity: 'person', type: 'boolean', label: 'Education benefit: eligible (school-age child)', reference: 'NBLS Act art. 12',
  formula: () => and(between(value(age), 7, 18), household(le(value(recognisedIncome), value(educationLine)))) });
export const educationAmount = defineVariable({ id: 'nbls.education.amount', entity: 'person', type: 'number', label: 'Education benefit: yearly amount', reference: 'NBLS Act art. 12; MOE notice',
  formula: () => onlyIf(value(educationEligible), when(le(value(age), 12), param(eduElementary), when(le(value(age), 15), param(eduMiddle), param(eduHigh)))) });
export const education: Programme = { id: 'kr.nbls-education', name: 'NBLS education benefit (교육급여)', jurisdiction: 'KR', currency: 'KRW', year: 2026, agency: 'Ministry of Education', eligible: educationEligible, amount: educationAmount, amountPer: 'year', sources: ['NBLS Act art. 12', 'MOE 2025'], evidence: HOUSEHOLD_REGISTER };
