// SPDX-License-Identifier: Apache-2.0
// 디딤돌 대출 Didimdol home-purchase loan: eligibility, loan limit and rate — "how much can I borrow".
import { and, countMembers, defineParameter, defineVariable, div, eq, floor, floorTo, ge, le, lookup, lt, max, min, mul, not, onlyIf, or, param, sub, sumMembers, value, when, add } from '../../engine/dsl.ts';
import { HOUSEHOLD_REGISTER } from '../common.ts';
import type { Parameter, Programme, TableValue } from '../../engine/types.ts';
import { age } from '../common.ts';
import { annualIncome, firstTimeBuyer, homeowner, householdRole, housePrice, newlywed, propertyValue, region } from '../inputs.ts';

const hf = 'Korea Housing Finance Corporation, Didimdol loan terms (hf.go.kr, Oct 2025)';
const krw = (id: string, label: string, v: number, reliability: Parameter['reliability'] = 'secondary') => defineParameter({ id, label, unit: 'KRW', reliability, values: [{ from: '2025-01-01', value: v, source: hf }] });
export const incomeGeneral = krw('kr.didimdol.income_limit', 'Household income limit', 60_000_000);
export const incomeFirstOrChildren = krw('kr.didimdol.income_limit_first_or_two_children', 'Income limit, first-time buyers or 2+ children', 70_000_000);
export const incomeNewlywed = krw('kr.didimdol.income_limit_newlywed', 'Income limit, newlyweds', 85_000_000, 'official');
export const assetLimit = krw('kr.didimdol.asset_limit', 'Net asset limit', 511_000_000, 'unverified');
export const priceGeneral = krw('kr.didimdol.price_limit', 'House price limit', 500_000_000);
export const priceNewlywed = krw('kr.didimdol.price_limit_newlywed_or_children', 'House price limit, newlyweds or 2+ children', 600_000_000);
export const loanGeneral = krw('kr.didimdol.loan_limit', 'Loan limit', 250_000_000);
export const loanFirst = krw('kr.didimdol.loan_limit_first', 'Loan limit, first-time buyers', 300_000_000);
export const loanNewlywed = krw('kr.didimdol.loan_limit_newlywed_or_children', 'Loan limit, newlyweds or 2+ children', 400_000_000);
export const ltv = defineParameter({ id: 'kr.didimdol.ltv', label: 'Loan-to-value', unit: 'ratio', reliability: 'secondary', values: [{ from: '2025-01-01', value: 0.7, source: hf }] });
export const ltvFirst = defineParameter({ id: 'kr.didimdol.ltv_first', label: 'Loan-to-value, first-time buyers', unit: 'ratio', reliability: 'secondary', values: [{ from: '2025-01-01', value: 0.8, source: hf }] });
/** Base rate by income band of 10M KRW (≤10M, ≤20M, … ≤90M); the ends (2.85%, 4.15%) are published, the steps between are not verified. */
export const rateBands = defineParameter<TableValue>({ id: 'kr.didimdol.rate_by_income_band', label: 'Base rate by household income band (10M KRW steps)', unit: '% per year', reliability: 'unverified',
  values: [{ from: '2025-10-01', value: { minKey: 0, values: [2.85, 2.85, 3.2, 3.2, 3.55, 3.55, 3.85, 4.15, 4.15] }, source: `${hf}: 2.85–4.15%` }] });
export const newlywedDiscount = defineParameter({ id: 'kr.didimdol.newlywed_discount', label: 'Rate discount for newlywed first-time buyers', unit: 'pp', values: [{ from: '2025-10-01', value: 0.3, source: `${hf}: newlywed first-time buyers 2.55–3.85%` }] });
export const regionDiscount = defineParameter({ id: 'kr.didimdol.non_capital_discount', label: 'Rate discount outside the capital region', unit: 'pp', values: [{ from: '2025-10-01', value: 0.2, source: hf }] });

const couple = or(eq(value(householdRole), 1), eq(value(householdRole), 2));
export const didimdolIncome = defineVariable({ id: 'didimdol.income', entity: 'household', type: 'number', label: "Head and spouse's income last year", reference: hf, formula: () => sumMembers(value(annualIncome, 1), couple) });
const twoChildren = defineVariable({ id: 'didimdol.two_children', entity: 'household', type: 'boolean', label: 'Two or more minor children', reference: hf, formula: () => ge(countMembers(and(eq(value(householdRole), 3), lt(value(age), 19))), 2) });
const preferred = defineVariable({ id: 'didimdol.preferred', entity: 'household', type: 'boolean', label: 'Newlywed or 2+ children', reference: hf, formula: () => or(value(newlywed), value(twoChildren)) });
export const didimdolEligible = defineVariable({ id: 'didimdol.eligible', entity: 'household', type: 'boolean', label: 'Didimdol loan: eligible', reference: `${hf}: no home, income, assets and price within limits`,
  formula: () => and(not(value(homeowner)),
    le(value(didimdolIncome), when(value(newlywed), param(incomeNewlywed), when(or(value(firstTimeBuyer), value(twoChildren)), param(incomeFirstOrChildren), param(incomeGeneral)))),
    le(value(propertyValue), param(assetLimit)),
    le(value(housePrice), when(value(preferred), param(priceNewlywed), param(priceGeneral)))) });
export const didimdolLimit = defineVariable({ id: 'didimdol.loan_limit', entity: 'household', type: 'number', label: 'Didimdol loan: how much you can borrow', reference: `${hf}: the lower of the product limit and LTV × price`,
  formula: () => onlyIf(value(didimdolEligible), floorTo(min(
    when(value(preferred), param(loanNewlywed), when(value(firstTimeBuyer), param(loanFirst), param(loanGeneral))),
    mul(value(housePrice), when(value(firstTimeBuyer), param(ltvFirst), param(ltv)))), 1_000_000)) });
export const didimdolRate = defineVariable({ id: 'didimdol.rate', entity: 'household', type: 'number', label: 'Didimdol loan: interest rate (% per year)', reference: hf,
  formula: () => onlyIf(value(didimdolEligible), div(floor(add(mul(sub(sub(
    lookup(rateBands, floor(div(max(sub(value(didimdolIncome), 1), 0), 10_000_000))),
    when(and(value(newlywed), value(firstTimeBuyer)), param(newlywedDiscount), 0)),
    when(eq(value(region), 1), 0, param(regionDiscount))), 100), 0.5)), 100)) });
export const didimdol: Programme = { id: 'kr.didimdol', name: 'Didimdol home-purchase loan (디딤돌 대출)', jurisdiction: 'KR', currency: 'KRW', year: 2025, agency: 'Korea Housing Finance Corporation', eligible: didimdolEligible, amount: didimdolLimit, amountPer: 'loan', extra: [didimdolRate], sources: [hf], evidence: HOUSEHOLD_REGISTER };
