// SPDX-License-Identifier: Apache-2.0
// The rules DSL's types. A rule is an expression over one entity (a person or a household) that
// yields a number or a boolean; tsc checks entity and value type when rules are written, the
// compiler checks them again for rules built without the types (JSON, casts).

export type Entity = 'person' | 'household';
export type ValueType = 'number' | 'boolean';
export type Periodicity = 'month' | 'year';
/** Consent tiers chosen by the person, from the least to the most data shared. */
export type ConsentTier = 'basic' | 'extended' | 'financial';
export const CONSENT_TIERS: readonly ConsentTier[] = ['basic', 'extended', 'financial'];

/** Where an input comes from: the agency holding it, reached over the exchange. */
export type DataSource = 'population-register' | 'tax-board' | 'property-register' | 'social-insurance-board' | 'declared';

/** An input variable: a fact held by an agency, never computed here. */
export interface InputVariable<E extends Entity = Entity, T extends ValueType = ValueType> {
  readonly kind: 'input';
  readonly id: string;
  readonly entity: E;
  readonly type: T;
  readonly period: Periodicity;
  readonly consent: ConsentTier;
  readonly source: DataSource;
  readonly label: string;
  /** A month-valued input (birth month) is held as a month index, year × 12 + month − 1. */
  readonly month?: boolean;
}

/** A computed variable: a named rule, with its legal reference, shown in explanations. */
export interface Variable<E extends Entity = Entity, T extends ValueType = ValueType> {
  readonly kind: 'variable';
  readonly id: string;
  readonly entity: E;
  readonly type: T;
  readonly period: Periodicity;
  readonly label: string;
  readonly reference: string;
  readonly formula: () => Expr<E, T>;
}

/** One value of a parameter, in force from a date, with the legal source that set it. */
export interface ParameterValue<V> {
  readonly from: string;
  readonly value: V;
  readonly source: string;
}

/**
 * A parameter that changes over time. `reliability` says how far the figure is confirmed:
 * `official` from the law or the agency, `secondary` only from press reports, `unverified` a
 * placeholder to be confirmed (kept as a parameter so it can be corrected without a code change).
 */
export interface Parameter<V = number> {
  readonly kind: 'parameter';
  readonly id: string;
  readonly label: string;
  readonly unit: string;
  readonly reliability: 'official' | 'secondary' | 'unverified';
  readonly values: readonly ParameterValue<V>[];
}

/** A parameter table indexed by a small integer (household size, birth order): values[key − minKey]. */
export interface TableValue {
  readonly minKey: number;
  readonly values: readonly number[];
}

declare const entityBrand: unique symbol;
declare const typeBrand: unique symbol;

export type Op =
  | 'add' | 'sub' | 'mul' | 'div' | 'min' | 'max' | 'floor'
  | 'lt' | 'le' | 'gt' | 'ge' | 'eq' | 'ne'
  | 'and' | 'or' | 'not' | 'if';

export type AggregateOp = 'sum' | 'count' | 'any' | 'all';

/** The untyped expression tree the builders produce. */
export type RawExpr =
  | { readonly node: 'const'; readonly value: number; readonly type: ValueType }
  | { readonly node: 'period-month' }
  | { readonly node: 'input'; readonly input: InputVariable; readonly lag: number }
  | { readonly node: 'variable'; readonly variable: Variable; readonly lag: number }
  | { readonly node: 'parameter'; readonly parameter: Parameter }
  | { readonly node: 'lookup'; readonly parameter: Parameter<TableValue>; readonly key: RawExpr }
  | { readonly node: 'op'; readonly op: Op; readonly args: readonly RawExpr[] }
  | { readonly node: 'aggregate'; readonly op: AggregateOp; readonly arg: RawExpr; readonly where: RawExpr | undefined }
  | { readonly node: 'household'; readonly arg: RawExpr };

/**
 * A typed expression: the raw tree plus phantom entity and value types. TypeScript infers one
 * entity per call, so a person rule cannot mix in a household value (use `household(...)`).
 */
export type Expr<E extends Entity, T extends ValueType> = RawExpr & {
  readonly [entityBrand]?: E;
  readonly [typeBrand]?: T;
};

export type Num<E extends Entity> = Expr<E, 'number'> | number;
export type Bool<E extends Entity> = Expr<E, 'boolean'> | boolean;

/** A programme: a set of output variables under one name, with its jurisdiction and year. */
export interface Programme {
  readonly id: string;
  readonly name: string;
  readonly jurisdiction: 'KR' | 'EE';
  readonly currency: 'KRW' | 'EUR';
  readonly year: number;
  readonly agency: string;
  /** What the person is told: the eligibility variable, the amount variable and what the amount means. */
  readonly eligible: Variable<Entity, 'boolean'>;
  readonly amount?: Variable<Entity, 'number'>;
  readonly amountPer?: 'month' | 'year' | 'once' | 'loan';
  readonly extra?: readonly Variable[];
  readonly sources: readonly string[];
  /** Certificates the agency asks for with an application; the person may present them from their wallet instead of paper. */
  readonly evidence?: readonly 'household-register'[];
}
