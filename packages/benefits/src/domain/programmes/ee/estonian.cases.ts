// SPDX-License-Identifier: Apache-2.0
// Test cases for the Estonian family benefits; expected figures from the Social Insurance Board rates.
import { member, type ProgrammeTestCase } from '../test-case.ts';

const kids = (n: number) => Array.from({ length: n }, (_, i) => member(`c${i + 1}`, 3, `${2024 - i}-01`, { birth_order: i + 1, studying: true }));
export const ESTONIAN_CASES: readonly ProgrammeTestCase[] = [
  { name: 'a first child of 10: 80 EUR', programme: 'ee.child-allowance', period: '2026-03', household: { members: [member('c', 3, '2015-09', { birth_order: 1, studying: true })] }, person: 'c', expect: { 'ee.child_allowance.eligible': true, 'ee.child_allowance.amount': 80 } },
  { name: 'a third child: 100 EUR', programme: 'ee.child-allowance', period: '2026-03', household: { members: [member('c', 3, '2015-09', { birth_order: 3, studying: true })] }, person: 'c', expect: { 'ee.child_allowance.amount': 100 } },
  { name: 'a 17-year-old in school still receives it', programme: 'ee.child-allowance', period: '2026-03', household: { members: [member('c', 3, '2008-09', { birth_order: 1, studying: true })] }, person: 'c', expect: { 'ee.child_allowance.amount': 80 } },
  { name: 'a 17-year-old not in education does not', programme: 'ee.child-allowance', period: '2026-03', household: { members: [member('c', 3, '2008-09', { birth_order: 1, studying: false })] }, person: 'c', expect: { 'ee.child_allowance.eligible': false, 'ee.child_allowance.amount': 0 } },
  { name: 'a 10-year-old whose schooling is unknown still receives it: under 16 decides', programme: 'ee.child-allowance', period: '2026-03', household: { members: [member('c', 3, '2015-09', { birth_order: 2 })] }, person: 'c', expect: { 'ee.child_allowance.eligible': true } },
  { name: 'birth grant for a child born this month: 320 EUR', programme: 'ee.birth-grant', period: '2026-03', household: { members: [member('c', 3, '2026-03', { multiple_birth: 1 })] }, person: 'c', expect: { 'ee.birth_grant.eligible': true, 'ee.birth_grant.amount': 320 } },
  { name: 'triplets: 1,000 EUR each', programme: 'ee.birth-grant', period: '2026-03', household: { members: [member('c', 3, '2026-03', { multiple_birth: 3 })] }, person: 'c', expect: { 'ee.birth_grant.amount': 1000 } },
  { name: 'three children: large-family allowance 450 EUR', programme: 'ee.large-family', period: '2026-03', household: { members: [member('p', 1, '1985-01', { studying: false }), ...kids(3)] }, person: 'p', expect: { 'ee.large_family.eligible': true, 'ee.large_family.amount': 450 } },
  { name: 'seven children: 650 EUR', programme: 'ee.large-family', period: '2026-03', household: { members: [member('p', 1, '1985-01', { studying: false }), ...kids(7)] }, person: 'p', expect: { 'ee.large_family.amount': 650 } },
  { name: 'two children: no large-family allowance', programme: 'ee.large-family', period: '2026-03', household: { members: [member('p', 1, '1985-01', { studying: false }), ...kids(2)] }, person: 'p', expect: { 'ee.large_family.eligible': false, 'ee.large_family.amount': 0 } },
  { name: 'parental benefit: the reference income, 2,500 EUR', programme: 'ee.parental-benefit', period: '2026-03',
    household: { members: [member('m', 1, '1992-01', { on_parental_leave: true, parental_reference_income: 2500 }), member('c', 3, '2025-11')] }, person: 'm', expect: { 'ee.parental_benefit.eligible': true, 'ee.parental_benefit.amount': 2500 } },
  { name: 'parental benefit: at least the minimum wage', programme: 'ee.parental-benefit', period: '2026-03',
    household: { members: [member('m', 1, '1992-01', { on_parental_leave: true, parental_reference_income: 500 }), member('c', 3, '2025-11')] }, person: 'm', expect: { 'ee.parental_benefit.amount': 886 } },
  { name: 'parental benefit: capped at twice the average wage from 2026', programme: 'ee.parental-benefit', period: '2026-03',
    household: { members: [member('m', 1, '1992-01', { on_parental_leave: true, parental_reference_income: 5000 }), member('c', 3, '2025-11')] }, person: 'm', expect: { 'ee.parental_benefit.amount': 3666 } },
  { name: 'parental benefit: three times the average wage in 2025', programme: 'ee.parental-benefit', period: '2025-06',
    household: { members: [member('m', 1, '1992-01', { on_parental_leave: true, parental_reference_income: 5000 }), member('c', 3, '2025-05')] }, person: 'm', expect: { 'ee.parental_benefit.amount': 5000 } },
  { name: 'not on leave: no parental benefit', programme: 'ee.parental-benefit', period: '2026-03',
    household: { members: [member('m', 1, '1992-01', { on_parental_leave: false, parental_reference_income: 2500 }), member('c', 3, '2025-11')] }, person: 'm', expect: { 'ee.parental_benefit.eligible': false, 'ee.parental_benefit.amount': 0 } },
];
