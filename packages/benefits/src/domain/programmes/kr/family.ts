// SPDX-License-Identifier: Apache-2.0
// 아동수당 child allowance, 부모급여 parents' benefit, 첫만남이용권 first-meeting voucher (2026).
import { add, and, defineParameter, defineVariable, eq, ge, household, le, lt, not, onlyIf, param, value, when } from '../../engine/dsl.ts';
import type { Programme } from '../../engine/types.ts';
import { ageMonths } from '../common.ts';
import { birthOrder, depopulatingArea, region } from '../inputs.ts';

export const childAllowanceAgeLimit = defineParameter({ id: 'kr.child_allowance.age_limit_months', label: 'Paid until this age (months)', unit: 'months', values: [
  { from: '2019-09-01', value: 84, source: 'Child Allowance Act art. 4 (under 7)' },
  { from: '2024-01-01', value: 96, source: 'Child Allowance Act art. 4 as amended 2023 (under 8); a 2026 bill extending it one year per year to under 13 by 2030 passed committee, plenary unverified' }] });
export const childAllowanceBase = defineParameter({ id: 'kr.child_allowance.amount', label: 'Child allowance', unit: 'KRW/month', values: [{ from: '2018-09-01', value: 100_000, source: 'Child Allowance Act art. 4(1)' }] });
export const childAllowanceNonCapital = defineParameter({ id: 'kr.child_allowance.extra_non_capital', label: 'Extra outside the capital region', unit: 'KRW/month', reliability: 'secondary', values: [{ from: '2018-09-01', value: 0, source: 'No regional supplement before 2026' }, { from: '2026-01-01', value: 5_000, source: 'MOHW 2026 budget (press reports: 5,000–20,000 KRW)' }] });
export const childAllowanceDepopulating = defineParameter({ id: 'kr.child_allowance.extra_depopulating', label: 'Extra in depopulating areas', unit: 'KRW/month', reliability: 'secondary', values: [{ from: '2018-09-01', value: 0, source: 'No regional supplement before 2026' }, { from: '2026-01-01', value: 20_000, source: 'MOHW 2026 budget (press reports: up to 20,000 KRW)' }] });

export const caEligible = defineVariable({ id: 'child_allowance.eligible', entity: 'person', type: 'boolean', label: 'Child allowance: eligible', reference: 'Child Allowance Act art. 4',
  formula: () => and(ge(value(ageMonths), 0), lt(value(ageMonths), param(childAllowanceAgeLimit))) });
export const caAmount = defineVariable({ id: 'child_allowance.amount', entity: 'person', type: 'number', label: 'Child allowance: monthly amount', reference: 'Child Allowance Act art. 4; 2026 regional supplement',
  formula: () => onlyIf(value(caEligible), add(param(childAllowanceBase),
    when(household(value(depopulatingArea)), param(childAllowanceDepopulating), when(not(eq(household(value(region)), 1)), param(childAllowanceNonCapital), 0)))) });
export const childAllowance: Programme = { id: 'kr.child-allowance', name: 'Child allowance (아동수당)', jurisdiction: 'KR', currency: 'KRW', year: 2026, agency: 'Ministry of Health and Welfare', eligible: caEligible, amount: caAmount, amountPer: 'month', sources: ['Child Allowance Act art. 4', 'MOHW 2026 budget'] };

export const parentsAge0 = defineParameter({ id: 'kr.parents_benefit.age0', label: "Parents' benefit, age 0", unit: 'KRW/month', values: [{ from: '2024-01-01', value: 1_000_000, source: 'Child Care Act art. 34-2; MOHW (2024)' }] });
export const parentsAge1 = defineParameter({ id: 'kr.parents_benefit.age1', label: "Parents' benefit, age 1", unit: 'KRW/month', values: [{ from: '2024-01-01', value: 500_000, source: 'Child Care Act art. 34-2; MOHW (2024)' }] });
export const pbEligible = defineVariable({ id: 'parents_benefit.eligible', entity: 'person', type: 'boolean', label: "Parents' benefit: eligible", reference: 'Child Care Act art. 34-2',
  formula: () => and(ge(value(ageMonths), 0), lt(value(ageMonths), 24)) });
export const pbAmount = defineVariable({ id: 'parents_benefit.amount', entity: 'person', type: 'number', label: "Parents' benefit: monthly amount", reference: 'Child Care Act art. 34-2',
  formula: () => onlyIf(value(pbEligible), when(lt(value(ageMonths), 12), param(parentsAge0), param(parentsAge1))) });
export const parentsBenefit: Programme = { id: 'kr.parents-benefit', name: "Parents' benefit (부모급여)", jurisdiction: 'KR', currency: 'KRW', year: 2026, agency: 'Ministry of Health and Welfare', eligible: pbEligible, amount: pbAmount, amountPer: 'month', sources: ['Child Care Act art. 34-2'] };

export const voucherFirst = defineParameter({ id: 'kr.first_meeting.first_child', label: 'First-meeting voucher, first child', unit: 'KRW', values: [{ from: '2024-01-01', value: 2_000_000, source: 'Social Security Benefits Act; MOHW (2024)' }] });
export const voucherLater = defineParameter({ id: 'kr.first_meeting.later_child', label: 'First-meeting voucher, second and later child', unit: 'KRW', values: [{ from: '2024-01-01', value: 3_000_000, source: 'Social Security Benefits Act; MOHW (2024)' }] });
export const fmEligible = defineVariable({ id: 'first_meeting.eligible', entity: 'person', type: 'boolean', label: 'First-meeting voucher: eligible (born this month)', reference: 'MOHW first-meeting voucher guide (birth registration)',
  formula: () => eq(value(ageMonths), 0) });
export const fmAmount = defineVariable({ id: 'first_meeting.amount', entity: 'person', type: 'number', label: 'First-meeting voucher: amount', reference: 'MOHW first-meeting voucher guide (2024)',
  formula: () => onlyIf(value(fmEligible), when(le(value(birthOrder), 1), param(voucherFirst), param(voucherLater))) });
export const firstMeetingVoucher: Programme = { id: 'kr.first-meeting-voucher', name: 'First-meeting voucher (첫만남이용권)', jurisdiction: 'KR', currency: 'KRW', year: 2026, agency: 'Ministry of Health and Welfare', eligible: fmEligible, amount: fmAmount, amountPer: 'once', sources: ['MOHW first-meeting voucher guide 2024'] };
