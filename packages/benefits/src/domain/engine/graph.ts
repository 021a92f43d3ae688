// SPDX-License-Identifier: Apache-2.0
import type { AggregateOp, Entity, InputVariable, Op, Parameter, ParameterValue, Programme, TableValue, ValueType, Variable } from './types.ts';

/**
 * One node of the compiled expression graph. Identical sub-expressions are one node, so every
 * way of running the graph computes each thing once. Booleans are 0/1; unknown is NaN in
 * JavaScript and NULL in SQL.
 */
export type GraphNode = { readonly id: number; readonly entity: Entity; readonly type: ValueType } & (
  | { readonly kind: 'const'; readonly value: number }
  | { readonly kind: 'input'; readonly input: InputVariable; readonly period: string; readonly column: string }
  | { readonly kind: 'param'; readonly parameter: Parameter; readonly value: number; readonly version: ParameterValue<number> }
  | { readonly kind: 'lookup'; readonly parameter: Parameter<TableValue>; readonly table: TableValue; readonly version: ParameterValue<TableValue>; readonly key: number }
  | { readonly kind: 'op'; readonly op: Op; readonly args: readonly number[] }
  | { readonly kind: 'aggregate'; readonly op: AggregateOp; readonly arg: number; readonly where: number | undefined }
  | { readonly kind: 'household'; readonly arg: number }
  | { readonly kind: 'variable'; readonly variable: Variable; readonly period: string; readonly arg: number }
);

export interface Graph {
  /** The evaluated month, YYYY-MM, and its month index. */
  readonly period: string;
  readonly monthIndex: number;
  readonly nodes: readonly GraphNode[];
  /** Every compiled variable at the evaluated period, by id. */
  readonly variables: ReadonlyMap<string, number>;
  /** Input columns the graph reads, by column name `input@period`. */
  readonly columns: ReadonlyMap<string, Extract<GraphNode, { kind: 'input' }>>;
  readonly programmes: readonly Programme[];
}

export type InputNode = Extract<GraphNode, { kind: 'input' }>;

/** The output variables of the given programmes (eligibility, amount, extras), in order. */
export function programmeVariables(programmes: readonly Programme[]): Variable[] {
  const out: Variable[] = [];
  for (const p of programmes) {
    out.push(p.eligible);
    if (p.amount) out.push(p.amount);
    for (const v of p.extra ?? []) out.push(v);
  }
  return out;
}
