// SPDX-License-Identifier: Apache-2.0
// @tessera/benefits: every public export by name.
export type {
  Entity, ValueType, Periodicity, ConsentTier, DataSource, InputVariable, Variable, Parameter, ParameterValue, TableValue, Expr, Num, Bool, Programme,
} from './domain/engine/types.ts';
export { CONSENT_TIERS } from './domain/engine/types.ts';
export {
  defineInput, defineVariable, defineParameter, value, param, lookup, periodMonth, add, sub, mul, div, min, max, floor, floorTo,
  lt, le, gt, ge, eq, ne, and, or, not, when, onlyIf, between, sumMembers, countMembers, anyMember, allMembers, household,
} from './domain/engine/dsl.ts';
export {
  RuleError, RuleCycle, RuleTypeError, RuleEntityError, RulePeriodError, ParameterMissing, RuleDivisor, RuleDuplicate, InvalidPeriod, PopulationInvalid, InputInvalid,
} from './domain/engine/errors.ts';
export { monthIndex, monthOf } from './domain/engine/period.ts';
export type { Graph, GraphNode } from './domain/engine/graph.ts';
export { programmeVariables } from './domain/engine/graph.ts';
export { compileRules } from './domain/engine/compile-rules.ts';
export type { HouseholdCase, MemberCase, InputValues, InputValue, EvaluationOptions } from './domain/engine/case.ts';
export { evaluatePerson, renderExplanation, type Outcome, type Explanation, type MissingInput, type Status } from './domain/engine/evaluate-person.ts';
export { evaluatePopulation } from './domain/engine/evaluate-population.ts';
export { buildColumnarKernel, type ColumnarKernel } from './domain/engine/columnar-kernel.ts';
export { checkPopulation, type Population, type PopulationResult } from './domain/engine/population.ts';
export { populationFromCases } from './domain/engine/population-from-cases.ts';
export { graphToSql, type SqlTables } from './domain/engine/to-sql.ts';
export { writePopulationTables } from './store/population-tables.ts';
export { evaluateInSql } from './store/evaluate-in-sql.ts';
export { startPopulationWorkers, type PopulationWorkers } from './runtime/population-workers.ts';
export { PROGRAMMES, ALL_PROGRAMMES, type ProgrammeId } from './domain/programmes/catalogue.ts';
export { type ProgrammeTestCase, member } from './domain/programmes/test-case.ts';
export { KOREAN_CASES } from './domain/programmes/kr/korean.cases.ts';
export { ESTONIAN_CASES } from './domain/programmes/ee/estonian.cases.ts';
export { runProgrammeTests, type TestCaseResult } from './store/run-programme-tests.ts';
