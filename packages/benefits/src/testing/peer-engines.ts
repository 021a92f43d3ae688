// SPDX-License-Identifier: Apache-2.0
// The same compiled rules run by two peer engines, json-logic-js and publicodes, so the bench can
// compare speed on the same people and check that all three engines give the same answers.
//
// Both translations are mechanical, node by node, from the one expression graph: nothing is
// simplified for them and nothing is computed outside them except what each engine cannot express
// itself (said where it happens). Unknown stays unknown in both: null in json-logic, an unset
// question (undefined) in publicodes, with the same three-valued and/or as our kernel.
import jsonLogic, { type RulesLogic } from 'json-logic-js';
import Engine from 'publicodes';
import type { Graph, GraphNode } from '../domain/engine/graph.ts';
import type { Population } from '../domain/engine/population.ts';
import { dependencies } from '../domain/engine/schedule.ts';
import { GraphNodeUnsupported, PeerEngineUnsupported } from '../benefits-errors.ts';

/** Per output node: one value per person or per household (NaN for cannot tell), as our runners give. */
export type PeerResult = Map<number, Float64Array>;

const COMPARE = { lt: '<', le: '<=', gt: '>', ge: '>=', eq: '===', ne: '!==' } as const;
const PUBLICODES_COMPARE = { lt: '<', le: '<=', gt: '>', ge: '>=', eq: '=', ne: '!=' } as const;

/** A node's value as read by others: variables and household reads are aliases, not computations. */
function resolve(graph: Graph, id: number): number {
  let n = graph.nodes[id] as GraphNode;
  while (n.kind === 'variable') n = graph.nodes[n.arg] as GraphNode;
  return n.id;
}

function checkOrder(graph: Graph): void {
  for (const n of graph.nodes) for (const d of dependencies(n)) if (d >= n.id) throw new PeerEngineUnsupported(`a graph whose node ${n.id} reads a later node ${d}`);
}

/** Nodes each engine must compute itself: everything but constants, parameters, inputs and aliases. */
const computed = (n: GraphNode) => n.kind === 'op' || n.kind === 'lookup' || n.kind === 'aggregate';

// ---------------------------------------------------------------------------------------------
// json-logic-js
// ---------------------------------------------------------------------------------------------

type Logic = RulesLogic | number | null;
let floorAdded = false;

/**
 * json-logic rules, one per computed node, applied in graph order to one household's data: the
 * household object (inputs, computed values, `members`) and one object per member (inputs,
 * computed values, `hh` its household). json-logic has no let-binding, so the driver stores each
 * rule's result under `n<id>` for the rules that read it; aggregates are json-logic `reduce` over
 * `members`. json-logic has no floor, so `floor` is added with `add_operation` (its extension point).
 */
