// SPDX-License-Identifier: Apache-2.0
// The rules DSL: builders for inputs, variables, parameters and expressions. Builders only build
// trees; `compileRules` checks and resolves them into one graph.
import type {
  AggregateOp, Bool, ConsentTier, DataSource, Entity, Expr, InputVariable, Num, Op, Parameter, ParameterValue,
  Periodicity, RawExpr, TableValue, ValueType, Variable,
} from './types.ts';

export function defineInput<E extends Entity, T extends ValueType>(spec: {
  id: string; entity: E; type: T; period: Periodicity; consent: ConsentTier; source: DataSource; label: string; month?: boolean;
}): InputVariable<E, T> {
  return { kind: 'input', ...spec };
}

export function defineVariable<E extends Entity, T extends ValueType>(spec: {
  id: string; entity: E; type: T; period?: Periodicity; label: string; reference: string; formula: () => Expr<NoInfer<E>, NoInfer<T>>;
}): Variable<E, T> {
  return { kind: 'variable', period: 'month', ...spec };
}

export function defineParameter<V = number>(spec: {
  id: string; label: string; unit: string; reliability?: Parameter['reliability']; values: ParameterValue<V>[];
}): Parameter<V> {
  return { kind: 'parameter', reliability: 'official', ...spec };
}

const lift = (x: RawExpr | number | boolean): RawExpr =>
  typeof x === 'number' ? { node: 'const', value: x, type: 'number' } : typeof x === 'boolean' ? { node: 'const', value: x ? 1 : 0, type: 'boolean' } : x;
const op = <E extends Entity, T extends ValueType>(name: Op, args: readonly (RawExpr | number | boolean)[]): Expr<E, T> =>
  ({ node: 'op', op: name, args: args.map(lift) });

/** Reads an input or a variable; `lag` periods back (a year input with lag 1 is last year's). */
export function value<E extends Entity, T extends ValueType>(v: InputVariable<E, T> | Variable<E, T>, lag = 0): Expr<E, T> {
  return (v.kind === 'input' ? { node: 'input', input: v, lag } : { node: 'variable', variable: v, lag });
}
/** A parameter's value in force at the start of the evaluated period. */
// Parameters and the current month belong to no entity: typed `any` so they fit person and household rules alike.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyEntity = any;
export const param = (p: Parameter): Expr<AnyEntity, 'number'> => ({ node: 'parameter', parameter: p });
/** A parameter table looked up by an integer key, clamped to the table's ends. */
export const lookup = <E extends Entity = never>(p: Parameter<TableValue>, key: Num<E>): Expr<E, 'number'> =>
  ({ node: 'lookup', parameter: p, key: lift(key) });
/** The evaluated month as a month index (year × 12 + month − 1), for ages and durations. */
export const periodMonth = (): Expr<AnyEntity, 'number'> => ({ node: 'period-month' });

export const add = <E extends Entity = never>(...xs: Num<E>[]): Expr<E, 'number'> => op('add', xs);
export const sub = <E extends Entity = never>(a: Num<E>, b: Num<E>): Expr<E, 'number'> => op('sub', [a, b]);
export const mul = <E extends Entity = never>(...xs: Num<E>[]): Expr<E, 'number'> => op('mul', xs);
/** Division by a constant or a parameter only (checked at compile time), so no row divides by zero. */
export const div = <E extends Entity = never>(a: Num<E>, b: Num<E>): Expr<E, 'number'> => op('div', [a, b]);
export const min = <E extends Entity = never>(...xs: Num<E>[]): Expr<E, 'number'> => op('min', xs);
export const max = <E extends Entity = never>(...xs: Num<E>[]): Expr<E, 'number'> => op('max', xs);
export const floor = <E extends Entity = never>(a: Num<E>): Expr<E, 'number'> => op('floor', [a]);
/** Truncates down to a multiple of `unit` (Korean benefits drop amounts below 10 won). */
export const floorTo = <E extends Entity = never>(a: Num<E>, unit: number): Expr<E, 'number'> => mul(floor(div(a, unit)), unit);
export const lt = <E extends Entity = never>(a: Num<E>, b: Num<E>): Expr<E, 'boolean'> => op('lt', [a, b]);
export const le = <E extends Entity = never>(a: Num<E>, b: Num<E>): Expr<E, 'boolean'> => op('le', [a, b]);
export const gt = <E extends Entity = never>(a: Num<E>, b: Num<E>): Expr<E, 'boolean'> => op('gt', [a, b]);
export const ge = <E extends Entity = never>(a: Num<E>, b: Num<E>): Expr<E, 'boolean'> => op('ge', [a, b]);
export const eq = <E extends Entity = never>(a: Num<E>, b: Num<E>): Expr<E, 'boolean'> => op('eq', [a, b]);
export const ne = <E extends Entity = never>(a: Num<E>, b: Num<E>): Expr<E, 'boolean'> => op('ne', [a, b]);
/** Three-valued (Kleene) logic: false and unknown is false, true or unknown is true. */
export const and = <E extends Entity = never>(...xs: Bool<E>[]): Expr<E, 'boolean'> => op('and', xs);
export const or = <E extends Entity = never>(...xs: Bool<E>[]): Expr<E, 'boolean'> => op('or', xs);
export const not = <E extends Entity = never>(a: Bool<E>): Expr<E, 'boolean'> => op('not', [a]);
export function when<E extends Entity = never, T extends ValueType = ValueType>(cond: Bool<E>, then: Expr<E, T> | (T extends 'number' ? number : boolean), otherwise: Expr<E, T> | (T extends 'number' ? number : boolean)): Expr<E, T> {
  return op('if', [cond, then, otherwise]);
}
/** `amount` when `cond` holds, else 0. */
export const onlyIf = <E extends Entity = never>(cond: Bool<E>, amount: Num<E>): Expr<E, 'number'> => when<E, 'number'>(cond, amount, 0);
export const between = <E extends Entity = never>(x: Num<E>, low: Num<E>, high: Num<E>): Expr<E, 'boolean'> => and(ge(x, low), le(x, high));

const aggregate = <T extends ValueType>(name: AggregateOp, arg: RawExpr | number | boolean, where?: Bool<'person'>): Expr<'household', T> =>
  ({ node: 'aggregate', op: name, arg: lift(arg), where: where === undefined ? undefined : lift(where) });
/** Household sum of a person value over the members for whom `where` holds. */
export const sumMembers = (x: Num<'person'>, where?: Bool<'person'>): Expr<'household', 'number'> => aggregate('sum', x, where);
export const countMembers = (where: Bool<'person'>): Expr<'household', 'number'> => aggregate('count', true, where);
export const anyMember = (x: Bool<'person'>): Expr<'household', 'boolean'> => aggregate('any', x);
export const allMembers = (x: Bool<'person'>): Expr<'household', 'boolean'> => aggregate('all', x);
/** A person's household's value. */
export const household = <T extends ValueType>(x: Expr<'household', T>): Expr<'person', T> => ({ node: 'household', arg: x });
