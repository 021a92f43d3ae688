// SPDX-License-Identifier: Apache-2.0
import type { EvaluationOptions, HouseholdCase, InputValue, InputValues } from './case.ts';
import { InputInvalid, GraphNodeUnsupported } from '../../benefits-errors.ts';
import type { Graph, GraphNode, InputNode } from './graph.ts';
import { monthIndex, periodKey } from './period.ts';
import type { ConsentTier } from './types.ts';

/** Where a value lives: a member by index, or the household (−1). */
export type Holder = number;
export const HOUSEHOLD: Holder = -1;

export interface Interpretation {
  readonly graph: Graph;
  readonly case: HouseholdCase;
  /** The node's value for a member (index) or the household (−1); NaN when it cannot be told. */
  value(node: number, holder: Holder): number;
  /** Why an input is unknown: not given, or its consent tier not granted. */
  inputGap(node: InputNode, holder: Holder): { consent?: ConsentTier } | undefined;
  /** The members each holder aggregates over. */
  readonly members: readonly number[];
}

function readRaw(values: InputValues | undefined, node: InputNode, currentPeriod: string): InputValue | undefined {
  const raw = values?.[node.input.id];
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'object') return raw[node.period];
  return node.period === currentPeriod ? raw : undefined;
}

/** Converts one given value to the graph's number form, refusing values of the wrong type. */
export function inputNumber(node: InputNode, raw: InputValue, where: string): number {
  const { input } = node;
  if (input.month) {
    if (typeof raw !== 'string') throw new InputInvalid(`${input.id} of ${where} must be a month YYYY-MM.`);
    try {
      return monthIndex(raw);
    } catch {
      throw new InputInvalid(`${input.id} of ${where} must be a month YYYY-MM.`);
    }
  }
  if (input.type === 'boolean') {
    if (typeof raw !== 'boolean') throw new InputInvalid(`${input.id} of ${where} must be true or false.`);
    return raw ? 1 : 0;
  }
  if (typeof raw !== 'number' || !Number.isFinite(raw)) throw new InputInvalid(`${input.id} of ${where} must be a finite number.`);
  return raw;
}

/**
 * Evaluates the graph for one household, lazily and memoised, in three-valued logic: an input
 * not given, or given under a consent tier not granted, is unknown (NaN), and only the rules
 * that actually need it become unknown. Nothing defaults to zero.
 */
export function interpretCase(graph: Graph, household: HouseholdCase, options: EvaluationOptions): Interpretation {
  const memberCount = household.members.length;
  const memo = new Map<number, Float64Array>();
  const granted = new Set(options.consents);
  const members = household.members.map((_, i) => i);

  const slot = (holder: Holder) => (holder === HOUSEHOLD ? memberCount : holder);
  const inputsOf = (holder: Holder) => (holder === HOUSEHOLD ? household.inputs : household.members[holder]?.inputs);
  const current = (node: InputNode) => periodKey(node.input.period, graph.monthIndex, 0);

  function inputGap(node: InputNode, holder: Holder): { consent?: ConsentTier } | undefined {
    if (!granted.has(node.input.consent)) return { consent: node.input.consent };
    return readRaw(inputsOf(holder), node, current(node)) === undefined ? {} : undefined;
  }

  function compute(n: GraphNode, holder: Holder): number {
    switch (n.kind) {
      case 'const':
      case 'param':
        return n.value;
      case 'input': {
        if (!granted.has(n.input.consent)) return NaN;
        const raw = readRaw(inputsOf(holder), n, current(n));
        return raw === undefined ? NaN : inputNumber(n, raw, holder === HOUSEHOLD ? 'the household' : (household.members[holder]?.id ?? '?'));
      }
      case 'lookup': {
        const k = value(n.key, holder);
        if (Number.isNaN(k)) return NaN;
        const i = Math.min(Math.max(Math.floor(k) - n.table.minKey, 0), n.table.values.length - 1);
        return n.table.values[i] as number;
      }
      case 'variable':
        return value(n.arg, holder);
      case 'household':
        return value(n.arg, HOUSEHOLD);
      case 'aggregate':
        return aggregate(n, members.map((m) => [n.where === undefined ? 1 : value(n.where, m), value(n.arg, m)]));
      case 'op':
        return applyOp(n.op, n.args.map((a) => () => value(a, holder)));
    }
  }

  function value(node: number, holder: Holder): number {
    let column = memo.get(node);
    if (!column) {
      column = new Float64Array(memberCount + 1).fill(Number.NEGATIVE_INFINITY);
      memo.set(node, column);
    }
    const s = slot(holder);
    // -Infinity marks "not computed yet": no rule value can be -Infinity (constants are finite).
    if (column[s] === Number.NEGATIVE_INFINITY) column[s] = compute(graph.nodes[node] as GraphNode, holder);
    return column[s] as number;
  }

  return { graph, case: household, value, inputGap, members };
}

/** Aggregates [filter, value] pairs; unknown if any filter is unknown or any counted value is. */
export function aggregate(n: Extract<GraphNode, { kind: 'aggregate' }>, pairs: Array<[number, number]>): number {
  switch (n.op) {
    case 'sum':
    case 'count': {
      let s = 0;
      for (const [f, x] of pairs) {
        if (f === 1) s += n.op === 'count' ? 1 : x;
        else if (Number.isNaN(f)) s = NaN;
      }
      return s;
    }
    case 'any': {
      let a = 0;
      for (const [, x] of pairs) {
        if (x === 1) return 1;
        if (Number.isNaN(x)) a = NaN;
      }
      return a;
    }
    case 'all': {
      let a = 1;
      for (const [, x] of pairs) {
        if (x === 0) return 0;
        if (Number.isNaN(x)) a = NaN;
      }
      return a;
    }
  }
}

/** One operation in three-valued logic; arguments are thunks so `and`/`or`/`if` read only what they need. */
export function applyOp(op: string, args: Array<() => number>): number {
  const a = (i: number) => (args[i] as () => number)();
  switch (op) {
    case 'add': return args.reduce((s, x) => s + x(), 0);
    case 'mul': return args.reduce((s, x) => s * x(), 1);
    case 'sub': return a(0) - a(1);
    case 'div': return a(0) / a(1);
    case 'min': return Math.min(...args.map((x) => x()));
    case 'max': return Math.max(...args.map((x) => x()));
    case 'floor': return Math.floor(a(0));
    case 'not': return 1 - a(0);
    case 'lt': case 'le': case 'gt': case 'ge': case 'eq': case 'ne': {
      const x = a(0);
      const y = a(1);
      if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
      const r = op === 'lt' ? x < y : op === 'le' ? x <= y : op === 'gt' ? x > y : op === 'ge' ? x >= y : op === 'eq' ? x === y : x !== y;
      return r ? 1 : 0;
    }
    case 'and': {
      let r = 1;
      for (const x of args) {
        const v = x();
        if (v === 0) return 0;
        if (Number.isNaN(v)) r = NaN;
      }
      return r;
    }
    case 'or': {
      let r = 0;
      for (const x of args) {
        const v = x();
        if (v === 1) return 1;
        if (Number.isNaN(v)) r = NaN;
      }
      return r;
    }
    case 'if': {
      const c = a(0);
      if (Number.isNaN(c)) return NaN;
      return c === 1 ? a(1) : a(2);
    }
    default:
      throw new GraphNodeUnsupported('interpreter', String(op));
  }
}
