// SPDX-License-Identifier: Apache-2.0
import type { Graph, GraphNode, InputNode } from './graph.ts';
import { programmeVariables } from './graph.ts';
import { ParameterMissing, RuleCycle, RuleDivisor, RuleDuplicate, RuleEntityError, RulePeriodError, RuleTypeError } from '../../benefits-errors.ts';
import { monthIndex, monthStart, periodKey } from './period.ts';
import type { Entity, Parameter, ParameterValue, Periodicity, Programme, RawExpr, ValueType, Variable } from './types.ts';

interface Context {
  readonly entity: Entity;
  readonly periodicity: Periodicity;
  /** The month the current rule is evaluated for (January for a yearly rule). */
  readonly month: number;
  readonly where: string;
}

type NodeBody = GraphNode extends infer N ? N extends GraphNode ? Omit<N, 'id'> : never : never;

const NUMERIC = new Set(['add', 'sub', 'mul', 'div', 'min', 'max', 'floor']);
const COMPARE = new Set(['lt', 'le', 'gt', 'ge', 'eq', 'ne']);

/**
 * Compiles programmes into one expression graph for one month. Refuses, with a stable code,
 * rules that depend on themselves (ERR_RULE_CYCLE), mix value types (ERR_RULE_TYPE) or entities
 * (ERR_RULE_ENTITY), read a monthly value from a yearly rule (ERR_RULE_PERIOD), divide by a
 * non-constant (ERR_RULE_DIVISOR), reuse an id (ERR_RULE_DUPLICATE), or need a parameter with
 * no value in force at the start of that month (ERR_PARAMETER_MISSING).
 */
