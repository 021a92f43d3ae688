// SPDX-License-Identifier: Apache-2.0
// The facts the programmes read, each from the agency that holds it, under the consent tier it needs.
import { defineInput } from '../engine/dsl.ts';

// Population register (basic tier): age and household.
export const birthMonth = defineInput({ id: 'birth_month', entity: 'person', type: 'number', month: true, period: 'month', consent: 'basic', source: 'population-register', label: 'Month of birth' });
/** 1 head of household, 2 spouse, 3 child, 4 other relative. */
export const householdRole = defineInput({ id: 'household_role', entity: 'person', type: 'number', period: 'month', consent: 'basic', source: 'population-register', label: 'Role in the household (1 head, 2 spouse, 3 child, 4 other)' });
export const birthOrder = defineInput({ id: 'birth_order', entity: 'person', type: 'number', period: 'month', consent: 'basic', source: 'population-register', label: "Child's birth order among the mother's children" });
export const multipleBirth = defineInput({ id: 'multiple_birth', entity: 'person', type: 'number', period: 'month', consent: 'basic', source: 'population-register', label: 'Children born together (1 single, 2 twins, 3 triplets …)' });
export const studying = defineInput({ id: 'studying', entity: 'person', type: 'boolean', period: 'month', consent: 'basic', source: 'population-register', label: 'In general or vocational education' });
export const livesApartFromParents = defineInput({ id: 'lives_apart_from_parents', entity: 'person', type: 'boolean', period: 'month', consent: 'basic', source: 'population-register', label: 'Registered at an address apart from the parents' });
/** 1 capital region (Seoul, Incheon, Gyeonggi), 2 elsewhere. */
export const region = defineInput({ id: 'region', entity: 'household', type: 'number', period: 'month', consent: 'basic', source: 'population-register', label: 'Region (1 capital region, 2 elsewhere)' });
export const depopulatingArea = defineInput({ id: 'depopulating_area', entity: 'household', type: 'boolean', period: 'month', consent: 'basic', source: 'population-register', label: 'Lives in a designated depopulating area' });
export const newlywed = defineInput({ id: 'newlywed', entity: 'household', type: 'boolean', period: 'month', consent: 'basic', source: 'population-register', label: 'Married within the last 7 years' });
export const parentsHouseholdSize = defineInput({ id: 'parents_household_size', entity: 'person', type: 'number', period: 'month', consent: 'basic', source: 'population-register', label: "Size of the parents' household" });

// Tax board and social insurance (extended tier): income.
export const earnedIncome = defineInput({ id: 'earned_income_monthly', entity: 'person', type: 'number', period: 'month', consent: 'extended', source: 'tax-board', label: 'Earned income this month' });
export const otherIncome = defineInput({ id: 'other_income_monthly', entity: 'person', type: 'number', period: 'month', consent: 'extended', source: 'tax-board', label: 'Other income this month (business, property, pensions, transfers)' });
export const annualIncome = defineInput({ id: 'total_income', entity: 'person', type: 'number', period: 'year', consent: 'extended', source: 'tax-board', label: 'Total income of the year' });
export const parentsIncome = defineInput({ id: 'parents_household_income_monthly', entity: 'person', type: 'number', period: 'month', consent: 'extended', source: 'tax-board', label: "Parents' household recognised income per month" });
export const parentalReferenceIncome = defineInput({ id: 'parental_reference_income', entity: 'person', type: 'number', period: 'month', consent: 'extended', source: 'social-insurance-board', label: 'Average monthly income of the 12-month reference period' });
export const onParentalLeave = defineInput({ id: 'on_parental_leave', entity: 'person', type: 'boolean', period: 'month', consent: 'basic', source: 'social-insurance-board', label: 'On parental leave this month' });

// Property register (extended tier).
export const propertyValue = defineInput({ id: 'property_value', entity: 'household', type: 'number', period: 'month', consent: 'extended', source: 'property-register', label: 'Net property of the household (assets minus debts)' });
export const monthlyRent = defineInput({ id: 'monthly_rent', entity: 'household', type: 'number', period: 'month', consent: 'extended', source: 'property-register', label: 'Monthly rent under the registered lease' });

// Financial tier: home-purchase loan capacity.
export const homeowner = defineInput({ id: 'homeowner', entity: 'household', type: 'boolean', period: 'month', consent: 'financial', source: 'property-register', label: 'Someone in the household owns a home' });
export const firstTimeBuyer = defineInput({ id: 'first_time_buyer', entity: 'household', type: 'boolean', period: 'month', consent: 'financial', source: 'property-register', label: 'No one in the household has ever owned a home' });
export const housePrice = defineInput({ id: 'house_price', entity: 'household', type: 'number', period: 'month', consent: 'financial', source: 'declared', label: 'Price of the home to buy' });
