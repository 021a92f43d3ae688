// SPDX-License-Identifier: Apache-2.0
// Estonian family benefits paid by the Social Insurance Board (2025–2026).
import { and, anyMember, countMembers, defineParameter, defineVariable, eq, ge, household, le, lt, max, min, mul, onlyIf, or, param, value, when } from '../../engine/dsl.ts';
import type { Parameter, Programme } from '../../engine/types.ts';
import { age, ageMonths } from '../common.ts';
import { birthOrder, multipleBirth, onParentalLeave, parentalReferenceIncome, studying } from '../inputs.ts';

const fba = 'Family Benefits Act (Perehüvitiste seadus)';
const eur = (id: string, label: string, v: number, source: string, reliability: Parameter['reliability'] = 'official', from = '2025-01-01') =>
  defineParameter({ id, label, unit: 'EUR', reliability, values: [{ from, value: v, source }] });
export const allowanceFirst = eur('ee.child_allowance.first_second', 'Child allowance, 1st and 2nd child', 80, `${fba} § 19; SKA rates 2025`);
export const allowanceThird = eur('ee.child_allowance.third_later', 'Child allowance, 3rd and later child', 100, `${fba} § 19; SKA rates 2025`);
export const birthGrant = eur('ee.birth_grant.per_child', 'Birth grant per child', 320, `${fba} § 17`);
export const birthGrantTriplets = eur('ee.birth_grant.triplets', 'Birth grant per child, triplets or more', 1000, `${fba} § 17(2)`);
export const largeFamily36 = eur('ee.large_family.three_to_six', 'Large-family allowance, 3–6 children', 450, `${fba} § 21; SKA 2025`);
export const largeFamily7 = eur('ee.large_family.seven_plus', 'Large-family allowance, 7 or more children', 650, `${fba} § 21; SKA 2025`);
export const minimumWage = eur('ee.minimum_wage', 'Minimum monthly wage (parental benefit floor)', 886, 'Government regulation on the minimum wage 2025; value for 2026 not verified, carried forward', 'secondary');
export const averageWage = eur('ee.average_wage_reference', 'Average monthly wage used for the cap', 1833, 'Statistics Estonia average gross wage (year to confirm)', 'unverified');
export const capMultiplier = defineParameter({ id: 'ee.parental_benefit.cap_multiplier', label: 'Parental benefit cap (× average wage)', unit: 'ratio', reliability: 'secondary', values: [
  { from: '2022-04-01', value: 3, source: `${fba} § 44` }, { from: '2026-01-01', value: 2, source: `${fba} amendment for 2026 (press; exact cap unverified)` }] });

export const eeAllowanceEligible = defineVariable({ id: 'ee.child_allowance.eligible', entity: 'person', type: 'boolean', label: 'Child allowance (lapsetoetus): eligible', reference: `${fba} § 18: until 16, or 19 while in education`,
  formula: () => and(ge(value(ageMonths), 0), or(lt(value(age), 16), and(lt(value(age), 19), value(studying)))) });
export const eeAllowanceAmount = defineVariable({ id: 'ee.child_allowance.amount', entity: 'person', type: 'number', label: 'Child allowance: monthly amount', reference: `${fba} § 19`,
  formula: () => onlyIf(value(eeAllowanceEligible), when(le(value(birthOrder), 2), param(allowanceFirst), param(allowanceThird))) });
export const eeChildAllowance: Programme = { id: 'ee.child-allowance', name: 'Child allowance (lapsetoetus)', jurisdiction: 'EE', currency: 'EUR', year: 2025, agency: 'Social Insurance Board', eligible: eeAllowanceEligible, amount: eeAllowanceAmount, amountPer: 'month', sources: [`${fba} §§ 18–19`] };

export const eeBirthEligible = defineVariable({ id: 'ee.birth_grant.eligible', entity: 'person', type: 'boolean', label: 'Birth grant (sünnitoetus): eligible', reference: `${fba} § 16`, formula: () => eq(value(ageMonths), 0) });
export const eeBirthAmount = defineVariable({ id: 'ee.birth_grant.amount', entity: 'person', type: 'number', label: 'Birth grant: amount', reference: `${fba} § 17`,
  formula: () => onlyIf(value(eeBirthEligible), when(ge(value(multipleBirth), 3), param(birthGrantTriplets), param(birthGrant))) });
export const eeBirthGrant: Programme = { id: 'ee.birth-grant', name: 'Birth grant (sünnitoetus)', jurisdiction: 'EE', currency: 'EUR', year: 2025, agency: 'Social Insurance Board', eligible: eeBirthEligible, amount: eeBirthAmount, amountPer: 'once', sources: [`${fba} §§ 16–17`] };

export const allowanceChildren = defineVariable({ id: 'ee.large_family.children', entity: 'household', type: 'number', label: 'Children receiving child allowance', reference: `${fba} § 20`, formula: () => countMembers(value(eeAllowanceEligible)) });
export const eeLargeEligible = defineVariable({ id: 'ee.large_family.eligible', entity: 'household', type: 'boolean', label: 'Large-family allowance (lasterikka pere toetus): eligible', reference: `${fba} § 20: three or more children receiving child allowance`, formula: () => ge(value(allowanceChildren), 3) });
export const eeLargeAmount = defineVariable({ id: 'ee.large_family.amount', entity: 'household', type: 'number', label: 'Large-family allowance: monthly amount', reference: `${fba} § 21`,
  formula: () => onlyIf(value(eeLargeEligible), when(ge(value(allowanceChildren), 7), param(largeFamily7), param(largeFamily36))) });
export const eeLargeFamily: Programme = { id: 'ee.large-family', name: 'Large-family allowance (lasterikka pere toetus)', jurisdiction: 'EE', currency: 'EUR', year: 2025, agency: 'Social Insurance Board', eligible: eeLargeEligible, amount: eeLargeAmount, amountPer: 'month', sources: [`${fba} §§ 20–21`] };

export const youngChild = defineVariable({ id: 'ee.parental_benefit.young_child', entity: 'household', type: 'boolean', label: 'A child under 3 in the household', reference: `${fba} § 40`, formula: () => anyMember(and(ge(value(ageMonths), 0), lt(value(ageMonths), 36))) });
export const eeParentalEligible = defineVariable({ id: 'ee.parental_benefit.eligible', entity: 'person', type: 'boolean', label: 'Parental benefit (vanemahüvitis): eligible', reference: `${fba} §§ 40–43`,
  formula: () => and(value(onParentalLeave), ge(value(age), 15), household(value(youngChild))) });
export const eeParentalAmount = defineVariable({ id: 'ee.parental_benefit.amount', entity: 'person', type: 'number', label: 'Parental benefit: monthly amount', reference: `${fba} § 44: 100% of the reference income, at least the minimum wage, at most the cap`,
  formula: () => onlyIf(value(eeParentalEligible), min(max(value(parentalReferenceIncome), param(minimumWage)), mul(param(averageWage), param(capMultiplier)))) });
export const eeParentalBenefit: Programme = { id: 'ee.parental-benefit', name: 'Parental benefit (vanemahüvitis)', jurisdiction: 'EE', currency: 'EUR', year: 2026, agency: 'Social Insurance Board', eligible: eeParentalEligible, amount: eeParentalAmount, amountPer: 'month', sources: [`${fba} §§ 40–44`] };