export function jsonLogicRunner(graph: Graph, outputs: readonly number[]) {
  checkOrder(graph);
  if (!floorAdded) {
    jsonLogic.add_operation('floor', Math.floor);
    floorAdded = true;
  }
  const ref = (d: number, prefix: string): Logic => {
    const n = graph.nodes[resolve(graph, d)] as GraphNode;
    if (n.kind === 'const' || n.kind === 'param') return n.value;
    if (n.kind === 'household') return ref(n.arg, `${prefix}hh.`);
    return { var: `${prefix}n${n.id}` } as Logic;
  };
  const isNull = (x: Logic) => ({ '==': [x, null] }) as Logic;
  const nullIfAny = (xs: Logic[], expr: Logic): Logic => {
    const checks = xs.filter((x) => typeof x !== 'number').map(isNull);
    return checks.length === 0 ? expr : ({ if: [{ or: checks }, null, expr] } as Logic);
  };
  const rule = (n: GraphNode): Logic => {
    switch (n.kind) {
      case 'lookup': {
        const k = ref(n.key, '');
        const branches: Logic[] = [];
        n.table.values.forEach((v, i) => {
          if (i < n.table.values.length - 1) branches.push({ '<': [k, n.table.minKey + i + 1] } as Logic, v);
          else branches.push(v);
        });
        return { if: [isNull(k), null, ...branches] } as Logic;
      }
      case 'aggregate': {
        const x: Logic = n.op === 'count' ? 1 : ref(n.arg, 'current.');
        const acc = { var: 'accumulator' } as Logic;
        let step: Logic;
        if (n.op === 'sum' || n.op === 'count') {
          const add = nullIfAny([acc, x], { '+': [acc, x] } as Logic);
          step = n.where === undefined ? add : ({ if: [isNull(ref(n.where, 'current.')), null, { '===': [ref(n.where, 'current.'), 1] }, add, acc] } as Logic);
        } else if (n.op === 'any') step = { if: [{ '===': [x, 1] }, 1, isNull(x), { if: [{ '===': [acc, 1] }, 1, null] }, acc] } as Logic;
        else step = { if: [{ '===': [x, 0] }, 0, isNull(x), { if: [{ '===': [acc, 0] }, 0, null] }, acc] } as Logic;
        return { reduce: [{ var: 'members' }, step, n.op === 'all' ? 1 : 0] } as Logic;
      }
      case 'op': {
        const a = n.args.map((d) => ref(d, ''));
        switch (n.op) {
          case 'add': return nullIfAny(a, { '+': a } as Logic);
          case 'mul': return nullIfAny(a, { '*': a } as Logic);
          case 'sub': return nullIfAny(a, { '-': a } as Logic);
          case 'div': return nullIfAny(a, { '/': a } as Logic);
          case 'min': return nullIfAny(a, { min: a } as Logic);
          case 'max': return nullIfAny(a, { max: a } as Logic);
          case 'floor': return nullIfAny(a, { floor: a } as unknown as Logic);
          case 'not': return nullIfAny(a, { '-': [1, a[0]] } as Logic);
          case 'and': return { if: [{ or: a.map((x) => ({ '===': [x, 0] })) }, 0, { and: a.map((x) => ({ '===': [x, 1] })) }, 1, null] } as Logic;
          case 'or': return { if: [{ or: a.map((x) => ({ '===': [x, 1] })) }, 1, { and: a.map((x) => ({ '===': [x, 0] })) }, 0, null] } as Logic;
          case 'if': return { if: [isNull(a[0]!), null, { '===': [a[0], 1] }, a[1], a[2]] } as Logic;
          default: return nullIfAny(a, { if: [{ [COMPARE[n.op]]: [a[0], a[1]] }, 1, 0] } as Logic);
        }
      }
      default: throw new GraphNodeUnsupported('json-logic peer', n.kind);
    }
  };
  const steps = graph.nodes.filter(computed).map((n) => ({ key: `n${n.id}`, person: n.entity === 'person', logic: rule(n) as RulesLogic }));
  const inputs = [...graph.columns.values()].map((n) => ({ key: `n${n.id}`, column: n.column, person: n.entity === 'person' }));
  const outs = outputs.map((o) => ({ node: o, key: `n${resolveOutput(graph, o)}`, person: (graph.nodes[o] as GraphNode).entity === 'person' }));
  return {
    rules: steps.length,
    evaluate(population: Population): PeerResult {
      const result: PeerResult = new Map(outs.map((o) => [o.node, new Float64Array(o.person ? population.persons : population.households)]));
      const cols = inputs.map((c) => ({ ...c, values: population.columns.get(c.column)! }));
      for (let h = 0, p = 0; h < population.households; h++) {
        const hh: Record<string, unknown> = { members: [] };
        const members = hh.members as Record<string, unknown>[];
        const first = p;
        while (p < population.persons && population.household[p] === h) members.push({ hh, i: p++ });
        for (const c of cols) {
          if (!c.person) hh[c.key] = nullOf(c.values[h]!);
          else members.forEach((m, k) => (m[c.key] = nullOf(c.values[first + k]!)));
        }
        for (const s of steps) {
          if (!s.person) hh[s.key] = jsonLogic.apply(s.logic, hh);
          else for (const m of members) m[s.key] = jsonLogic.apply(s.logic, m);
        }
        for (const o of outs) {
          const out = result.get(o.node)!;
          if (!o.person) out[h] = numberOf(hh[o.key]);
          else members.forEach((m, k) => (out[first + k] = numberOf(m[o.key])));
        }
      }
      return result;
    },
  };
}

