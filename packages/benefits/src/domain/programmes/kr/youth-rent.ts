// SPDX-License-Identifier: Apache-2.0
// 청년월세 지원 youth monthly rent support (2026).
import { and, between, defineParameter, defineVariable, gt, household, le, min, mul, onlyIf, param, value, lookup } from '../../engine/dsl.ts';
import { HOUSEHOLD_REGISTER } from '../common.ts';
import type { Programme } from '../../engine/types.ts';
import { age, medianForHousehold, medianIncome, recognisedIncome } from '../common.ts';
import { livesApartFromParents, monthlyRent, parentsHouseholdSize, parentsIncome } from '../inputs.ts';

const src = 'MOLIT youth monthly rent support notice (2024–2026)';
export const youthShare = defineParameter({ id: 'kr.youth_rent.own_share', label: "Youth household income limit (share of median)", unit: 'ratio', values: [{ from: '2022-08-01', value: 0.6, source: src }] });
export const parentsShare = defineParameter({ id: 'kr.youth_rent.parents_share', label: "Parents' household income limit (share of median)", unit: 'ratio', values: [{ from: '2022-08-01', value: 1, source: src }] });
export const maxSupport = defineParameter({ id: 'kr.youth_rent.maximum', label: 'Monthly support up to', unit: 'KRW/month', values: [{ from: '2022-08-01', value: 200_000, source: src }] });
export const months = defineParameter({ id: 'kr.youth_rent.months', label: 'Months of support', unit: 'months', reliability: 'secondary', values: [{ from: '2022-08-01', value: 12, source: src }, { from: '2026-01-01', value: 24, source: 'MOLIT 2026 (press: extended to 24 months)' }] });

export const youthRentEligible = defineVariable({ id: 'youth_rent.eligible', entity: 'person', type: 'boolean', label: 'Youth monthly rent support: eligible', reference: `${src}: age 19–34, living apart, youth ≤ 60% and parents ≤ 100% of median income`,
  formula: () => and(between(value(age), 19, 34), value(livesApartFromParents), household(gt(value(monthlyRent), 0)),
    household(le(value(recognisedIncome), mul(value(medianForHousehold), param(youthShare)))),
    le(value(parentsIncome), mul(lookup(medianIncome, value(parentsHouseholdSize)), param(parentsShare)))) });
export const youthRentAmount = defineVariable({ id: 'youth_rent.amount', entity: 'person', type: 'number', label: 'Youth monthly rent support: monthly amount', reference: src,
  formula: () => onlyIf(value(youthRentEligible), min(household(value(monthlyRent)), param(maxSupport))) });
export const youthRentMonths = defineVariable({ id: 'youth_rent.months', entity: 'person', type: 'number', label: 'Youth monthly rent support: months', reference: src, formula: () => onlyIf(value(youthRentEligible), param(months)) });
export const youthRent: Programme = { id: 'kr.youth-rent', name: 'Youth monthly rent support (청년월세 지원)', jurisdiction: 'KR', currency: 'KRW', year: 2026, agency: 'Ministry of Land, Infrastructure and Transport', eligible: youthRentEligible, amount: youthRentAmount, amountPer: 'month', extra: [youthRentMonths], sources: [src], evidence: HOUSEHOLD_REGISTER };
