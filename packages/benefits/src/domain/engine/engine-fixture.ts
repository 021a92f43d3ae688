// SPDX-License-Identifier: Apache-2.0
// A small rule set exercising every kind of node, for the engine's own tests and the agreement tests.
import { add, and, countMembers, defineInput, defineParameter, defineVariable, div, ge, household, le, lookup, lt, mul, onlyIf, sub, sumMembers, value, periodMonth, or, not, when, min, max, floor, anyMember, allMembers, eq } from './dsl.ts';
import type { Programme, TableValue } from './types.ts';

export const birth = defineInput({ id: 't.birth', entity: 'person', type: 'number', month: true, period: 'month', consent: 'basic', source: 'population-register', label: 'Birth month' });
export const income = defineInput({ id: 't.income', entity: 'person', type: 'number', period: 'year', consent: 'extended', source: 'tax-board', label: 'Income' });
export const size = defineParameter<TableValue>({ id: 't.line', label: 'Line by size', unit: 'KRW', values: [{ from: '2025-01-01', value: { minKey: 1, values: [100, 160, 200] }, source: 'Test Act art. 1' }] });
export const age = defineVariable({ id: 't.age', entity: 'person', type: 'number', label: 'Age', reference: 'Civil Act art. 158', formula: () => div(sub(periodMonth(), value(birth)), 12) });
export const adult = defineVariable({ id: 't.adult', entity: 'person', type: 'boolean', label: 'Adult', reference: 'Civil Act art. 4', formula: () => ge(value(age), 19) });
export const hhIncome = defineVariable({ id: 't.hh_income', entity: 'household', type: 'number', label: 'Household income', reference: 'Test Act art. 2', formula: () => sumMembers(value(income, 1), value(adult)) });
export const hhSize = defineVariable({ id: 't.hh_size', entity: 'household', type: 'number', label: 'Household size', reference: 'Test Act art. 2', formula: () => countMembers(true) });
export const poor = defineVariable({ id: 't.poor', entity: 'household', type: 'boolean', label: 'Low income', reference: 'Test Act art. 3', formula: () => le(value(hhIncome), lookup(size, value(hhSize))) });
export const eligible = defineVariable({ id: 't.eligible', entity: 'person', type: 'boolean', label: 'Eligible', reference: 'Test Act art. 4', formula: () => and(lt(value(age), 8), household(value(poor))) });
export const amount = defineVariable({ id: 't.amount', entity: 'person', type: 'number', label: 'Amount', reference: 'Test Act art. 5', formula: () => onlyIf(value(eligible), mul(add(value(age), 1), 10)) });
export const programme: Programme = { id: 't', name: 'Test', jurisdiction: 'KR', currency: 'KRW', year: 2026, agency: 'test', eligible, amount, sources: ['Test Act'] };

export const flag = defineInput({ id: 't.flag', entity: 'person', type: 'boolean', period: 'month', consent: 'basic', source: 'declared', label: 'Flag' });
export const rent = defineInput({ id: 't.rent', entity: 'household', type: 'number', period: 'month', consent: 'extended', source: 'declared', label: 'Rent' });
export const anyFlag = defineVariable({ id: 't.any_flag', entity: 'household', type: 'boolean', label: 'Any flag', reference: '-', formula: () => anyMember(value(flag)) });
export const allFlag = defineVariable({ id: 't.all_flag', entity: 'household', type: 'boolean', label: 'All flags', reference: '-', formula: () => allMembers(or(value(flag), not(value(adult)))) });
export const support = defineVariable({ id: 't.support', entity: 'household', type: 'number', label: 'Support', reference: '-', formula: () => when(value(anyFlag), floor(div(min(value(rent), 150), 7)), max(sub(value(hhIncome), value(rent)), 0)) });
export const bonus = defineVariable({ id: 't.bonus', entity: 'person', type: 'boolean', label: 'Bonus', reference: '-', formula: () => or(and(value(flag), household(value(allFlag))), eq(household(value(support)), 0)) });
export const mixed: Programme = { id: 'm', name: 'Mixed', jurisdiction: 'KR', currency: 'KRW', year: 2026, agency: 'test', eligible: bonus, amount: support, sources: [] };