/** An output that is itself an alias (a variable of a variable, or a household value read by a person). */
function resolveOutput(graph: Graph, o: number): number {
  const n = graph.nodes[resolve(graph, o)] as GraphNode;
  if (n.kind === 'household') throw new PeerEngineUnsupported(`output ${o}, a household value read by a person (evaluate it on the household)`);
  return n.id;
}

const nullOf = (v: number) => (Number.isNaN(v) ? null : v);
const numberOf = (v: unknown) => (typeof v === 'number' ? v : NaN);

// ---------------------------------------------------------------------------------------------
// publicodes
// ---------------------------------------------------------------------------------------------

/**
 * publicodes rules for one household of up to `slots` members: household values are rules
 * `h<id>`, a member's values `p<slot>n<id>`, each slot with its presence `m<slot>` (publicodes has
 * no lists, so an aggregate is the sum over the slots of terms that are 0 for an absent member).
 * Booleans are 0/1 numbers throughout, as in our kernel; an unknown value is a question left
 * unanswered (`inconnu` or an input missing from the situation). publicodes has no floor: it is
 * `arrondi: 0 décimales` of x − 0.5. Its `le minimum de` warned of a cycle in 1.10, so min/max are
 * conditions over pairs.
 */
export function publicodesRunner(graph: Graph, outputs: readonly number[], slots: number) {
  checkOrder(graph);
  const rules: Record<string, unknown> = { inconnu: { question: 'Inconnu' } };
  for (let k = 1; k <= slots; k++) rules[`m${k}`] = { question: `Membre ${k} présent` };
  const lit = (v: number) => {
    const s = String(v);
    if (/e/i.test(s)) throw new PeerEngineUnsupported(`the literal ${s} in publicodes`);
    return v < 0 ? `(0 - ${s.slice(1)})` : s;
  };
  const name = (id: number, slot: number) => ((graph.nodes[id] as GraphNode).entity === 'household' ? `h${id}` : `p${slot}n${id}`);
  const ref = (d: number, slot: number): string => {
    const n = graph.nodes[resolve(graph, d)] as GraphNode;
    if (n.kind === 'const' || n.kind === 'param') return lit(n.value);
    if (n.kind === 'household') return ref(n.arg, 0);
    return name(n.id, slot);
  };
  const cond = (si: unknown, alors: unknown, sinon: unknown) => ({ condition: { si, alors, sinon } });
  const threeValued = (args: string[], decisive: 0 | 1) => cond({ 'une de ces conditions': args.map((a) => `${a} = ${decisive}`) }, decisive,
    cond({ 'toutes ces conditions': args.map((a) => `${a} = ${1 - decisive}`) }, 1 - decisive, 'inconnu'));
  const define = (key: string, n: GraphNode, slot: number) => {
    switch (n.kind) {
      case 'input': rules[key] = { question: n.column }; return;
      case 'lookup': {
        const k = ref(n.key, slot);
        const vs = n.table.values;
        rules[key] = { variations: vs.map((v, i) => (i < vs.length - 1 ? { si: `${k} < ${lit(n.table.minKey + i + 1)}`, alors: lit(v) } : { sinon: lit(v) })) };
        return;
      }
      case 'aggregate': {
        const terms: string[] = [];
        for (let s = 1; s <= slots; s++) {
          const term = `${key}t${s}`;
          terms.push(term);
          const x = n.op === 'count' ? '1' : ref(n.arg, s);
          const absent = n.op === 'all' ? 1 : 0;
          rules[term] = cond(`m${s} = 1`, n.where === undefined || n.op === 'any' || n.op === 'all' ? x : cond(`${ref(n.where, s)} = 1`, x, 0), absent);
        }
        rules[key] = n.op === 'sum' || n.op === 'count' ? { valeur: terms.join(' + ') } : threeValued(terms, n.op === 'any' ? 1 : 0);
        return;
      }
      case 'op': {
        const a = n.args.map((d) => ref(d, slot));
        const pairwise = (better: '<' | '>') => {
          let acc = a[0]!;
          for (let i = 1; i < a.length; i++) {
            const k = i === a.length - 1 ? key : `${key}x${i}`;
            rules[k] = cond(`${acc} ${better} ${a[i]}`, acc, a[i]);
            acc = k;
          }
          if (a.length === 1) rules[key] = { valeur: acc };
        };
        switch (n.op) {
          case 'add': rules[key] = { valeur: a.join(' + ') }; return;
          case 'mul': rules[key] = { valeur: a.join(' * ') }; return;
          case 'sub': rules[key] = { valeur: `${a[0]} - ${a[1]}` }; return;
          case 'div': rules[key] = { valeur: `${a[0]} / ${a[1]}` }; return;
          case 'min': pairwise('<'); return;
          case 'max': pairwise('>'); return;
          case 'floor': rules[key] = { valeur: `${a[0]} - 0.5`, arrondi: '0 décimales' }; return;
          case 'not': rules[key] = { valeur: `1 - ${a[0]}` }; return;
          case 'and': rules[key] = threeValued(a, 0); return;
          case 'or': rules[key] = threeValued(a, 1); return;
          case 'if': rules[key] = cond(`${a[0]} = 1`, a[1], a[2]); return;
          default: rules[key] = cond(`${a[0]} ${PUBLICODES_COMPARE[n.op]} ${a[1]}`, 1, 0); return;
        }
      }
      default: return;
    }
  };
  for (const n of graph.nodes) {
    if (!(computed(n) || n.kind === 'input')) continue;
    if (n.entity === 'household') define(`h${n.id}`, n, 0);
    else for (let s = 1; s <= slots; s++) define(`p${s}n${n.id}`, n, s);
  }
  const engine = new Engine(rules as never, { logger: { log() {}, warn() {}, error: console.error } });
  const inputs = [...graph.columns.values()];
  const outs = outputs.map((o) => ({ node: o, id: resolveOutput(graph, o), person: (graph.nodes[o] as GraphNode).entity === 'person' }));
  return {
    rules: Object.keys(rules).length,
    evaluate(population: Population): PeerResult {
      const result: PeerResult = new Map(outs.map((o) => [o.node, new Float64Array(o.person ? population.persons : population.households)]));
      const cols = inputs.map((n) => ({ n, values: population.columns.get(n.column)! }));
      for (let h = 0, p = 0; h < population.households; h++) {
        const first = p;
        while (p < population.persons && population.household[p] === h) p++;
        const size = p - first;
        if (size > slots) throw new PeerEngineUnsupported(`a household of ${size}, more than the ${slots} member slots`);
        const situation: Record<string, number> = {};
        for (let s = 1; s <= slots; s++) situation[`m${s}`] = s <= size ? 1 : 0;
        for (const { n, values } of cols) {
          if (n.entity === 'household') {
            if (!Number.isNaN(values[h]!)) situation[`h${n.id}`] = values[h]!;
          } else for (let s = 1; s <= size; s++) if (!Number.isNaN(values[first + s - 1]!)) situation[`p${s}n${n.id}`] = values[first + s - 1]!;
        }
        engine.setSituation(situation as never);
        for (const o of outs) {
          const out = result.get(o.node)!;
          if (!o.person) out[h] = numberOf(engine.evaluate(`h${o.id}`).nodeValue);
          else for (let s = 1; s <= size; s++) out[first + s - 1] = numberOf(engine.evaluate(`p${s}n${o.id}`).nodeValue);
        }
      }
      return result;
    },
  };
}

/** The largest household of a population: the slots publicodes needs. */
export function largestHousehold(population: Population): number {
  let max = 0;
  for (let i = 0, run = 0; i < population.persons; i++) {
    run = i > 0 && population.household[i] === population.household[i - 1] ? run + 1 : 1;
    if (run > max) max = run;
  }
  return max;
}