export function compileRules(programmes: readonly Programme[], period: string, extra: readonly Variable[] = [], options: {
  /** Values to use instead of some parameters' published ones (a policy author's draft), by parameter id. */
  readonly parameterValues?: ReadonlyMap<string, readonly ParameterValue<unknown>[]>;
} = {}): Graph {
  const month = monthIndex(period);
  const instant = monthStart(month);
  const nodes: GraphNode[] = [];
  const byKey = new Map<string, number>();
  const compiledVariables = new Map<string, number>();
  const declared = new Map<string, Variable | Parameter | object>();
  const inProgress: string[] = [];
  const columns = new Map<string, InputNode>();
  const ids = new Set<string>();
  for (const p of programmes) {
    if (ids.has(p.id)) throw new RuleDuplicate(`Two programmes are named ${p.id}.`, p.id);
    ids.add(p.id);
  }

  function claim(id: string, thing: Variable | Parameter | object, where: string): void {
    const seen = declared.get(id);
    if (seen !== undefined && seen !== thing) throw new RuleDuplicate(`Two different definitions use the id ${id}.`, where);
    declared.set(id, thing);
  }

  function intern(body: NodeBody, key: string): number {
    const found = byKey.get(key);
    if (found !== undefined) return found;
    const id = nodes.length;
    nodes.push({ ...body, id });
    byKey.set(key, id);
    if (body.kind === 'input') columns.set(body.column, nodes[id] as InputNode);
    return id;
  }

  const typeOf = (id: number): ValueType => (nodes[id] as GraphNode).type;
  const expectType = (id: number, type: ValueType, ctx: Context, what: string): void => {
    if (typeOf(id) !== type) throw new RuleTypeError(`${what} needs a ${type}, got a ${typeOf(id)}.`, ctx.where);
  };

  function resolve<V>(p: Parameter<V>, ctx: Context): ParameterValue<V> {
    claim(p.id, p, ctx.where);
    let chosen: ParameterValue<V> | undefined;
    const values = (options.parameterValues?.get(p.id) ?? p.values) as readonly ParameterValue<V>[];
    for (const v of values) if (v.from <= instant && (!chosen || v.from > chosen.from)) chosen = v;
    if (!chosen) throw new ParameterMissing(`Parameter ${p.id} has no value in force on ${instant}.`, `${ctx.where} → ${p.id}`);
    return chosen;
  }

  function compileVariable(v: Variable, ctx: Context, lag: number): number {
    if (!Number.isInteger(lag) || lag < 0) throw new RulePeriodError(`Lag must be a whole number ≥ 0 (${v.id}).`, ctx.where);
    if (v.entity !== ctx.entity) throw new RuleEntityError(`${v.id} is a ${v.entity} value, used in a ${ctx.entity} rule.`, ctx.where);
    if (ctx.periodicity === 'year' && v.period === 'month') throw new RulePeriodError(`Yearly rule reads monthly ${v.id}.`, ctx.where);
    claim(v.id, v, ctx.where);
    const vMonth = v.period === 'month' ? ctx.month - lag : (Math.floor(ctx.month / 12) - lag) * 12;
    const periodText = periodKey(v.period, vMonth, 0);
    const key = `${v.id}@${periodText}`;
    const done = compiledVariables.get(key);
    if (done !== undefined) return done;
    if (inProgress.includes(key)) throw new RuleCycle(`Rules depend on themselves: ${[...inProgress.slice(inProgress.indexOf(key)), key].join(' → ')}.`, key);
    inProgress.push(key);
    const arg = compileExpr(v.formula(), { entity: v.entity, periodicity: v.period, month: vMonth, where: v.id });
    inProgress.pop();
    if (typeOf(arg) !== v.type) throw new RuleTypeError(`${v.id} is declared ${v.type} but its formula gives a ${typeOf(arg)}.`, v.id);
    const id = intern({ kind: 'variable', variable: v, period: periodText, arg, entity: v.entity, type: v.type }, `var:${key}`);
    compiledVariables.set(key, id);
    return id;
  }

  function compileExpr(e: RawExpr, ctx: Context): number {
    switch (e.node) {
      case 'const':
        if (!Number.isFinite(e.value)) throw new RuleTypeError('Constants must be finite numbers.', ctx.where);
        return intern({ kind: 'const', value: e.value, entity: ctx.entity, type: e.type }, `c:${ctx.entity}:${e.type}:${e.value}`);
      case 'period-month':
        if (ctx.periodicity !== 'month') throw new RulePeriodError('The current month is only defined in a monthly rule.', ctx.where);
        return intern({ kind: 'const', value: ctx.month, entity: ctx.entity, type: 'number' }, `c:${ctx.entity}:number:${ctx.month}`);
      case 'input': {
        const input = e.input;
        if (input.entity !== ctx.entity) throw new RuleEntityError(`${input.id} is a ${input.entity} input, used in a ${ctx.entity} rule.`, ctx.where);
        if (ctx.periodicity === 'year' && input.period === 'month') throw new RulePeriodError(`Yearly rule reads monthly input ${input.id}.`, ctx.where);
        if (!Number.isInteger(e.lag) || e.lag < 0) throw new RulePeriodError(`Lag must be a whole number ≥ 0 (${input.id}).`, ctx.where);
        claim(input.id, input, ctx.where);
        const period = periodKey(input.period, ctx.month, e.lag);
        const column = `${input.id}@${period}`;
        return intern({ kind: 'input', input, period, column, entity: input.entity, type: input.type }, `in:${column}`);
      }
      case 'variable':
        return compileVariable(e.variable, ctx, e.lag);
      case 'parameter': {
        const version = resolve(e.parameter, ctx);
        if (typeof version.value !== 'number' || !Number.isFinite(version.value)) throw new RuleTypeError(`Parameter ${e.parameter.id} is not a number.`, ctx.where);
        return intern({ kind: 'param', parameter: e.parameter, value: version.value, version, entity: ctx.entity, type: 'number' }, `p:${ctx.entity}:${e.parameter.id}:${version.from}`);
      }
      case 'lookup': {
        const version = resolve(e.parameter, ctx);
        const table = version.value;
        if (!table || typeof table !== 'object' || !Number.isInteger(table.minKey) || !Array.isArray(table.values) || table.values.length === 0 || !table.values.every((x) => typeof x === 'number' && Number.isFinite(x)))
          throw new RuleTypeError(`Parameter ${e.parameter.id} is not a table.`, ctx.where);
        const key = compileExpr(e.key, ctx);
        expectType(key, 'number', ctx, `Lookup in ${e.parameter.id}`);
        return intern({ kind: 'lookup', parameter: e.parameter, table, version, key, entity: ctx.entity, type: 'number' }, `l:${e.parameter.id}:${version.from}:${key}`);
      }
      case 'op': {
        const args = e.args.map((a) => compileExpr(a, ctx));
        let type: ValueType;
        if (e.op === 'if') {
          if (args.length !== 3) throw new RuleTypeError('when() takes a condition and two branches.', ctx.where);
          expectType(args[0] as number, 'boolean', ctx, 'A condition');
          type = typeOf(args[1] as number);
          expectType(args[2] as number, type, ctx, 'Both branches of when()');
        } else {
          const arity = e.op === 'not' || e.op === 'floor' ? 1 : COMPARE.has(e.op) || e.op === 'sub' || e.op === 'div' ? 2 : -1;
          if (arity > 0 ? args.length !== arity : args.length < 1) throw new RuleTypeError(`${e.op} got ${args.length} arguments.`, ctx.where);
          const argType: ValueType = NUMERIC.has(e.op) || COMPARE.has(e.op) ? 'number' : 'boolean';
          for (const a of args) expectType(a, argType, ctx, `${e.op}`);
          type = NUMERIC.has(e.op) ? 'number' : 'boolean';
          if (e.op === 'div') {
            const d = nodes[args[1] as number] as GraphNode;
            if ((d.kind !== 'const' && d.kind !== 'param') || d.value === 0) throw new RuleDivisor('Division only by a non-zero constant or parameter.', ctx.where);
          }
        }
        if (args.length === 1 && (e.op === 'add' || e.op === 'mul' || e.op === 'min' || e.op === 'max' || e.op === 'and' || e.op === 'or')) return args[0] as number;
        return intern({ kind: 'op', op: e.op, args, entity: ctx.entity, type }, `o:${e.op}:${args.join(',')}`);
      }
      case 'aggregate': {
        if (ctx.entity !== 'household') throw new RuleEntityError('Members can only be aggregated in a household rule.', ctx.where);
        const inner: Context = { ...ctx, entity: 'person' };
        const arg = compileExpr(e.arg, inner);
        expectType(arg, e.op === 'sum' ? 'number' : 'boolean', inner, `${e.op} over members`);
        const where = e.where === undefined ? undefined : compileExpr(e.where, inner);
        if (where !== undefined) expectType(where, 'boolean', inner, 'A member filter');
        return intern({ kind: 'aggregate', op: e.op, arg, where, entity: 'household', type: e.op === 'sum' || e.op === 'count' ? 'number' : 'boolean' }, `a:${e.op}:${arg}:${where ?? ''}`);
      }
      case 'household': {
        if (ctx.entity !== 'person') throw new RuleEntityError('household() is for person rules.', ctx.where);
        const arg = compileExpr(e.arg, { ...ctx, entity: 'household' });
        return intern({ kind: 'household', arg, entity: 'person', type: typeOf(arg) }, `h:${arg}`);
      }
      default:
        throw new RuleTypeError(`Unknown expression ${(e as { node?: unknown }).node as string}.`, ctx.where);
    }
  }

  for (const v of [...programmeVariables(programmes), ...extra]) {
    compileVariable(v, { entity: v.entity, periodicity: v.period, month: v.period === 'month' ? month : Math.floor(month / 12) * 12, where: v.id }, 0);
  }
  const variables = new Map<string, number>();
  for (const [key, id] of compiledVariables) {
    const [vid, p] = key.split('@') as [string, string];
    const node = nodes[id] as Extract<GraphNode, { kind: 'variable' }>;
    if (p === periodKey(node.variable.period, month, 0)) variables.set(vid, id);
  }
  return { period, monthIndex: month, nodes, variables, columns, programmes };
}
